import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ResourceRow } from '../../src/core/beancounters/types';
import { LocalRunner } from '../../src/core/remote/localRunner';
import type { CommandRunner, ExecResult } from '../../src/core/remote/runner';
import { readHostFacts, takeSample } from '../../src/core/remote/sampler';
import type { HostSnapshot } from '../../src/core/remote/snapshot';
import { readKernelFixture } from './kernelFixtures';
import {
  commandExists,
  failure,
  makeFakeRoot,
  makeUnreadable,
  needs,
  nobody,
  removeFakeRoot,
  seedText,
  unwrap,
} from './remoteFixtures';

const LIMITS = { timeoutMs: 15_000, maxOutputBytes: 1 << 22 };

function ubcRow(s: HostSnapshot, name: string): ResourceRow {
  if (s.beancounters.state !== 'ok') throw new Error(`beancounters: ${JSON.stringify(s.beancounters)}`);
  const row = s.beancounters.table.containers[0]?.resources.find((r) => r.name === name);
  if (row === undefined) throw new Error(`no ${name}`);
  return row;
}

describe('sample and hostFacts on this machine', () => {
  const runner = new LocalRunner();

  it('samples the real /proc: Tcp counters, uptime, sysctls', async () => {
    const s = unwrap(await takeSample(runner, { ...LIMITS, useSudo: false }));
    assert.ok(s.uptimeSeconds.state === 'ok' && s.uptimeSeconds.value > 0);
    assert.ok(s.counters.snmp.state === 'ok');
    const tcp = s.counters.snmp.value.Tcp;
    assert.ok(tcp !== undefined && Number.isInteger(tcp.ActiveOpens) && Number.isInteger(tcp.InSegs));
    assert.ok(s.counters.netstat.state === 'ok' && s.counters.netstat.value.TcpExt?.ListenOverflows !== undefined);
    assert.ok(s.sockstat.state === 'ok');
    assert.ok(s.sysctls.tcpWmem.state === 'ok' && s.sysctls.tcpWmem.value[2] >= s.sysctls.tcpWmem.value[0]);
    assert.ok(s.sysctls.somaxconn.state === 'ok' && s.sysctls.somaxconn.value > 0);
  });

  it('uptime grows between two samples (the clock for rates)', async () => {
    const a = unwrap(await takeSample(runner, { ...LIMITS, useSudo: false }));
    const b = unwrap(await takeSample(runner, { ...LIMITS, useSudo: false }));
    assert.ok(a.uptimeSeconds.state === 'ok' && b.uptimeSeconds.state === 'ok');
    assert.ok(b.uptimeSeconds.value >= a.uptimeSeconds.value);
  });

  it('reads host facts and classifies the machine', async () => {
    const f = unwrap(await readHostFacts(runner, LIMITS));
    assert.ok(f.osRelease !== null && f.osRelease.length > 0);
    assert.ok(f.machine !== null);
    assert.equal(f.tools.timeout, commandExists('timeout'));
    const s = unwrap(await takeSample(runner, { ...LIMITS, useSudo: false, facts: f }));
    assert.ok(s.virtualization !== undefined && s.virtualization.evidence.length > 0);
  });
});

