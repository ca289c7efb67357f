import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHostFacts } from '../../src/core/remote/hostFacts';
import {
  parseSample,
  type RawBeancounterAccess,
  type RawFile,
  type RawSample,
} from '../../src/core/remote/parseSample';
import { parseUptime } from '../../src/core/remote/parseUptime';
import { readBeancounters } from '../../src/core/remote/readBeancounters';
import { buildSnapshot, type Reading } from '../../src/core/remote/snapshot';
import { captured, FIXTURE_NONCE as N, seedText, unwrap } from './remoteFixtures';

const snapshotOf = (name: string) => buildSnapshot(unwrap(parseSample(captured(name), N)));

function value<T>(r: Reading<T>): T {
  if (r.state !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.value;
}

const UBC = '/proc/user_beancounters';
const rawWith = (ubc: RawFile, access: RawBeancounterAccess | null = null): RawSample => ({
  files: new Map([[UBC, ubc]]),
  cgroupPath: null,
  ubcAccess: access,
});
const denied = (sudo: RawBeancounterAccess['sudo'], user = 'admin') =>
  readBeancounters(rawWith({ state: 'needsRoot' }, { user, catPath: '/usr/bin/cat', path: UBC, sudo }));
const sudoRun = (exitCode: number | null, stderr: string, stdout = '') => ({
  exitCode,
  stdout,
  stderr,
  validUtf8: true,
});

describe('buildSnapshot', () => {
  it('assembles a cgroup v2 KVM guest, keeping one bad file to itself', () => {
    const s = snapshotOf('sample-kvm-cgroup-bash.out');
    assert.equal(value(s.uptimeSeconds), 86400.25);
    assert.deepEqual(value(s.sysctls.tcpWmem), [4096, 16384, 4194304]);
    assert.equal(value(s.sysctls.wmemMax), 212992);
    assert.equal(value(s.conntrack.count), 17);
    assert.equal(value(s.conntrack.max), 65536);
    assert.equal(value(s.conntrack.stat).entries, 0);
    assert.equal(s.cgroup.path, '/system.slice/web app:1.service');
    assert.equal(value(s.cgroup.memoryEvents).max, 12);
    assert.equal(value(s.cgroup.memoryEvents).oom_kill, 1);
    assert.equal(value(s.cgroup.memoryStat).sock, 1048576);
    assert.equal(value(s.cgroup.memoryMax), 268435456);
    assert.equal(value(s.cgroup.memoryCurrent), 167772160);
    assert.equal(value(s.cgroup.pidsMax), null);
    assert.equal(value(s.cgroup.pidsCurrent), 42);
    assert.ok(value(s.counters.snmp).Tcp !== undefined);
    // file-nr's max is LONG_MAX on systemd hosts: read as unlimited (null), never a rounded number.
    assert.deepEqual(value(s.sysctls.fileNr), [992, 0, null]);
    assert.deepEqual(s.errors, []);
    assert.deepEqual(s.beancounters, { state: 'missing' });
    assert.deepEqual(s.missing, [UBC]);
    assert.deepEqual(s.needsRoot, []);
  });

  it('assembles an OpenVZ container read without root: the seed sysctls, and the sudoers line to ask for', () => {
    const s = snapshotOf('sample-openvz-nobody-busybox.out');
    assert.deepEqual(value(s.sysctls.tcpWmem), [4096, 16384, 4194304]);
    assert.deepEqual(value(s.sysctls.tcpRmem), [4096, 87380, 4194304]);
    assert.equal(value(s.sysctls.rmemMax), 133120);
    assert.deepEqual(value(s.sysctls.tcpMem), [18000, 24000, 36000]);
    assert.equal(s.beancounters.state, 'unavailable');
    if (s.beancounters.state !== 'unavailable') return;
    assert.equal(s.beancounters.sudo, 'passwordRequired');
    assert.equal(s.beancounters.sudoMessage, 'sudo: a password is required');
    assert.equal(s.beancounters.sudoersLine, 'nobody ALL=(root) NOPASSWD: /usr/bin/cat /proc/user_beancounters');
    assert.ok(s.beancounters.advice.includes(s.beancounters.sudoersLine));
    assert.deepEqual(s.needsRoot, [UBC]);
    assert.ok(s.missing.includes('/proc/net/stat/nf_conntrack'));
    assert.equal(s.cgroup.path, null);
    assert.deepEqual(s.cgroup.memoryMax, { state: 'missing' });
  });

  it('reads a BusyBox-only host (grep, id, cat all BusyBox applets) where sudo is not installed', () => {
    const s = snapshotOf('sample-openvz-busybox-only.out');
    assert.deepEqual(value(s.sysctls.tcpMem), [18000, 24000, 36000]);
    assert.equal(s.beancounters.state, 'unavailable');
    if (s.beancounters.state !== 'unavailable') return;
    assert.equal(s.beancounters.sudo, 'missing');
    assert.equal(s.beancounters.sudoersLine, 'nobody ALL=(root) NOPASSWD: /bin/cat /proc/user_beancounters');
    assert.match(s.beancounters.advice, /sudo is not installed/);
  });

  it('attaches host facts and the virtualisation verdict when given', () => {
    const facts = unwrap(parseHostFacts(captured('hostfacts-openvz-busybox.out'), N));
    const s = buildSnapshot(unwrap(parseSample(captured('sample-openvz-nobody-busybox.out'), N)), facts);
    assert.equal(s.facts, facts);
    assert.equal(s.virtualization?.kind, 'openvz-container');
    assert.equal(s.virtualization?.label, 'OpenVZ container (CT 12345)');
  });

  it('keeps a needsRoot file of any kind in the list', () => {
    const s = buildSnapshot({
      files: new Map([['/proc/net/snmp', { state: 'needsRoot' }]]),
      cgroupPath: null,
      ubcAccess: null,
    });
    assert.deepEqual(s.counters.snmp, { state: 'needsRoot' });
    assert.deepEqual(s.needsRoot, ['/proc/net/snmp']);
    assert.deepEqual(s.sockstat, { state: 'missing' });
  });
});

describe('readBeancounters', () => {
  it('parses a readable file', () => {
    const r = readBeancounters(rawWith({ state: 'ok', text: seedText('seed_user_beancounters.txt') }));
    assert.ok(r.state === 'ok' && r.via === 'direct');
    assert.equal(r.table.containers[0]?.id, '12345');
  });

  it('uses what sudo printed, and then no longer counts the file as needing root', () => {
    const r = denied(
      sudoRun(0, 'sudo: unable to resolve host vps: Name or service not known', seedText('seed_user_beancounters.txt')),
    );
    assert.ok(r.state === 'ok' && r.via === 'sudo');
    const s = buildSnapshot({
      ...rawWith(
        { state: 'needsRoot' },
        { user: 'a', catPath: '/bin/cat', path: UBC, sudo: sudoRun(0, '', seedText('seed_user_beancounters.txt')) },
      ),
    });
    assert.deepEqual(s.needsRoot, []);
  });

  it('classifies each sudo failure and says what to do', () => {
    const cases: [ReturnType<typeof sudoRun> | null, string][] = [
      [null, 'notTried'],
      [sudoRun(127, 'sh: 1: sudo: not found'), 'missing'],
      [sudoRun(1, 'sudo: a password is required'), 'passwordRequired'],
      [sudoRun(1, 'sudo: sorry, you must have a tty to run sudo'), 'requiresTty'],
      [sudoRun(1, 'admin is not in the sudoers file.  This incident will be reported.'), 'notAllowed'],
      [
        sudoRun(1, 'Sorry, user admin is not allowed to execute /usr/bin/cat /proc/user_beancounters as root on vps.'),
        'notAllowed',
      ],
      [sudoRun(1, 'sudo: PAM account management error'), 'failed'],
    ];
    for (const [attempt, outcome] of cases) {
      const r = denied(attempt);
      assert.ok(r.state === 'unavailable', outcome);
      assert.equal(r.sudo, outcome);
      assert.equal(r.sudoersLine, 'admin ALL=(root) NOPASSWD: /usr/bin/cat /proc/user_beancounters');
      assert.ok(r.advice.startsWith('Reading /proc/user_beancounters needs root'), r.advice);
    }
    const tty = denied(sudoRun(1, 'sudo: sorry, you must have a tty to run sudo'));
    assert.ok(tty.state === 'unavailable' && tty.advice.includes('Defaults:admin !requiretty'));
  });

  it('never builds a sudoers line from hostile server text', () => {
    for (const user of ['root ALL=(ALL) ALL\nx', 'a b', '%admin', '']) {
      const r = denied(sudoRun(1, 'sudo: a password is required'), user);
      assert.ok(r.state === 'unavailable' && r.sudoersLine === null, user);
      assert.ok(r.advice.includes('<user> ALL=(root) NOPASSWD: <absolute path of cat> /proc/user_beancounters'));
    }
    const badCat = readBeancounters(
      rawWith({ state: 'needsRoot' }, { user: 'a', catPath: 'cat; ALL', path: UBC, sudo: null }),
    );
    assert.ok(badCat.state === 'unavailable' && badCat.sudoersLine === null);
  });

  it('reports read errors, parse errors and sudo output that is not UTF-8 as errors', () => {
    const io = readBeancounters(rawWith({ state: 'error', message: 'Input/output error' }));
    assert.ok(io.state === 'error' && io.error.message === 'Input/output error' && io.error.source === UBC);
    const junk = readBeancounters(rawWith({ state: 'ok', text: 'not a beancounters file\n' }));
    assert.ok(junk.state === 'error' && junk.error.source === UBC);
    const bad = denied({ exitCode: 0, stdout: '\ufffd', stderr: '', validUtf8: false });
    assert.ok(bad.state === 'error');
  });
});

describe('parseUptime', () => {
  it('returns the first field in seconds', () => {
    assert.deepEqual(parseUptime('350735.47 234388.90\n'), { ok: true, value: 350735.47 });
    assert.deepEqual(parseUptime('12 30\n'), { ok: true, value: 12 });
  });

  it('names the line of what it rejects', () => {
    for (const [text, line] of [
      ['', 0],
      ['\n\n', 0],
      ['abc 1\n', 1],
      ['1\n', 1],
      ['-1 2\n', 1],
      ['1 2\n3 4\n', 2],
      ['1e9 2\n', 1],
      ['\n1 x\n', 2],
    ] as const) {
      const r = parseUptime(text);
      assert.ok(!r.ok, text);
      assert.equal(r.error.line, line, text);
      assert.equal(r.error.source, '/proc/uptime');
    }
  });
});
