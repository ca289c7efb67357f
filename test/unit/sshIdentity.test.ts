import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { renderPhrase, type Phrase } from '../../src/shared/l10n/phrase';
import type { ParsedKey } from 'ssh2';
import { resolveAgentPath, WINDOWS_OPENSSH_AGENT_PIPE } from '../../src/core/ssh/agentIdentities';
import {
  identityPublicBlob,
  loadIdentity,
  MAX_PASSPHRASE_TRIES,
  type IdentityDeps,
} from '../../src/core/ssh/identityFile';
import { isSecurityKeyType, readOpenSshKeyHeader } from '../../src/core/ssh/openSshKeyHeader';

const noteText = (p: Phrase | undefined): string => (p === undefined ? '' : renderPhrase(p));

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ssh');
const fixture = (name: string): string => join(FIXTURES, name);
const PASSPHRASE = 'fixture passphrase';

function sshString(b: Buffer | string): Buffer {
  const body = Buffer.from(b);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

/** An OpenSSH-format FIDO key file as `ssh-keygen -t ed25519-sk` writes it (no hardware needed to build one). */
function securityKeyFile(): { text: string; blob: Buffer } {
  const blob = Buffer.concat([
    sshString('sk-ssh-ed25519@openssh.com'),
    sshString(Buffer.alloc(32, 7)),
    sshString('ssh:'),
  ]);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const raw = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    count,
    sshString(blob),
    sshString(Buffer.alloc(64)),
  ]);
  const body = raw.toString('base64').replace(/.{70}/g, '$&\n');
  return { text: `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`, blob };
}

const pubBlob = async (name: string): Promise<Buffer> =>
  Buffer.from((await readFile(fixture(name), 'utf8')).split(' ')[1], 'base64');

describe('readOpenSshKeyHeader', () => {
  test('reads the type and the public key from OpenSSH-format files, encrypted or not', async () => {
    const plain = readOpenSshKeyHeader(await readFile(fixture('plain_ed25519'), 'latin1'));
    const enc = readOpenSshKeyHeader(await readFile(fixture('encrypted_ed25519'), 'latin1'));
    assert.equal(plain?.keyType, 'ssh-ed25519');
    assert.equal(enc?.keyType, 'ssh-ed25519');
    assert.ok(enc?.publicBlob.equals(await pubBlob('encrypted_ed25519.pub')));
  });

  test('recognises a FIDO key', () => {
    const sk = securityKeyFile();
    const h = readOpenSshKeyHeader(sk.text);
    assert.equal(h?.keyType, 'sk-ssh-ed25519@openssh.com');
    assert.ok(h && isSecurityKeyType(h.keyType) && h.publicBlob.equals(sk.blob));
  });

  test('PEM files and damaged files have no header', async () => {
    assert.equal(readOpenSshKeyHeader(await readFile(fixture('encrypted_rsa_pem'), 'latin1')), undefined);
    assert.equal(
      readOpenSshKeyHeader('-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----'),
      undefined,
    );
  });

  test('property: any bytes inside the armour give a header or undefined, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, withMagic) => {
        const raw = Buffer.concat([
          withMagic ? Buffer.from('openssh-key-v1\0', 'latin1') : Buffer.alloc(0),
          Buffer.from(bytes),
        ]);
        const h = readOpenSshKeyHeader(
          `-----BEGIN OPENSSH PRIVATE KEY-----\n${raw.toString('base64')}\n-----END OPENSSH PRIVATE KEY-----`,
        );
        assert.ok(h === undefined || typeof h.keyType === 'string');
      }),
      { numRuns: 200 },
    );
  });
});

