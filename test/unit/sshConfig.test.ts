import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  listConfigHosts,
  parseHostSpec,
  parseProxyJump,
  resolveHost,
  type ResolvedHost,
} from '../../src/core/ssh/sshConfig';

/**
 * The parser fallback against `ssh -G` (OpenSSH itself) on small generated configs
 * (docs/security.md §5.4). `Match exec` is never generated.
 */
let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'vpsd-cfg-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function writeConfig(text: string, extra: Record<string, string> = {}): string {
  const base = join(dir, `c${n++}`);
  mkdirSync(join(base, 'conf.d'), { recursive: true });
  for (const [name, body] of Object.entries(extra)) writeFileSync(join(base, name), body.replaceAll('$BASE', base));
  const file = join(base, 'config');
  writeFileSync(file, text.replaceAll('$BASE', base));
  return file;
}

const strip = (r: ResolvedHost) => ({ ...r, source: undefined });

async function compare(file: string, alias: string, extra: { user?: string; port?: number } = {}) {
  const g = await resolveHost(alias, { configFile: file, env: process.env, ...extra });
  const p = await resolveHost(alias, { configFile: file, env: process.env, sshPath: null, ...extra });
  assert.ok(g.ok, JSON.stringify(g));
  assert.ok(p.ok, JSON.stringify(p));
  if (!g.ok || !p.ok) return;
  assert.equal(g.value.source, 'ssh -G');
  assert.equal(p.value.source, 'parser');
  assert.deepEqual(strip(p.value), strip(g.value), `${alias} in\n${file}`);
  return p.value;
}

