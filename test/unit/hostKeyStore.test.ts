import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createHostKeyStore } from '../../src/core/ssh/hostKeyStore';
import { checkHostKey, parseKnownHosts } from '../../src/core/ssh/knownHosts';
import { makeKeys, STANDARD_KEYS, sshKeygenFind, type TestKey } from './knownHostsTestKeys';

let keys: Record<string, TestKey>;
let cleanupKeys: () => void;
let root: string;
before(() => {
  ({ keys, cleanup: cleanupKeys } = makeKeys(STANDARD_KEYS));
  root = mkdtempSync(join(tmpdir(), 'vpsd-store-'));
});
after(() => {
  cleanupKeys();
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
const freshDir = () => join(root, `s${n++}`, 'nested');
const entries = (path: string) => parseKnownHosts(readFileSync(path, 'utf8'), path).entries;

describe('createHostKeyStore', () => {
  it('append creates the directory 0700 and the file 0600, and the key then matches', async () => {
    const store = createHostKeyStore({ dir: freshDir(), hashNames: false });
    const r = await store.append('[VPS.example]:2222', keys['ed1']!.blob);
    assert.deepEqual(r, { ok: true, value: { file: store.path, line: 1 } });
    if (process.platform !== 'win32') {
      assert.equal(statSync(join(store.path, '..')).mode & 0o777, 0o700);
      assert.equal(statSync(store.path).mode & 0o777, 0o600);
    }
    assert.equal(readFileSync(store.path, 'utf8'), `[vps.example]:2222 ssh-ed25519 ${keys['ed1']!.base64}\n`);
    assert.equal(checkHostKey(entries(store.path), '[vps.example]:2222', 2222, keys['ed1']!.blob).kind, 'match');
    assert.deepEqual(sshKeygenFind('[vps.example]:2222', store.path), [1]);
  });

  it('adds a newline before appending to a file that lacks one, and never rewrites lines', async () => {
    const dir = freshDir();
    const store = createHostKeyStore({ dir, hashNames: false });
    await store.append('a', keys['ed1']!.blob);
    const handEdited = readFileSync(store.path, 'utf8') + `b ssh-ed25519 ${keys['ed2']!.base64} no newline`;
    writeFileSync(store.path, handEdited);
    const r = await store.append('c', keys['ec1']!.blob);
    assert.deepEqual(r.ok && r.value.line, 3);
    assert.equal(readFileSync(store.path, 'utf8'), `${handEdited}\nc ${keys['ec1']!.type} ${keys['ec1']!.base64}\n`);
  });

  it('refuses names that would become patterns and malformed keys', async () => {
    const store = createHostKeyStore({ dir: freshDir(), hashNames: false });
    for (const bad of ['*.example', 'a,b', 'a b', '!a', '', '#x', '|1|x', '@revoked'])
      assert.equal((await store.append(bad, keys['ed1']!.blob)).ok, false, bad);
    assert.equal((await store.append('ok', Buffer.from('not a key'))).ok, false);
  });

  it('hashed entries verify for the same name and not for another name, port or key (round trip)', async () => {
    const store = createHostKeyStore({ dir: freshDir(), hashNames: true });
    const hostName = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}$/);
    const port = fc.integer({ min: 1, max: 65535 });
    await fc.assert(
      fc.asyncProperty(
        hostName,
        port,
        hostName,
        port,
        fc.constantFrom('ed1', 'ec1', 'rsa1'),
        async (h, p, h2, p2, keyName) => {
          const name = p === 22 ? h : `[${h}]:${p}`;
          const other = p2 === 22 ? h2 : `[${h2}]:${p2}`;
          const key = keys[keyName]!;
          const w = await store.append(name, key.blob);
          assert.ok(w.ok);
          const mine = entries(store.path).filter((e) => e.line === (w.ok ? w.value.line : 0));
          assert.equal(mine[0]!.hosts.kind, 'hashed');
          assert.equal(checkHostKey(mine, name, p, key.blob).kind, 'match');
          const otherKey = keys[keyName === 'ed1' ? 'ed2' : keyName === 'ec1' ? 'ec2' : 'ed1']!;
          assert.notEqual(checkHostKey(mine, name, p, otherKey.blob).kind, 'match');
          if (other !== name) assert.equal(checkHostKey(mine, other, p2, key.blob).kind, 'unknown');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('ssh-keygen -F finds a hashed entry written by the store', async () => {
    const store = createHostKeyStore({ dir: freshDir(), hashNames: true });
    await store.append('[127.0.0.1]:22023', keys['ed1']!.blob);
    assert.deepEqual(sshKeygenFind('[127.0.0.1]:22023', store.path), [1]);
    assert.deepEqual(sshKeygenFind('127.0.0.1', store.path), []);
  });

  it('forget removes only our plain-key lines for exactly that name', async () => {
    const store = createHostKeyStore({ dir: freshDir(), hashNames: false });
    await store.append('[h]:2222', keys['ed1']!.blob);
    await store.append('h', keys['ed2']!.blob);
    await createHostKeyStore({ dir: join(store.path, '..'), hashNames: true }).append('[h]:2222', keys['ec1']!.blob);
    const kept = [
      `[h]:2222,other ${keys['rsa1']!.type} ${keys['rsa1']!.base64}`,
      `@revoked [h]:2222 ${keys['ec2']!.type} ${keys['ec2']!.base64}`,
      '# [h]:2222 note',
      'garbage [h]:2222',
    ];
    writeFileSync(store.path, readFileSync(store.path, 'utf8') + kept.join('\r\n') + '\r\n');
    const r = await store.forget('[H]:2222');
    assert.deepEqual(r, { ok: true, value: { removed: 2 } });
    const after = readFileSync(store.path, 'utf8');
    assert.equal(after, `h ssh-ed25519 ${keys['ed2']!.base64}\n` + kept.join('\r\n') + '\r\n');
    if (process.platform !== 'win32') assert.equal(statSync(store.path).mode & 0o777, 0o600);
    assert.deepEqual(await store.forget('[h]:2222'), { ok: true, value: { removed: 0 } });
    assert.deepEqual(await createHostKeyStore({ dir: freshDir(), hashNames: false }).forget('x'), {
      ok: true,
      value: { removed: 0 },
    });
  });
});