describe('loadIdentity', () => {
  const deps = (over: Partial<IdentityDeps> = {}): IdentityDeps & { asked: [string, boolean][] } => {
    const asked: [string, boolean][] = [];
    return {
      readFile: (p) => readFile(p),
      duringPrompt: (p) => p(),
      agentHolds: async () => false,
      cache: new Map<string, ParsedKey>(),
      asked,
      ...over,
    };
  };

  test('an unencrypted key loads without a prompt', async () => {
    const r = await loadIdentity(
      fixture('plain_ed25519'),
      deps({ promptPassphrase: async () => assert.fail('asked') }),
    );
    assert.equal(r.kind, 'key');
    assert.ok(r.kind === 'key' && r.key.getPublicSSH().equals(await pubBlob('plain_ed25519.pub')));
  });

  for (const name of ['encrypted_ed25519', 'encrypted_rsa_pem']) {
    test(`${name}: a wrong passphrase is asked again, the right one is cached in memory`, async () => {
      const answers = ['nope', PASSPHRASE];
      const asked: [string, boolean][] = [];
      const d = deps({ promptPassphrase: async (p, wrong) => (asked.push([p, wrong]), answers.shift()) });
      const r = await loadIdentity(fixture(name), d);
      assert.equal(r.kind, 'key');
      assert.deepEqual(asked, [
        [fixture(name), false],
        [fixture(name), true],
      ]);
      assert.equal((await loadIdentity(fixture(name), d)).kind, 'key');
      assert.equal(asked.length, 2);
    });
  }

  test('passphrase tries are bounded', async () => {
    let asked = 0;
    const r = await loadIdentity(
      fixture('encrypted_ed25519'),
      deps({ promptPassphrase: async () => (asked++, 'wrong') }),
    );
    assert.equal(asked, MAX_PASSPHRASE_TRIES);
    assert.ok(r.kind === 'skip' && /Wrong passphrase/.test(noteText(r.note)));
  });

  test('a dismissed prompt is a cancel', async () => {
    assert.equal(
      (await loadIdentity(fixture('encrypted_ed25519'), deps({ promptPassphrase: async () => undefined }))).kind,
      'cancelled',
    );
  });

  test('without a prompt an encrypted key is skipped with advice to use the agent', async () => {
    const r = await loadIdentity(fixture('encrypted_ed25519'), deps());
    assert.ok(r.kind === 'skip' && /ssh-agent/.test(noteText(r.note)));
  });

  test('an encrypted key the agent already holds is left to the agent, unasked', async () => {
    const blob = await pubBlob('encrypted_ed25519.pub');
    const r = await loadIdentity(
      fixture('encrypted_ed25519'),
      deps({ agentHolds: async (b) => b.equals(blob), promptPassphrase: async () => assert.fail('asked') }),
    );
    assert.equal(r.kind, 'inAgent');
  });

  test('a FIDO key is skipped with a clear note', async () => {
    const sk = securityKeyFile();
    const r = await loadIdentity('/keys/id_ed25519_sk', deps({ readFile: async () => Buffer.from(sk.text) }));
    assert.ok(r.kind === 'skip' && /FIDO security key/.test(noteText(r.note)) && /agent/.test(noteText(r.note)));
  });

  test('a missing file is skipped silently, as OpenSSH does', async () => {
    assert.deepEqual(await loadIdentity(fixture('does_not_exist'), deps()), { kind: 'skip' });
  });

  test('a public blob is found without decrypting: header, parsed key, or .pub', async () => {
    const read = (p: string): Promise<Buffer> => readFile(p);
    assert.ok(
      (await identityPublicBlob(fixture('encrypted_ed25519'), read))?.equals(await pubBlob('encrypted_ed25519.pub')),
    );
    assert.ok((await identityPublicBlob(fixture('plain_ed25519'), read))?.equals(await pubBlob('plain_ed25519.pub')));
    assert.ok(
      (await identityPublicBlob(fixture('encrypted_rsa_pem'), read))?.equals(await pubBlob('encrypted_rsa_pem.pub')),
    );
    assert.equal(await identityPublicBlob(fixture('does_not_exist'), read), undefined);
  });
});

describe('resolveAgentPath', () => {
  const env = { SSH_AUTH_SOCK: '/run/user/1000/agent.sock', MY_AGENT: '/tmp/mine.sock' };
  const cases: [string | undefined, Record<string, string | undefined>, string, string | undefined][] = [
    [undefined, env, 'linux', '/run/user/1000/agent.sock'],
    ['none', env, 'linux', undefined],
    ['SSH_AUTH_SOCK', env, 'linux', '/run/user/1000/agent.sock'],
    ['$MY_AGENT', env, 'linux', '/tmp/mine.sock'],
    ['${MY_AGENT}', env, 'linux', '/tmp/mine.sock'],
    ['/home/u/.1password/agent.sock', env, 'darwin', '/home/u/.1password/agent.sock'],
    [undefined, {}, 'linux', undefined],
    [undefined, {}, 'win32', WINDOWS_OPENSSH_AGENT_PIPE],
    [undefined, { SSH_AUTH_SOCK: '' }, 'linux', undefined],
  ];
  for (const [identityAgent, e, platform, expected] of cases) {
    test(`IdentityAgent ${identityAgent ?? '(unset)'} on ${platform} -> ${expected ?? 'no agent'}`, () => {
      assert.equal(resolveAgentPath(identityAgent, e, platform), expected);
    });
  }
  test('the Windows pipe is the OpenSSH agent pipe', () => {
    assert.equal(WINDOWS_OPENSSH_AGENT_PIPE, String.raw`\\.\pipe\openssh-ssh-agent`);
  });
});
