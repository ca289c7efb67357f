import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type * as vscode from 'vscode';
import { loadLazy } from '../lazyLoad';

const INDEX_KEY = 'vpsDoctor.rememberedPassphrases';

/**
 * Key passphrases remembered in VS Code's SecretStorage, only when the user opted in
 * (`vpsDoctor.ssh.rememberPassphrases`). Entries are keyed by the key's SHA256 fingerprint, not by its
 * file path (docs/security.md §3.3), so a different key at the same path never gets the old one.
 * SecretStorage cannot list its keys on the VS Code versions we support, so the keys we stored are
 * indexed in globalState (fingerprints only, never secrets) for "Forget Remembered Passphrases".
 */
export class RememberedPassphrases {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    readonly enabled: () => boolean,
  ) {}

  /** The storage key for a key file, from its public key; undefined when it cannot be read. */
  async keyFor(keyPath: string): Promise<string | undefined> {
    const { identityPublicBlob } = await loadLazy();
    const blob = await identityPublicBlob(keyPath, (p) => readFile(p));
    if (!blob) return undefined;
    return `vpsDoctor.passphrase.SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  }

  get(key: string): Thenable<string | undefined> {
    return this.secrets.get(key);
  }

  async store(key: string, passphrase: string): Promise<void> {
    await this.secrets.store(key, passphrase);
    const index = this.index();
    if (!index.includes(key)) await this.state.update(INDEX_KEY, [...index, key]);
  }

  async forget(key: string): Promise<void> {
    await this.secrets.delete(key);
    await this.state.update(
      INDEX_KEY,
      this.index().filter((k) => k !== key),
    );
  }

  /** Deletes every remembered passphrase; returns how many there were. */
  async forgetAll(): Promise<number> {
    const index = this.index();
    for (const key of index) await this.secrets.delete(key);
    await this.state.update(INDEX_KEY, []);
    return index.length;
  }

  private index(): string[] {
    const v = this.state.get<unknown>(INDEX_KEY);
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
  }
}