describe('sample under VPSD_ROOT (fake OpenVZ container with the seed files)', () => {
  let root = '';
  before(() => {
    root = makeFakeRoot('openvz-root');
  });
  after(() => removeFakeRoot(root));

  it('carries the seed tcpsndbuf row and the seed sysctls', async () => {
    const s = unwrap(await takeSample(new LocalRunner({ root }), { ...LIMITS, useSudo: true }));
    assert.ok(s.beancounters.state === 'ok' && s.beancounters.via === 'direct');
    const snd = ubcRow(s, 'tcpsndbuf');
    assert.deepEqual(
      [snd.held, snd.maxheld, snd.barrier, snd.limit, snd.failcnt],
      [181072, 1731448, 1720320, 2703360, 1779659],
    );
    assert.equal(ubcRow(s, 'tcprcvbuf').failcnt, 91);
    assert.equal(ubcRow(s, 'dgramrcvbuf').failcnt, 82);
    assert.deepEqual(s.sysctls.tcpWmem, { state: 'ok', value: [4096, 16384, 4194304] });
    assert.deepEqual(s.sysctls.tcpRmem, { state: 'ok', value: [4096, 87380, 4194304] });
    assert.deepEqual(s.sysctls.wmemMax, { state: 'ok', value: 133120 });
    assert.deepEqual(s.sysctls.rmemMax, { state: 'ok', value: 133120 });
    assert.deepEqual(s.uptimeSeconds, { state: 'ok', value: 12345.67 });
    assert.ok(s.missing.includes('/proc/sys/net/netfilter/nf_conntrack_count'));
    assert.deepEqual(s.needsRoot, []);
  });

  it('sees a rewritten file on the next sample (failcnt growing)', async () => {
    const runner = new LocalRunner({ root });
    const first = unwrap(await takeSample(runner, { ...LIMITS, useSudo: false }));
    const grown = seedText('seed_user_beancounters.txt').replace(
      /(tcpsndbuf\s+)181072(\s+\d+\s+\d+\s+\d+\s+)1779659/,
      '$1204800$21779702',
    );
    assert.notEqual(grown, seedText('seed_user_beancounters.txt'));
    writeFileSync(join(root, 'proc/user_beancounters'), grown);
    writeFileSync(join(root, 'proc/uptime'), '12405.67 23500.00\n');
    const second = unwrap(await takeSample(runner, { ...LIMITS, useSudo: false }));
    assert.equal(ubcRow(first, 'tcpsndbuf').failcnt, 1779659);
    assert.equal(ubcRow(second, 'tcpsndbuf').failcnt, 1779702);
    assert.equal(ubcRow(second, 'tcpsndbuf').held, 204800);
    assert.deepEqual(second.uptimeSeconds, { state: 'ok', value: 12405.67 });
  });

  it('detects an OpenVZ container from the fake tree', async () => {
    const f = unwrap(await readHostFacts(new LocalRunner({ root }), LIMITS));
    assert.equal(f.envId, '12345');
    assert.equal(f.osRelease, '2.6.32-042stab145.3');
    assert.equal(
      f.systemdDetectVirt,
      null,
      'systemd-detect-virt inspects the real machine, so it is skipped under a fake root',
    );
    const s = unwrap(await takeSample(new LocalRunner({ root }), { ...LIMITS, useSudo: false, facts: f }));
    assert.equal(s.virtualization?.kind, 'openvz-container');
  });
});

/**
 * An unreadable /proc/user_beancounters. As root, file modes do not stop reads, so the sample runs as
 * `nobody` (LocalRunner's uid/gid); as another user, chmod 000 is enough.
 */
describe('sample with an unreadable user_beancounters', () => {
  let root = '';
  let runner: LocalRunner | null = null;
  before(() => {
    root = makeFakeRoot('openvz-root');
    makeUnreadable(join(root, 'proc/user_beancounters'));
    const isRoot = process.getuid?.() === 0;
    const user = nobody();
    runner = !isRoot ? new LocalRunner({ root }) : user === null ? null : new LocalRunner({ root, ...user });
  });
  after(() => removeFakeRoot(root));

  it('reports needsRoot, the sudo -n outcome and the sudoers line', async (t) => {
    if (!needs(t, runner !== null, 'running as root without a "nobody" user to drop to')) return;
    const s = unwrap(await takeSample(runner!, { ...LIMITS, useSudo: true }));
    const ubc = s.beancounters;
    if (ubc.state === 'ok') {
      // A developer account with passwordless sudo reads it through sudo -n.
      assert.equal(ubc.via, 'sudo');
      return;
    }
    assert.equal(ubc.state, 'unavailable');
    if (ubc.state !== 'unavailable') return;
    assert.deepEqual(s.needsRoot, ['/proc/user_beancounters']);
    assert.equal(ubc.sudo, commandExists('sudo') ? 'passwordRequired' : 'missing');
    assert.match(ubc.sudoersLine ?? '', /^\S+ ALL=\(root\) NOPASSWD: \/\S+\/cat \/\S+\/proc\/user_beancounters$/);
    assert.ok(ubc.sudoersLine!.endsWith(`${root}/proc/user_beancounters`));
    // Everything else was still read.
    assert.deepEqual(s.sysctls.tcpWmem, { state: 'ok', value: [4096, 16384, 4194304] });
  });

  it('reports notTried when the sudo fallback is off', async (t) => {
    if (!needs(t, runner !== null, 'running as root without a "nobody" user to drop to')) return;
    const s = unwrap(await takeSample(runner!, { ...LIMITS, useSudo: false }));
    assert.ok(s.beancounters.state === 'unavailable' && s.beancounters.sudo === 'notTried');
  });
});

