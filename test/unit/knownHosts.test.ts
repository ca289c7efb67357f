import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { keyTypeOfBlob, sha256Fingerprint } from '../../src/core/ssh/fingerprint';
import { checkHostKey, knownHostsName, knownKeyTypes, parseKnownHosts } from '../../src/core/ssh/knownHosts';
import {
  orderHostKeyAlgorithms,
  serverHostKeyAlgorithms,
  SSH2_DEFAULT_HOST_KEY_ALGORITHMS,
} from '../../src/core/ssh/knownHostsAlgorithms';
import { loadKnownHosts } from '../../src/core/ssh/knownHostsFiles';
import { hashHostName, matchGlob } from '../../src/core/ssh/knownHostsPattern';
import { makeKeys, STANDARD_KEYS, type TestKey } from './knownHostsTestKeys';

let keys: Record<string, TestKey>;
let dir: string;
let cleanup: () => void;
before(() => ({ keys, dir, cleanup } = makeKeys(STANDARD_KEYS)));
after(() => cleanup());

const line = (hosts: string, k: TestKey, extra = '') => `${hosts} ${k.type} ${k.base64}${extra}`;

describe('fingerprint', () => {
  it('equals ssh-keygen -lf for every key type', () => {
    for (const k of Object.values(keys)) {
      const out = execFileSync('ssh-keygen', ['-lf', k.pubFile], { encoding: 'utf8' });
      assert.equal(sha256Fingerprint(k.blob), out.split(' ')[1]);
      assert.equal(keyTypeOfBlob(k.blob), k.type);
    }
  });
  it('reports no type for malformed blobs and never throws', () => {
    assert.equal(keyTypeOfBlob(Buffer.alloc(0)), '');
    assert.equal(keyTypeOfBlob(keys['ed1']!.blob.subarray(0, 20)), '');
    assert.equal(keyTypeOfBlob(Buffer.concat([keys['ed1']!.blob, Buffer.from([0])])), '');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => typeof keyTypeOfBlob(Buffer.from(bytes)) === 'string'),
      { numRuns: 200 },
    );
  });
});

describe('parseKnownHosts', () => {
  it('reads markers, comments, CRLF and reports malformed lines with file:line', () => {
    const text = [
      '# comment',
      '',
      line('a.example', keys['ed1']!, ' a comment'),
      `@revoked b.example ${keys['ec1']!.type} ${keys['ec1']!.base64}`,
      `@cert-authority *.example ${keys['rsa1']!.type} ${keys['rsa1']!.base64}`,
      'c.example ssh-ed25519',
      `@bogus d.example ${keys['ed1']!.type} ${keys['ed1']!.base64}`,
      `e.example ssh-rsa ${keys['ed1']!.base64}`,
      'f.example ssh-ed25519 not*base64',
      '|1|c2hvcnQ=|AAAA ssh-ed25519 ' + keys['ed1']!.base64,
    ].join('\r\n');
    const parsed = parseKnownHosts(text, 'kh');
    assert.deepEqual(
      parsed.entries.map((e) => [e.line, e.marker, e.keyType]),
      [
        [3, 'none', 'ssh-ed25519'],
        [4, 'revoked', 'ecdsa-sha2-nistp256'],
        [5, 'cert-authority', 'ssh-rsa'],
      ],
    );
    assert.equal(parsed.entries[0]!.comment, 'a comment');
    assert.deepEqual(
      parsed.skipped.map((s) => [s.source, s.line]),
      [
        ['kh', 6],
        ['kh', 7],
        ['kh', 8],
        ['kh', 9],
        ['kh', 10],
      ],
    );
    assert.match(parsed.skipped[2]!.message, /key type mismatch/);
  });
  it('is total on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const r = parseKnownHosts(text, 'f');
        return Array.isArray(r.entries) && r.skipped.every((s) => s.line >= 1);
      }),
      { numRuns: 200 },
    );
  });
  it('ignores comments, blank lines and line endings (metamorphic)', () => {
    const base = [
      line('h1', keys['ed1']!),
      line('h2,h3', keys['ec1']!),
      `@revoked h1 ${keys['ed2']!.type} ${keys['ed2']!.base64}`,
    ];
    const verdictOf = (text: string) =>
      checkHostKey(parseKnownHosts(text, 'f').entries, 'h1', 22, keys['ed2']!.blob).kind;
    fc.assert(
      fc.property(fc.array(fc.constantFrom('', '# x', '  '), { maxLength: 5 }), fc.boolean(), (noise, crlf) => {
        const text = [...noise, ...base, ...noise].join(crlf ? '\r\n' : '\n');
        return verdictOf(text) === 'revoked';
      }),
      { numRuns: 50 },
    );
  });
});

