import { renderPhrase } from '../../src/shared/l10n/phrase';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { AnyAuthMethod, AuthenticationType, ParsedKey } from 'ssh2';
import { createAuthHandler, type AuthPrompts, type LoginTarget } from '../../src/core/ssh/authHandler';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ssh');

/** Calls the handler as ssh2 does and returns what it chose (`false` = give up). */
function ask(
  handler: ReturnType<typeof createAuthHandler>['handler'],
  left: AuthenticationType[] | null,
): Promise<AnyAuthMethod | false> {
  return new Promise((resolve) =>
    handler(left as AuthenticationType[], false, (m) => resolve(m as AnyAuthMethod | false)),
  );
}

function login(target: Partial<LoginTarget>, prompts: AuthPrompts = {}) {
  let pauses = 0;
  const built = createAuthHandler(
    { user: 'admin', where: 'admin@203.0.113.7:22', identityFiles: [], identitiesOnly: false, ...target },
    prompts,
    { readFile: (p) => readFile(p), duringPrompt: (p) => (pauses++, p()), keyCache: new Map<string, ParsedKey>() },
  );
  return { ...built, pauses: () => pauses };
}

const ALL: AuthenticationType[] = ['publickey', 'keyboard-interactive', 'password'];

describe('createAuthHandler', () => {
  test('order: none, IdentityFile keys, keyboard-interactive, then password', async () => {
    const l = login(
      { identityFiles: [join(FIXTURES, 'plain_ed25519'), join(FIXTURES, 'missing_key')] },
      { keyboardInteractive: async () => ['otp'], promptPassword: async () => 'secret' },
    );
    const chosen: string[] = [];
    let m = await ask(l.handler, null);
    while (m !== false) {
      chosen.push(m.type);
      m = await ask(l.handler, ALL);
    }
    assert.deepEqual(chosen, ['none', 'publickey', 'keyboard-interactive', 'password', 'password', 'password']);
    assert.equal(l.pauses(), 3); // each password prompt stops the connect timer
  });

  test('methods the server does not offer are skipped without prompting', async () => {
    const l = login(
      { identityFiles: [join(FIXTURES, 'encrypted_ed25519')] },
      { promptPassphrase: async () => assert.fail('asked'), promptPassword: async () => assert.fail('asked') },
    );
    const first = await ask(l.handler, null);
    assert.ok(first !== false && first.type === 'none');
    assert.equal(await ask(l.handler, ['keyboard-interactive']), false);
  });

  test('an encrypted key is decrypted with the prompted passphrase, with the timer paused', async () => {
    const l = login(
      { identityFiles: [join(FIXTURES, 'encrypted_ed25519')] },
      { promptPassphrase: async () => 'fixture passphrase' },
    );
    await ask(l.handler, null);
    const m = await ask(l.handler, ['publickey']);
    assert.ok(m !== false && m.type === 'publickey');
    assert.equal(l.pauses(), 1);
  });

  test('a dismissed prompt ends the login and is remembered as a cancel', async () => {
    const l = login({}, { promptPassword: async () => undefined });
    await ask(l.handler, null);
    assert.equal(await ask(l.handler, ['password']), false);
    assert.equal(l.notes.cancelled, true);
  });

  test('keyboard-interactive answers come from the prompt; a cancel answers nothing', async () => {
    const rounds: unknown[] = [];
    const l = login(
      {},
      { keyboardInteractive: async (_w, round) => (rounds.push(round), rounds.length === 1 ? ['123456'] : undefined) },
    );
    await ask(l.handler, null);
    const m = await ask(l.handler, ['keyboard-interactive']);
    assert.ok(m !== false && m.type === 'keyboard-interactive');
    const answer = (prompt: string): Promise<string[]> =>
      new Promise((resolve) =>
        (m as Extract<AnyAuthMethod, { type: 'keyboard-interactive' }>).prompt(
          '',
          '',
          '',
          [{ prompt, echo: false }],
          resolve,
        ),
      );
    assert.deepEqual(await answer('Verification code: '), ['123456']);
    assert.deepEqual(rounds[0], {
      name: '',
      instructions: '',
      prompts: [{ prompt: 'Verification code: ', echo: false }],
    });
    assert.deepEqual(await answer('Again: '), []);
    assert.equal(l.notes.cancelled, true);
  });

  test('IdentitiesOnly without any readable key offers no agent', async () => {
    const l = login({
      identitiesOnly: true,
      identityFiles: [join(FIXTURES, 'missing_key')],
      agentPath: '/nonexistent/agent.sock',
    });
    await ask(l.handler, null);
    assert.equal(await ask(l.handler, ['publickey']), false);
  });

  test('a file that is not a private key leaves a note for the failure message', async () => {
    const l = login({ identityFiles: [join(FIXTURES, 'README.md')] });
    await ask(l.handler, null);
    assert.equal(await ask(l.handler, ['publickey']), false);
    assert.equal(l.notes.notes.length, 1);
    assert.match(renderPhrase(l.notes.notes[0]!), /cannot be read as a private key/);
  });
});
