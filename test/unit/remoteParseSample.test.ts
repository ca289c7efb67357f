import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseHostFacts } from '../../src/core/remote/hostFacts';
import { parseSample, type RawSample } from '../../src/core/remote/parseSample';
import { buildSnapshot } from '../../src/core/remote/snapshot';
import { captured, failure, FIXTURE_NONCE as N, unwrap } from './remoteFixtures';

const debian = captured('sample-debian12-dash.out');
const openvz = captured('sample-openvz-nobody-busybox.out');
const kvm = captured('sample-kvm-cgroup-bash.out');
const busyboxOnly = captured('sample-openvz-busybox-only.out');
const CAPTURES = [debian, openvz, kvm, busyboxOnly];

const lines = (buf: Buffer): string[] => buf.toString('utf8').split('\n');
const join = (ls: string[]): Buffer => Buffer.from(ls.join('\n'));
const lineOf = (buf: Buffer, needle: string): number => lines(buf).findIndex((l) => l.includes(needle)) + 1;

describe('parseSample on captured outputs', () => {
  it('reads this machine (Debian 12, dash): counters and sysctls ok, no beancounters', () => {
    const raw = unwrap(parseSample(debian, N));
    assert.equal(raw.files.get('/proc/uptime')?.state, 'ok');
    assert.deepEqual(raw.files.get('/proc/user_beancounters'), { state: 'missing' });
    const snmp = raw.files.get('/proc/net/snmp');
    assert.ok(snmp?.state === 'ok' && snmp.text.includes('Tcp: RtoAlgorithm'));
    assert.equal(raw.cgroupPath, '/');
    assert.equal(raw.ubcAccess, null);
  });

  it('reads an OpenVZ container as nobody (BusyBox): beancounters need root, sudo asked for a password', () => {
    const raw = unwrap(parseSample(openvz, N));
    assert.deepEqual(raw.files.get('/proc/user_beancounters'), { state: 'needsRoot' });
    assert.deepEqual(raw.files.get('/proc/net/stat/nf_conntrack'), { state: 'missing' });
    assert.deepEqual(raw.files.get('/proc/sys/net/core/wmem_max'), { state: 'ok', text: '133120\n' });
    assert.equal(raw.cgroupPath, null);
    assert.deepEqual(raw.ubcAccess, {
      user: 'nobody',
      catPath: '/usr/bin/cat',
      path: '/proc/user_beancounters',
      sudo: { exitCode: 1, stdout: '', stderr: 'sudo: a password is required', validUtf8: true },
    });
  });

  it('reads the cgroup files of a path with a space and a colon (bash, fake KVM root)', () => {
    const raw = unwrap(parseSample(kvm, N));
    assert.equal(raw.cgroupPath, '/system.slice/web app:1.service');
    assert.deepEqual(raw.files.get('/sys/fs/cgroup/system.slice/web app:1.service/pids.max'), {
      state: 'ok',
      text: 'max\n',
    });
    const events = raw.files.get('/sys/fs/cgroup/system.slice/web app:1.service/memory.events');
    assert.ok(events?.state === 'ok' && events.text.startsWith('low 0\nhigh 0\nmax 12\n'));
  });
});