describe('knownHostsName and patterns', () => {
  it('names port 22 bare, other ports in brackets, aliases as written lower-cased', () => {
    assert.equal(knownHostsName('Example.COM', 22), 'example.com');
    assert.equal(knownHostsName('127.0.0.1', 2222), '[127.0.0.1]:2222');
    assert.equal(knownHostsName('x', 2222, 'MyAlias'), 'myalias');
  });
  it('? matches exactly one character', () => {
    assert.equal(matchGlob('ac', 'a?c'), false);
    assert.equal(matchGlob('abc', 'a?c'), true);
    assert.equal(matchGlob('abbbc', 'a*c'), true);
    assert.equal(matchGlob('a'.repeat(5000) + 'b', '*a*a*a*a*a*c'), false);
  });
  it('hashes like ssh-keygen -H', () => {
    const f = join(dir, 'kh-hash');
    writeFileSync(f, line('[127.0.0.1]:22023', keys['ed1']!) + '\n');
    execFileSync('ssh-keygen', ['-H', '-f', f], { stdio: 'ignore' });
    const e = parseKnownHosts(execFileSync('cat', [f], { encoding: 'utf8' }), f).entries[0]!;
    assert.equal(e.hosts.kind, 'hashed');
    if (e.hosts.kind !== 'hashed') return;
    assert.equal(hashHostName('[127.0.0.1]:22023', e.hosts.salt), e.hosts.field);
    assert.notEqual(hashHostName('127.0.0.1', e.hosts.salt), e.hosts.field);
  });
});

