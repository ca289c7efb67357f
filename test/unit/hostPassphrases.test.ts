/**
 * Remembering key passphrases is opt-in: with the setting off nothing is stored; with it on a passphrase is
 * stored under the key's SHA256 fingerprint (not its path), reused once, and forgotten when it was wrong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { l10nT, useFakeVscode } from './fakeVscode';

function fakeSecrets() {
  const store = new Map<string, string>();
  return {
    store,
    secrets: {
      get: async (k: string) => store.get(k),
      store: async (k: string, v: string) => void store.set(k, v),
      delete: async (k: string) => void store.delete(k),
      onDidChange: () => ({ dispose() {} }),
    },
  };
}

function fakeState() {
  const m = new Map<string, unknown>();
  return {
    get: (k: string) => m.get(k),
    update: async (k: string, v: unknown) => void m.set(k, v),
    keys: () => [...m.keys()],
  };
}

test('passphrases are remembered only when the user opted in, by key fingerprint, and forgotten when wrong', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-pass-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const keyPath = join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'right', '-f', keyPath]);
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${keyPath}.pub`], { encoding: 'utf8' }).split(' ')[1];

  const typed: string[] = [];
  const asked: string[] = [];
  const fakeVscode = {
    window: { showInputBox: async (o: { prompt: string }) => (asked.push(o.prompt), typed.shift()) },
    l10n: { t: l10nT },
  };
  useFakeVscode(t, fakeVscode);
  const { createSessionPrompts } = await import('../../src/host/prompts/sessionPrompts');
  const { RememberedPassphrases } = await import('../../src/host/prompts/rememberedPassphrases');
  const log = { info() {}, warn() {}, error() {} } as unknown as Parameters<typeof createSessionPrompts>[0];
  const { store, secrets } = fakeSecrets();
  const state = fakeState();
  let enabled = false;
  const remembered = new RememberedPassphrases(secrets as never, state as never, () => enabled);
  const prompts = createSessionPrompts(log, remembered);

  typed.push('right');
  assert.equal(await prompts.passphrase!(keyPath, false), 'right');
  assert.equal(store.size, 0, 'off by default: nothing is stored');

  enabled = true;
  typed.push('wrong');
  assert.equal(await prompts.passphrase!(keyPath, false), 'wrong');
  assert.deepEqual(
    [...store.keys()],
    [`vpsDoctor.passphrase.${fingerprint}`],
    'stored under the SHA256 fingerprint of the key',
  );
  asked.length = 0;
  // The stored one was wrong: it is forgotten and the user is asked; the right answer replaces it.
  typed.push('right');
  assert.equal(await prompts.passphrase!(keyPath, true), 'right');
  assert.equal(asked.length, 1);
  assert.equal(store.get(`vpsDoctor.passphrase.${fingerprint}`), 'right');
  // Next session: used without asking.
  asked.length = 0;
  assert.equal(await prompts.passphrase!(keyPath, false), 'right');
  assert.equal(asked.length, 0);
  assert.equal(await remembered.forgetAll(), 1);
  assert.equal(store.size, 0);
});