describe('sample under a fake cgroup v2 KVM guest', () => {
  it('follows a cgroup path with a space and a colon as a quoted shell variable', async () => {
    const root = makeFakeRoot('kvm-root');
    try {
      const s = unwrap(await takeSample(new LocalRunner({ root }), { ...LIMITS, useSudo: true }));
      assert.equal(s.cgroup.path, '/system.slice/web app:1.service');
      assert.deepEqual(s.cgroup.memoryMax, { state: 'ok', value: 268435456 });
      assert.deepEqual(s.cgroup.pidsMax, { state: 'ok', value: null });
      const f = unwrap(await readHostFacts(new LocalRunner({ root }), LIMITS));
      assert.equal(f.dmi.sysVendor, 'QEMU');
      assert.equal(f.hypervisorFlag, true);
    } finally {
      removeFakeRoot(root);
    }
  });
});

describe('the sample finds the cgroup v2 path in /proc/self/cgroup itself (docs/method.md §5.1)', () => {
  const CASES: [fixture: string, path: string | null][] = [
    ['cgroup-v2/self-cgroup-v2.txt', '/system.slice/nginx.service'],
    ['cgroup-v2/self-cgroup-namespace.txt', '/'],
    ['captured-6.18/self-cgroup-hybrid.txt', '/'],
    ['cgroup-v2/self-cgroup-v1.txt', null],
  ];
  for (const [fixture, path] of CASES) {
    it(`${fixture}: ${path ?? 'no v2 path'}`, async () => {
      const root = makeFakeRoot('kvm-root');
      try {
        writeFileSync(join(root, 'proc/self/cgroup'), readKernelFixture(fixture));
        const s = unwrap(await takeSample(new LocalRunner({ root }), { ...LIMITS, useSudo: false }));
        assert.equal(s.cgroup.path, path);
      } finally {
        removeFakeRoot(root);
      }
    });
  }
});

describe('takeSample maps runner outcomes to typed errors', () => {
  const result = (patch: Partial<ExecResult>): ExecResult => ({
    stdout: Buffer.alloc(0),
    stderr: Buffer.alloc(0),
    exitCode: 0,
    exitSignal: null,
    truncated: false,
    timedOut: false,
    durationMs: 1,
    ...patch,
  });
  /** Answers with `patch`; `echo` copies the real markers for the nonce it was given. */
  const fake = (patch: Partial<ExecResult>, echo?: (nonce: string) => string): CommandRunner => ({
    exec: async (req) => result({ ...patch, ...(echo ? { stdout: Buffer.from(echo(req.args[0]!)) } : {}) }),
  });
  const complete = (n: string) =>
    `__VPSD_${n} begin sample\n__VPSD_${n} section proc\nproc/uptime:5 6\n__VPSD_${n} close 0\n__VPSD_${n} end\n`;
  const reason = async (runner: CommandRunner) => failure(await takeSample(runner, { ...LIMITS, useSudo: false }));

  it('timeout and output cap win over whatever was received', async () => {
    assert.equal((await reason(fake({ timedOut: true, exitCode: null }, complete))).reason, 'timeout');
    const big = await reason(fake({ truncated: true }, complete));
    assert.equal(big.reason, 'outputTooLarge');
    assert.match(big.message, /4194304 bytes/);
  });

  it('no start marker: unexpected environment, whatever the exit status', async () => {
    assert.equal(
      (await reason(fake({ stdout: Buffer.from('This service allows sftp connections only.\n'), exitCode: 1 }))).reason,
      'unexpectedEnvironment',
    );
    assert.equal(
      (await reason(fake({ exitCode: 127, stderr: Buffer.from('sh: not found\n') }))).reason,
      'unexpectedEnvironment',
    );
  });

  it('a non-zero exit, a signal or no status discards even complete-looking output', async () => {
    const killed = await reason(fake({ exitCode: 137 }, complete));
    assert.equal(killed.reason, 'exitStatus');
    assert.match(killed.message, /137/);
    const sig = await reason(fake({ exitCode: null, exitSignal: 'KILL', stderr: Buffer.from('\nKilled\n') }, complete));
    assert.match(sig.message, /signal KILL \(Killed\)/);
    assert.match((await reason(fake({ exitCode: null }, complete))).message, /without an exit status/);
  });

  it('exit 0 without the end marker: truncated', async () => {
    assert.equal((await reason(fake({}, (n) => complete(n).replace(`__VPSD_${n} end\n`, '')))).reason, 'truncated');
  });

  it('a cap on a real flood of output (tiny limit through LocalRunner)', async () => {
    const r = failure(await takeSample(new LocalRunner(), { timeoutMs: 15_000, maxOutputBytes: 512, useSudo: false }));
    assert.equal(r.reason, 'outputTooLarge');
  });

  it('complete output with exit 0 becomes a snapshot', async () => {
    const s = unwrap(await takeSample(fake({}, complete), { ...LIMITS, useSudo: false }));
    assert.deepEqual(s.uptimeSeconds, { state: 'ok', value: 5 });
  });
});