describe('checkHostKey verdicts', () => {
  const file = (lines: string[]) => parseKnownHosts(lines.join('\n') + '\n', 'user_kh').entries;
  it('match names the line', () => {
    assert.deepEqual(checkHostKey(file(['# x', line('h', keys['ed1']!)]), 'h', 22, keys['ed1']!.blob), {
      kind: 'match',
      file: 'user_kh',
      line: 2,
    });
  });
  it('unknown when nothing is recorded', () => {
    assert.deepEqual(checkHostKey(file([line('other', keys['ed1']!)]), 'h', 22, keys['ed1']!.blob), {
      kind: 'unknown',
      otherTypesKnown: [],
    });
  });
  it('unknown but listing keys of other types', () => {
    const v = checkHostKey(file([line('h', keys['ec1']!), line('h', keys['rsa1']!)]), 'h', 22, keys['ed1']!.blob);
    assert.equal(v.kind, 'unknown');
    if (v.kind !== 'unknown') return;
    assert.deepEqual(
      v.otherTypesKnown.map((o) => [o.type, o.fingerprint, o.line]),
      [
        ['ecdsa-sha2-nistp256', sha256Fingerprint(keys['ec1']!.blob), 1],
        ['ssh-rsa', sha256Fingerprint(keys['rsa1']!.blob), 2],
      ],
    );
  });
  it('changed carries the recorded fingerprint and file:line', () => {
    const v = checkHostKey(
      file([line('x', keys['ed1']!), line('[h]:2222', keys['ed1']!), line('[h]:2222', keys['ec1']!)]),
      '[h]:2222',
      2222,
      keys['ed2']!.blob,
    );
    assert.deepEqual(v, {
      kind: 'changed',
      expected: [{ type: 'ssh-ed25519', fingerprint: sha256Fingerprint(keys['ed1']!.blob), file: 'user_kh', line: 2 }],
    });
    assert.notEqual(sha256Fingerprint(keys['ed2']!.blob), sha256Fingerprint(keys['ed1']!.blob));
  });
  it('an ECDSA key of another curve is a different type, not a change', () => {
    assert.equal(checkHostKey(file([line('h', keys['ec1']!)]), 'h', 22, keys['ec384']!.blob).kind, 'unknown');
  });
  it('revoked wins over a matching line', () => {
    const entries = file([line('h', keys['ed1']!), `@revoked * ${keys['ed1']!.type} ${keys['ed1']!.base64}`]);
    assert.deepEqual(checkHostKey(entries, 'h', 22, keys['ed1']!.blob), { kind: 'revoked', file: 'user_kh', line: 2 });
  });
  it('a matching negation makes a line not apply', () => {
    assert.equal(
      checkHostKey(file([line('*.example,!bad.example', keys['ed1']!)]), 'bad.example', 22, keys['ed1']!.blob).kind,
      'unknown',
    );
    assert.equal(
      checkHostKey(file([line('*.example,!bad.example', keys['ed1']!)]), 'ok.example', 22, keys['ed1']!.blob).kind,
      'match',
    );
  });
  it('@cert-authority lines never authorize a plain key: a host known only that way is reported as such, not as unknown', () => {
    const ca = `@cert-authority h,!bad.h ${keys['rsa1']!.type} ${keys['rsa1']!.base64}`;
    assert.deepEqual(checkHostKey(file([line('h', keys['ec1']!), ca]), 'h', 22, keys['ed1']!.blob), {
      kind: 'cert-authority',
      authorities: [{ type: 'ssh-rsa', fingerprint: sha256Fingerprint(keys['rsa1']!.blob), file: 'user_kh', line: 2 }],
      otherTypesKnown: [
        { type: 'ecdsa-sha2-nistp256', fingerprint: sha256Fingerprint(keys['ec1']!.blob), file: 'user_kh', line: 1 },
      ],
    });
    // The CA key itself presented as a host key is no match either.
    assert.equal(checkHostKey(file([ca]), 'h', 22, keys['rsa1']!.blob).kind, 'cert-authority');
    // Plain lines still decide when they know the type: a match connects, another key is a change.
    assert.equal(checkHostKey(file([ca, line('h', keys['ed1']!)]), 'h', 22, keys['ed1']!.blob).kind, 'match');
    assert.equal(checkHostKey(file([ca, line('h', keys['ed2']!)]), 'h', 22, keys['ed1']!.blob).kind, 'changed');
    assert.equal(
      checkHostKey(file([ca, `@revoked h ${keys['ed1']!.type} ${keys['ed1']!.base64}`]), 'h', 22, keys['ed1']!.blob)
        .kind,
      'revoked',
    );
    // A CA line for another host, or negated for this one, does not apply.
    assert.equal(checkHostKey(file([ca]), 'other', 22, keys['ed1']!.blob).kind, 'unknown');
    assert.equal(
      checkHostKey(file([ca.replace('h,!bad.h', '*.h,!bad.h')]), 'bad.h', 22, keys['ed1']!.blob).kind,
      'unknown',
    );
    // The port-less fallback match still wins over a CA line for [h]:2222.
    assert.equal(
      checkHostKey(
        file([line('h', keys['ed1']!), ca.replace('h,!bad.h', '[h]:2222')]),
        '[h]:2222',
        2222,
        keys['ed1']!.blob,
      ).kind,
      'match',
    );
  });
  it('a non-22 port falls back to the bare name only for a match', () => {
    assert.equal(checkHostKey(file([line('h', keys['ed1']!)]), '[h]:2222', 2222, keys['ed1']!.blob).kind, 'match');
    assert.equal(checkHostKey(file([line('h', keys['ed1']!)]), '[h]:2222', 2222, keys['ed2']!.blob).kind, 'unknown');
  });
});

