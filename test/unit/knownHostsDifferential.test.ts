import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { entryApplies, parseKnownHosts } from '../../src/core/ssh/knownHosts';
import { makeKeys, STANDARD_KEYS, sshKeygenFind, type TestKey } from './knownHostsTestKeys';

/**
 * Differential tests: which lines apply to a name, by our matcher and by `ssh-keygen -F`
 * (OpenSSH's own hostkeys_foreach), on the same files (docs/security.md §5.2, §5.4).
 */
let keys: Record<string, TestKey>;
let dir: string;
let cleanup: () => void;
before(() => ({ keys, dir, cleanup } = makeKeys(STANDARD_KEYS)));
after(() => cleanup());

const ours = (file: string, name: string) =>
  parseKnownHosts(readFileSync(file, 'utf8'), file)
    .entries.filter((e) => entryApplies(e, name))
    .map((e) => e.line);

const NAMES = [
  '127.0.0.1',
  '[127.0.0.1]:22023',
  '[127.0.0.1]:2222',
  'host.example',
  'a.example',
  'bad.example',
  'web1.example',
  'web12.example',
  'db.internal',
  'x',
  'revoked.example',
  '[db.internal]:2200',
  '[web1.example]:22',
  'example',
  '[::1]:2222',
  '::1',
];

describe('known_hosts matcher versus ssh-keygen -F', () => {
  it('agrees on plain, bracketed, wildcard, negated, marker and mixed-type lines', () => {
    const k = (n: string) => `${keys[n]!.type} ${keys[n]!.base64}`;
    const file = join(dir, 'mixed');
    writeFileSync(
      file,
      [
        `127.0.0.1 ${k('ed1')}`,
        `[127.0.0.1]:22023 ${k('ec1')}`,
        `[127.0.0.1]:22023 ${k('rsa1')} mixed types`,
        `host.example,a.example ${k('ed2')}`,
        `*.example,!bad.example ${k('ec2')}`,
        `web?.example ${k('ed1')}`,
        `[db.internal]:22?? ${k('ed1')}`,
        `[*]:2222 ${k('ec384')}`,
        `@revoked revoked.example,x ${k('ed2')}`,
        `@cert-authority *.example,!a.example ${k('rsa1')}`,
        `# comment`,
        `  WEB1.EXAMPLE ${k('ed2')}`,
        `[::1]:2222,::1 ${k('ed1')}`,
        `!*.internal,db.* ${k('ec1')}`,
      ].join('\n') + '\n',
    );
    for (const name of NAMES) assert.deepEqual(ours(file, name), sshKeygenFind(name, file), name);
  });

  it('agrees on lines hashed by ssh-keygen -H', () => {
    const k = (n: string) => `${keys[n]!.type} ${keys[n]!.base64}`;
    const file = join(dir, 'hashed');
    writeFileSync(
      file,
      [
        `127.0.0.1 ${k('ed1')}`,
        `[127.0.0.1]:22023 ${k('ec1')}`,
        `host.example,a.example ${k('ed2')}`,
        `[::1]:2222 ${k('rsa1')}`,
      ].join('\n') + '\n',
    );
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    // Unhashed wildcard and marker lines after the hashed ones.
    writeFileSync(file, readFileSync(file, 'utf8') + `*.example ${k('ec2')}\n@revoked 127.0.0.1 ${k('ed2')}\n`);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith('|1|'), 'ssh-keygen -H hashed the names');
    assert.equal(parseKnownHosts(text, file).skipped.length, 0);
    for (const name of NAMES) assert.deepEqual(ours(file, name), sshKeygenFind(name, file), name);
  });

  it('agrees on random pattern lists and names (brackets, ports, * ? !)', () => {
    const atom = fc.constantFrom(
      'a',
      'b',
      'ab',
      'a.b',
      'h',
      '10.0.0.1',
      '*',
      '?',
      'a*',
      '*b',
      '?b',
      'a?',
      '*.b',
      'A',
      'AB*',
      '[a]:2222',
      '[a]:22',
      '[*]:2222',
      '[a]:22??',
      '[?]:*',
      '',
    );
    const pattern = fc.tuple(fc.boolean(), atom).map(([neg, a]) => (neg ? '!' : '') + a);
    const list = fc
      .array(pattern, { minLength: 1, maxLength: 4 })
      .map((p) => p.join(','))
      .filter((p) => p !== '' && p !== '!');
    const name = fc.constantFrom(
      'a',
      'b',
      'ab',
      'a.b',
      'h',
      'aab',
      'ba',
      '10.0.0.1',
      '[a]:2222',
      '[ab]:2222',
      '[a]:22',
      '[b]:2200',
      'x.b',
    );
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(list, { minLength: 1, maxLength: 6 }),
        fc.array(name, { minLength: 1, maxLength: 4 }),
        (lists, names) => {
          const file = join(dir, `prop-${run++}`);
          const key = keys['ed1']!;
          writeFileSync(file, lists.map((l) => `${l} ${key.type} ${key.base64}`).join('\n') + '\n');
          for (const n of names)
            assert.deepEqual(ours(file, n), sshKeygenFind(n, file), `${n} in ${JSON.stringify(lists)}`);
        },
      ),
      { numRuns: 60 },
    );
  });
});