describe('resolveHost: parser fallback versus ssh -G', () => {
  it('Host patterns, HostName tokens, Match host, User, Port, IdentityFile tokens', async () => {
    const file = writeConfig(`
Host web? !web9 *.prod
  HostName %h.example.net
  User deploy
  IdentityFile ~/.ssh/id_%h_%r
  IdentityFile %d/keys/%u-%p
Host web1
  Port 2201
  User ignored
Match host web1.example.net
  Port 9999
  ServerAliveInterval 1m
  ConnectTimeout 7
Host *
  IdentitiesOnly yes
  StrictHostKeyChecking accept-new
  HashKnownHosts yes
  UserKnownHostsFile ~/.ssh/kh_%h %d/kh2
`);
    const r = await compare(file, 'web1');
    assert.equal(r?.port, 2201);
    assert.deepEqual(r?.identityFiles, [
      join(homedir(), '.ssh/id_web1.example.net_deploy'),
      `${homedir()}/keys/${userInfo().username}-2201`,
    ]);
    for (const alias of ['web9', 'web', 'webXY', 'db.prod', 'other', 'WEB1']) await compare(file, alias);
    await compare(file, 'web2', { user: 'root', port: 2022 });
  });

  it('Include with globs (sorted), nested Include and Include inside a Host block', async () => {
    const file = writeConfig(
      `
Include $BASE/conf.d/*.conf $BASE/missing-*.conf
Host jump
  User j
  Include $BASE/inner
Host *
  User fallback
`,
      {
        'conf.d/20-b.conf': 'Host app\n  Port 2020\n  User b\n',
        'conf.d/10-a.conf': 'Host app\n  User a\nInclude $BASE/conf.d/nested.inc\n',
        'conf.d/nested.inc': 'Host nested\n  HostName 10.0.0.9\n',
        'conf.d/.hidden.conf': 'Host app\n  Port 1\n',
        inner: 'Port 2200\nHost inner-only\n  User i\n',
      },
    );
    const app = await compare(file, 'app');
    assert.deepEqual([app?.user, app?.port], ['a', 2020]);
    const jump = await compare(file, 'jump');
    assert.equal(jump?.port, 2200);
    for (const alias of ['nested', 'inner-only', 'other']) await compare(file, alias);
  });

  it('ProxyJump chains, ssh:// hops and none', async () => {
    const file = writeConfig(`
Host target
  ProxyJump alice@jump1:2200,ssh://bob@jump2,jump3
Host direct
  ProxyJump none
Host v6
  ProxyJump [2001:db8::1]:2222
  HostKeyAlias MyBox
`);
    const t = await compare(file, 'target');
    assert.deepEqual(t?.proxyJump, [
      { user: 'alice', host: 'jump1', port: 2200 },
      { user: 'bob', host: 'jump2' },
      { host: 'jump3' },
    ]);
    assert.deepEqual((await compare(file, 'direct'))?.proxyJump, []);
    const v6 = await compare(file, 'v6');
    assert.deepEqual([v6?.proxyJump, v6?.hostKeyAlias], [[{ host: '2001:db8::1', port: 2222 }], 'mybox']);
  });

  it('random small configs agree', async () => {
    const alias = fc.constantFrom('a1', 'a2', 'b1', 'zz');
    const hostPattern = fc.constantFrom('a1', 'a?', 'a*', '*1', 'b1', '!a2', 'zz', '*', '?1', 'a??');
    const directive = fc.oneof(
      fc.constantFrom('alice', 'bob', 'root').map((u) => `User ${u}`),
      fc.integer({ min: 1, max: 65535 }).map((p) => `Port ${p}`),
      fc.constantFrom('%h.example', 'fixed.example', 'UPPER.Example').map((h) => `HostName ${h}`),
      fc.constantFrom('~/.ssh/k_%h', '%d/k_%r_%p', '~/k%%').map((f) => `IdentityFile ${f}`),
      fc.constantFrom('j1', 'u@j1:2200,j2', 'none').map((j) => `ProxyJump ${j}`),
      fc.constantFrom('yes', 'no', 'ask', 'accept-new').map((v) => `StrictHostKeyChecking ${v}`),
      fc.constantFrom('yes', 'no').map((v) => `HashKnownHosts ${v}`),
      fc.constantFrom('30', '0', '2m').map((v) => `ServerAliveInterval ${v}`),
    );
    const block = fc
      .tuple(
        fc.boolean(),
        fc.array(hostPattern, { minLength: 1, maxLength: 3 }),
        fc.array(directive, { minLength: 1, maxLength: 3 }),
      )
      .map(
        ([isMatch, pats, body]) =>
          `${isMatch ? `Match host ${pats.filter((p) => !p.includes('?')).join(',') || '*'}` : `Host ${pats.join(' ')}`}\n${body.map((d) => `  ${d}`).join('\n')}\n`,
      );
    await fc.assert(
      fc.asyncProperty(
        fc.array(block, { minLength: 1, maxLength: 4 }),
        fc.array(block, { maxLength: 2 }),
        alias,
        async (main, included, a) => {
          const file = writeConfig(
            `Include $BASE/conf.d/*.conf\n${main.join('')}`,
            Object.fromEntries(included.map((b, i) => [`conf.d/${i}.conf`, b])),
          );
          await compare(file, a);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('resolveHost errors and fallbacks', () => {
  it('falls back to the parser when the ssh program does not exist', async () => {
    const file = writeConfig('Host x\n  Port 2022\n');
    const r = await resolveHost('x', { configFile: file, env: process.env, sshPath: join(dir, 'no-such-ssh') });
    assert.deepEqual(r.ok && [r.value.source, r.value.port], ['parser', 2022]);
  });
  it('refuses an alias that ssh could read as an option', async () => {
    for (const alias of ['-oProxyCommand=touch x', 'a b', '', 'x\n']) {
      const r = await resolveHost(alias, { configFile: writeConfig(''), env: process.env, sshPath: null });
      assert.equal(r.ok, false, alias);
    }
  });
  it('a malformed line surfaces as "line N of file X"', async () => {
    const file = writeConfig('Host ok\n  User a\nMatch host\n');
    const r = await resolveHost('ok', { configFile: file, env: process.env, sshPath: null });
    assert.equal(r.ok, false);
    if (r.ok || r.error.kind !== 'parse') return;
    assert.equal(r.error.line, 3);
    assert.match(r.error.message, new RegExp(`^line 3 of file ${file}: `));
    const unterminated = writeConfig('Host ok\n  IdentityFile "~/x\n');
    const u = await resolveHost('ok', { configFile: unterminated, env: process.env, sshPath: null });
    assert.deepEqual(!u.ok && u.error.kind === 'parse' && u.error.line, 2);
  });
  it('a bad value or a missing -F file is an error, not a default', async () => {
    for (const text of [
      'Port 0\n',
      'Port x\n',
      'StrictHostKeyChecking maybe\n',
      'IdentityFile %z\n',
      'IdentityFile ${NO_SUCH_VAR_FOR_TEST}/k\n',
    ]) {
      const r = await resolveHost('h', { configFile: writeConfig(text), env: process.env, sshPath: null });
      assert.equal(r.ok, false, text);
    }
    const missing = await resolveHost('h', { configFile: join(dir, 'absent'), env: process.env, sshPath: null });
    assert.equal(missing.ok, false);
  });
});

describe('listConfigHosts', () => {
  it('follows Include and skips wildcard and negated patterns', async () => {
    const file = writeConfig('Include conf.d/*.conf\nHost alpha beta *.wild ?x !neg\n  User u\nHost alpha gamma\n', {
      'conf.d/a.conf': 'Host delta\n  Port 1\nMatch host epsilon\n  User x\n',
    });
    const rel = await listConfigHosts(file, { home: join(file, '..', '..') });
    // Relative Include paths start from ~/.ssh; with home at the parent, conf.d is not found there.
    assert.deepEqual(rel.ok && rel.value, ['alpha', 'beta', 'gamma']);
    const abs = writeConfig('Include $BASE/conf.d/*.conf\nHost alpha\n', { 'conf.d/a.conf': 'Host delta\n' });
    assert.deepEqual(await listConfigHosts(abs), { ok: true, value: ['delta', 'alpha'] });
    const home = join(dir, `home${n++}`);
    mkdirSync(join(home, '.ssh', 'conf.d'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'conf.d', 'x.conf'), 'Host from-home\n');
    writeFileSync(join(home, '.ssh', 'config'), 'Include conf.d/*\nInclude ~/.ssh/conf.d/x.conf\n');
    assert.deepEqual(await listConfigHosts(join(home, '.ssh', 'config'), { home }), { ok: true, value: ['from-home'] });
    assert.deepEqual(await listConfigHosts(join(dir, 'nope')), { ok: true, value: [] });
  });
});

describe('parseHostSpec and parseProxyJump', () => {
  it('reads user@host:port with IPv6 in brackets', () => {
    const ok: [string, object][] = [
      ['h', { host: 'h' }],
      ['u@h', { user: 'u', host: 'h' }],
      ['u@h:2222', { user: 'u', host: 'h', port: 2222 }],
      ['[2001:db8::1]', { host: '2001:db8::1' }],
      ['root@[::1]:22', { user: 'root', host: '::1', port: 22 }],
      ['203.0.113.7:22', { host: '203.0.113.7', port: 22 }],
    ];
    for (const [spec, want] of ok) assert.deepEqual(parseHostSpec(spec), { ok: true, value: want }, spec);
    for (const bad of ['', '-oProxyCommand=x', 'h:0', 'h:65536', 'h:22x', '::1', '[::1', '[::1]x', 'a b@h', 'u@', 'h:'])
      assert.equal(parseHostSpec(bad).ok, false, bad);
  });
  it('reads jump chains', () => {
    assert.deepEqual(parseProxyJump('none'), { ok: true, value: [] });
    assert.deepEqual(parseProxyJump('ssh://a@j1:2,j2'), {
      ok: true,
      value: [{ user: 'a', host: 'j1', port: 2 }, { host: 'j2' }],
    });
    assert.equal(parseProxyJump('j1,,j2').ok, false);
  });
});