describe('host key algorithm order', () => {
  it('puts known types first, ssh-rsa as its three algorithms', () => {
    const entries = parseKnownHosts(
      [
        line('h', keys['rsa1']!),
        line('h', keys['ec1']!),
        `@revoked h ${keys['ed1']!.type} ${keys['ed1']!.base64}`,
      ].join('\n'),
      'f',
    ).entries;
    const types = knownKeyTypes(entries, 'h');
    assert.deepEqual(types, ['ssh-rsa', 'ecdsa-sha2-nistp256']);
    assert.deepEqual(orderHostKeyAlgorithms(types), [
      'ecdsa-sha2-nistp256',
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
      'ssh-ed25519',
      'ecdsa-sha2-nistp384',
      'ecdsa-sha2-nistp521',
    ]);
    assert.deepEqual(orderHostKeyAlgorithms(['ssh-dss'], ['ssh-ed25519']), ['ssh-ed25519']);
  });
  it('keeps the default order when the first algorithm\'s type is known (OpenSSH "using HostkeyAlgorithms verbatim")', () => {
    assert.deepEqual(orderHostKeyAlgorithms(['ssh-rsa', 'ssh-ed25519']), [...SSH2_DEFAULT_HOST_KEY_ALGORITHMS]);
  });
  it('an ECDSA key prefers only the algorithm of its own curve', () => {
    assert.deepEqual(orderHostKeyAlgorithms(['ecdsa-sha2-nistp384']).slice(0, 2), [
      'ecdsa-sha2-nistp384',
      'ssh-ed25519',
    ]);
  });
  it("matches ssh2's own default list, so ordering never adds or drops an algorithm", () => {
    const constants = createRequire(import.meta.url)('ssh2/lib/protocol/constants.js') as {
      DEFAULT_SERVER_HOST_KEY: string[];
    };
    assert.deepEqual([...SSH2_DEFAULT_HOST_KEY_ALGORITHMS], constants.DEFAULT_SERVER_HOST_KEY);
  });
  it('serverHostKeyAlgorithms counts only plain lines for the lookup name', () => {
    const f = join(dir, 'kh-order');
    const text = [
      line('[h]:2222', keys['ec1']!),
      `@revoked [h]:2222 ${keys['ed1']!.type} ${keys['ed1']!.base64}`,
      `@cert-authority [h]:2222 ${keys['ed2']!.type} ${keys['ed2']!.base64}`,
      line('h', keys['rsa1']!), // the bare name is not [h]:2222 (OpenSSH orders by the port-qualified name only)
      line('[h]:2222', keys['ec384']!),
    ].join('\n');
    writeFileSync(f, text + '\n');
    execFileSync('ssh-keygen', ['-H', '-f', f], { stdio: 'ignore' }); // hashed names count the same
    const hashed = parseKnownHosts(readFileSync(f, 'utf8'), f).entries;
    assert.ok(hashed.filter((e) => e.marker === 'none').every((e) => e.hosts.kind === 'hashed'));
    for (const entries of [parseKnownHosts(text, 'f').entries, hashed]) {
      assert.deepEqual(serverHostKeyAlgorithms(entries, '[h]:2222'), [
        'ecdsa-sha2-nistp256',
        'ecdsa-sha2-nistp384',
        'ssh-ed25519',
        'ecdsa-sha2-nistp521',
        'rsa-sha2-512',
        'rsa-sha2-256',
        'ssh-rsa',
      ]);
    }
    assert.deepEqual(serverHostKeyAlgorithms([], '[h]:2222'), [...SSH2_DEFAULT_HOST_KEY_ALGORITHMS]);
  });
});

describe('loadKnownHosts', () => {
  it('skips missing files, reads the rest in order', async () => {
    const a = join(dir, 'load-a');
    writeFileSync(a, line('h', keys['ed1']!) + '\nbroken\n');
    const r = await loadKnownHosts([join(dir, 'missing'), a, 'none']);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.value.missing, [join(dir, 'missing')]);
    assert.deepEqual(
      r.value.entries.map((e) => [e.file, e.line]),
      [[a, 1]],
    );
    assert.deepEqual(
      r.value.skipped.map((s) => [s.source, s.line]),
      [[a, 2]],
    );
  });
  it('an existing unreadable file is an error, never "unknown"', async () => {
    const d = join(dir, 'a-directory');
    mkdirSync(d, { recursive: true });
    const r = await loadKnownHosts([d]);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.code, 'EISDIR');
    const denied = await loadKnownHosts(['x'], () =>
      Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })),
    );
    assert.deepEqual(denied.ok ? undefined : [denied.error.kind, denied.error.file, denied.error.code], [
      'unreadable',
      'x',
      'EACCES',
    ]);
  });
});