describe('parseSample framing errors', () => {
  it('ignores a shell banner before the start marker, even one without a final newline or valid UTF-8', () => {
    const plain = unwrap(parseSample(debian, N));
    const banner = Buffer.concat([
      Buffer.from('Welcome to Ubuntu\r\nLast login: yesterday\n\xff\xfe junk\n', 'latin1'),
      Buffer.from('motd: no newline here'),
    ]);
    const withBanner = unwrap(parseSample(Buffer.concat([banner, debian]), N));
    assert.deepEqual(withBanner, plain);
  });

  it('reports a missing start marker as an unexpected environment (ForceCommand, restricted shell)', () => {
    const e = failure(parseSample(Buffer.from('This account is currently not available.\n'), N));
    assert.equal(e.reason, 'unexpectedEnvironment');
    assert.equal(failure(parseSample(Buffer.alloc(0), N)).reason, 'unexpectedEnvironment');
  });

  it('reports output without the end marker as truncated, naming the last line', () => {
    const ls = lines(debian);
    const cut = join(ls.slice(0, 20));
    const e = failure(parseSample(cut, N));
    assert.equal(e.reason, 'truncated');
    assert.equal(e.line, 20);
    assert.equal(failure(parseSample(Buffer.from(`__VPSD_${N} begin sample`), N)).reason, 'truncated');
  });

  it('rejects markers of another run (wrong nonce)', () => {
    const e = failure(parseSample(debian, 'deadbeefdeadbeefdeadbeefdeadbeef'));
    assert.equal(e.reason, 'wrongNonce');
    assert.equal(e.line, 1);
  });

  it('rejects a nonce that is not hex', () => {
    assert.equal(failure(parseSample(debian, 'not-a-nonce')).reason, 'malformed');
  });

  it('rejects a stray line between the markers, naming it', () => {
    const ls = lines(debian);
    const at = lineOf(debian, 'proc/net/sockstat:');
    ls.splice(at - 1, 0, 'sh: 1: something printed this');
    const e = failure(parseSample(join(ls), N));
    assert.equal(e.reason, 'malformed');
    assert.equal(e.line, at);
  });

  it('rejects garbage that is not even a line of any file, and unknown control words', () => {
    const ls = lines(debian);
    ls.splice(3, 0, '\u0000\u0001 garbage');
    assert.equal(failure(parseSample(join(ls), N)).reason, 'malformed');
    const ctl = lines(debian);
    ctl.splice(2, 0, `__VPSD_${N} explode now`);
    assert.equal(failure(parseSample(join(ctl), N)).reason, 'malformed');
  });

  it('keeps invalid UTF-8 to the file it appears in', () => {
    const ls = debian.toString('latin1').split('\n');
    const at = ls.findIndex((l) => l.startsWith('proc/sys/net/core/somaxconn:'));
    ls[at] = 'proc/sys/net/core/somaxconn:\xff\xfe';
    const raw = unwrap(parseSample(Buffer.from(ls.join('\n'), 'latin1'), N));
    assert.deepEqual(raw.files.get('/proc/sys/net/core/somaxconn'), {
      state: 'error',
      message: `invalid UTF-8 on output line ${at + 1}`,
    });
    assert.equal(raw.files.get('/proc/sys/net/core/wmem_max')?.state, 'ok');
  });

  it('reads CRLF output exactly as LF output', () => {
    for (const buf of CAPTURES) {
      const crlf = Buffer.from(buf.toString('utf8').replaceAll('\n', '\r\n'));
      assert.deepEqual(unwrap(parseSample(crlf, N)), unwrap(parseSample(buf, N)));
    }
  });

  it('ignores what a logout script prints after the end marker', () => {
    const raw = unwrap(parseSample(Buffer.concat([debian, Buffer.from('logout\n\xff\n', 'latin1')]), N));
    assert.deepEqual(raw, unwrap(parseSample(debian, N)));
  });
});

describe('parseSample per-file states', () => {
  const proc = (body: string, rc = 0, tail = ''): Buffer =>
    Buffer.from(
      `__VPSD_${N} begin sample\n__VPSD_${N} section proc\n${body}__VPSD_${N} close ${rc}\n${tail}__VPSD_${N} end\n`,
    );

  it('maps grep messages to missing, needsRoot and error', () => {
    const raw = unwrap(
      parseSample(
        proc(
          'grep: proc/net/snmp: Permission denied\ngrep: proc/net/netstat: Is a directory\ngrep: proc/uptime: No such file or directory\n',
          2,
        ),
        N,
      ),
    );
    assert.deepEqual(raw.files.get('/proc/net/snmp'), { state: 'needsRoot' });
    assert.deepEqual(raw.files.get('/proc/net/netstat'), { state: 'error', message: 'Is a directory' });
    assert.deepEqual(raw.files.get('/proc/uptime'), { state: 'missing' });
  });

  it('treats a file that printed nothing as empty, and an error after content as an error', () => {
    const raw = unwrap(parseSample(proc('proc/uptime:1 2\ngrep: proc/uptime: Input/output error\n', 2), N));
    assert.deepEqual(raw.files.get('/proc/uptime'), { state: 'error', message: 'Input/output error' });
    assert.deepEqual(raw.files.get('/proc/net/snmp'), { state: 'ok', text: '' });
  });

  it('marks every file as an error when grep was killed part-way', () => {
    const raw = unwrap(parseSample(proc('proc/uptime:1 2\n', 137), N));
    assert.deepEqual(raw.files.get('/proc/uptime'), {
      state: 'error',
      message: 'reading stopped early (grep exit status 137)',
    });
  });

  it('rejects a line naming a file that was not asked for', () => {
    assert.equal(failure(parseSample(proc('etc/shadow:root:x\n'), N)).reason, 'malformed');
    assert.equal(failure(parseSample(proc('grep: etc/shadow: Permission denied\n'), N)).reason, 'malformed');
  });

  it('marks every cgroup file missing when the cgroup directory is absent', () => {
    const raw = unwrap(
      parseSample(proc('', 0, `__VPSD_${N} fact cgroup /user.slice\n__VPSD_${N} fact cgroupdir missing\n`), N),
    );
    assert.deepEqual(raw.files.get('/sys/fs/cgroup/user.slice/memory.max'), { state: 'missing' });
  });

  it('keeps sudo output exact, with or without a final newline', () => {
    const access = (content: string): RawSample['ubcAccess'] => {
      const tail = `__VPSD_${N} fact user admin\n__VPSD_${N} fact cat /bin/cat\n__VPSD_${N} text sudo\n${content}\n__VPSD_${N} close 0\n__VPSD_${N} text sudoerr\n\n__VPSD_${N} close\n`;
      return unwrap(parseSample(proc('grep: proc/user_beancounters: Permission denied\n', 2, tail), N)).ubcAccess;
    };
    assert.equal(access('a\nb\n')?.sudo?.stdout, 'a\nb\n');
    assert.equal(access('a\nb')?.sudo?.stdout, 'a\nb');
    assert.equal(access('')?.sudo?.stdout, '');
    assert.equal(access('x')?.sudo?.stderr, '');
    assert.equal(access('x')?.path, null);
  });
});

