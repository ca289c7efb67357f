import { utils, type ParsedKey } from 'ssh2';
import { isSecurityKeyType, readOpenSshKeyHeader } from './openSshKeyHeader';
import { phrase, type Phrase } from '../../shared/l10n/phrase';

/** Passphrase tries per key file before we give up on it (OpenSSH asks up to 3 times too). */
export const MAX_PASSPHRASE_TRIES = 3;

/** What loading one IdentityFile gave. */
export type IdentityOutcome =
  | { kind: 'key'; key: ParsedKey }
  /** Unusable; `note` (when set) is worth telling the user if login then fails. */
  | { kind: 'skip'; note?: Phrase }
  /** Encrypted, but the agent holds the same key: let the agent sign instead of asking. */
  | { kind: 'inAgent' }
  | { kind: 'cancelled' };

export interface IdentityDeps {
  readFile(path: string): Promise<Buffer>;
  /** Asks for a key's passphrase; `undefined` means the user cancelled. Never logged, never stored on disk. */
  promptPassphrase?: (keyPath: string, previousWasWrong: boolean) => Promise<string | undefined>;
  /** Runs a prompt with the connect timer paused. */
  duringPrompt<T>(prompt: () => Promise<T>): Promise<T>;
  /** Whether the agent already holds the key with this public blob. */
  agentHolds(publicBlob: Buffer): Promise<boolean>;
  /** Decrypted keys by path, kept in memory for the connection's life so reconnects do not ask again. */
  cache: Map<string, ParsedKey>;
}

function firstKey(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
  // OpenSSH's newer format stores one key per file; ssh2 returns it in an array.
  return Array.isArray(parsed) ? (parsed[0] ?? new Error('no key in file')) : parsed;
}

/**
 * Loads an IdentityFile for public-key authentication. Keys are parsed with `utils.parseKey`
 * before use because `Client.connect()` throws on an encrypted key without a passphrase
 * (docs/security.md §1.4). A missing file is skipped silently, as OpenSSH does.
 */
export async function loadIdentity(path: string, deps: IdentityDeps): Promise<IdentityOutcome> {
  const cached = deps.cache.get(path);
  if (cached) return { kind: 'key', key: cached };
  let data: Buffer;
  try {
    data = await deps.readFile(path);
  } catch {
    return { kind: 'skip' };
  }
  const header = readOpenSshKeyHeader(data.toString('latin1'));
  if (header && isSecurityKeyType(header.keyType)) {
    return {
      kind: 'skip',
      note: phrase(
        '{0} is a FIDO security key ({1}), which the SSH library VPS Doctor uses cannot sign with, directly or through an agent. Add an ordinary ed25519 key for this host (keep it in your ssh-agent if it has a passphrase).',
        path,
        header.keyType,
      ),
    };
  }
  const plain = firstKey(utils.parseKey(data));
  if (!(plain instanceof Error))
    return plain.isPrivateKey()
      ? { kind: 'key', key: plain }
      : { kind: 'skip', note: phrase('{0} holds no private key.', path) };
  if (!/no passphrase given/i.test(plain.message))
    return { kind: 'skip', note: phrase('{0} cannot be read as a private key ({1}).', path, plain.message) };
  if (header && (await deps.agentHolds(header.publicBlob))) return { kind: 'inAgent' };
  return decrypt(path, data, deps);
}

async function decrypt(path: string, data: Buffer, deps: IdentityDeps): Promise<IdentityOutcome> {
  const ask = deps.promptPassphrase;
  if (!ask)
    return {
      kind: 'skip',
      note: phrase('{0} has a passphrase; load it into ssh-agent (ssh-add) so VPS Doctor can use it.', path),
    };
  let wrong = false;
  for (let i = 0; i < MAX_PASSPHRASE_TRIES; i++) {
    const passphrase = await deps.duringPrompt(() => ask(path, wrong));
    if (passphrase === undefined) return { kind: 'cancelled' };
    const key = firstKey(utils.parseKey(data, passphrase));
    if (!(key instanceof Error)) {
      deps.cache.set(path, key);
      return { kind: 'key', key };
    }
    if (!/bad passphrase/i.test(key.message))
      return { kind: 'skip', note: phrase('{0} cannot be decrypted ({1}).', path, key.message) };
    wrong = true;
  }
  return { kind: 'skip', note: phrase('Wrong passphrase for {0} ({1} tries).', path, MAX_PASSPHRASE_TRIES) };
}

/**
 * The public blob of an IdentityFile without decrypting it: from the OpenSSH header, else from
 * the `.pub` file beside it. Used to let only matching agent keys through under IdentitiesOnly.
 */
export async function identityPublicBlob(
  path: string,
  readFile: (p: string) => Promise<Buffer>,
): Promise<Buffer | undefined> {
  const data = await readFile(path).catch(() => undefined);
  if (data) {
    const header = readOpenSshKeyHeader(data.toString('latin1'));
    if (header) return header.publicBlob;
    const plain = firstKey(utils.parseKey(data));
    if (!(plain instanceof Error)) return plain.getPublicSSH();
  }
  const pub = await readFile(`${path}.pub`).then(
    (d) => d.toString('utf8').trim().split(/\s+/)[1],
    () => undefined,
  );
  return pub ? Buffer.from(pub, 'base64') : undefined;
}