describe('parseHostFacts on captured outputs', () => {
  it('reads this machine (Docker on Debian 12)', () => {
    const f = unwrap(parseHostFacts(captured('hostfacts-debian12-docker.out'), N));
    assert.equal(f.machine, 'x86_64');
    assert.equal(f.exists['.dockerenv'], true);
    assert.equal(f.systemdDetectVirt, 'docker');
    assert.equal(f.envId, null);
    assert.equal(f.tools.timeoutKill, true);
  });

  it('reads a fake OpenVZ container through BusyBox', () => {
    const f = unwrap(parseHostFacts(captured('hostfacts-openvz-busybox.out'), N));
    assert.equal(f.osRelease, '2.6.32-042stab145.3');
    assert.equal(f.envId, '12345');
    assert.equal(f.exists['proc/vz'], true);
    assert.equal(f.exists['proc/bc'], false);
    assert.equal(f.containerEnv, null);
    assert.equal(f.systemdDetectVirt, null);
  });

  it('shares the framing errors', () => {
    assert.equal(failure(parseHostFacts(captured('sample-debian12-dash.out'), N)).reason, 'malformed');
    assert.equal(failure(parseHostFacts(Buffer.from('Last login: today\n'), N)).reason, 'unexpectedEnvironment');
    assert.equal(
      failure(parseHostFacts(captured('hostfacts-openvz-busybox.out'), 'ab'.repeat(16))).reason,
      'wrongNonce',
    );
  });
});

describe('parsers are total (fast-check)', () => {
  const lineList = (buf: Buffer) => buf.toString('latin1').split('\n');

  /** Truncate, duplicate a line, insert garbage, or swap line ends, as docs/security.md §5.4 lists. */
  const mutated = fc
    .tuple(
      fc.constantFrom(...CAPTURES),
      fc.nat(),
      fc.nat(),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('truncate', 'duplicate', 'insert', 'crlf', 'drop'),
    )
    .map(([buf, i, j, junk, op]) => {
      const ls = lineList(buf);
      const at = i % ls.length;
      if (op === 'truncate') return buf.subarray(0, j % (buf.length + 1));
      if (op === 'duplicate') ls.splice(at, 0, ls[at]!);
      if (op === 'insert') ls.splice(at, 0, junk);
      if (op === 'drop') ls.splice(at, 1);
      if (op === 'crlf') return Buffer.from(ls.join('\r\n'), 'latin1');
      return Buffer.from(ls.join('\n'), op === 'insert' ? 'utf8' : 'latin1');
    });

  const total = (buf: Buffer, nonce: string) => {
    const sample = parseSample(buf, nonce);
    if (sample.ok) {
      const snap = buildSnapshot(sample.value);
      for (const r of [snap.sysctls.tcpWmem, snap.sysctls.wmemMax, snap.uptimeSeconds]) {
        if (r.state === 'ok') for (const v of [r.value].flat()) assert.ok(Number.isFinite(v) && v >= 0);
      }
    } else {
      assert.equal(sample.error.kind, 'sample');
      assert.ok(sample.error.line >= 0);
    }
    const facts = parseHostFacts(buf, nonce);
    assert.equal(typeof facts.ok, 'boolean');
  };

  it('never throws on arbitrary bytes, with or without our markers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.string({ unit: 'binary', maxLength: 300 }), (bytes, text) => {
        total(Buffer.from(bytes), N);
        total(Buffer.from(`__VPSD_${N} begin sample\n${text}\n__VPSD_${N} end\n`), N);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on mutated captures, and never accepts a truncated one', () => {
    fc.assert(
      fc.property(mutated, (buf) => total(buf, N)),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...CAPTURES), fc.nat(), (buf, i) => {
        const end = buf.indexOf(`__VPSD_${N} end`);
        assert.equal(parseSample(buf.subarray(0, i % end), N).ok, false);
      }),
      { numRuns: 200 },
    );
  });

  it('copes with a 100,000-character line', () => {
    const long = 'x'.repeat(100_000);
    const body = `__VPSD_${N} begin sample\n__VPSD_${N} section proc\nproc/uptime:${long}\n${long}\n__VPSD_${N} close 0\n__VPSD_${N} end\n`;
    assert.equal(failure(parseSample(Buffer.from(body), N)).reason, 'malformed');
    const snap = buildSnapshot(unwrap(parseSample(Buffer.from(body.replace(`${long}\n__VPSD`, `__VPSD`)), N)));
    assert.equal(snap.uptimeSeconds.state, 'error');
  });
});
