import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { PingConfig } from 'ping';
import { PingError, runPing, runPingWith, type PingDeps } from '../../src/core/probes/ping';
import { DEFAULT_PING_COUNT, MAX_PING_COUNT, settingPingCount } from '../../src/core/probes/pingLimits';
import { busyBoxPingOnPath, pingConfig, pingDeadlineSeconds, pingPlatformFor } from '../../src/core/probes/pingCommand';
import { wilsonInterval, Z95 } from '../../src/core/probes/stats';
import { pingFixture } from './pingFixtures';

/** The first file called `name` in a PATH folder, or undefined. */
function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((d) => d !== '')
    .map((d) => join(d, name))
    .find((p) => existsSync(p));
}

/** Why a test that needs `program` cannot run here, or undefined when it can. */
function missing(program: string, debianPackage: string): string | undefined {
  return onPath(program) === undefined ? `${program} not found (Debian: apt-get install ${debianPackage})` : undefined;
}

/**
 * Tests that need a system program skip with one line locally and fail under CI=true (README, "Tests"): there the
 * test runs and `requireProgram` fails it. CI installs the Debian packages `iputils-ping` and `busybox`.
 */
function skipUnlessCi(program: string, debianPackage: string): string | false {
  const why = missing(program, debianPackage);
  return why !== undefined && process.env.CI !== 'true' ? why : false;
}

function requireProgram(program: string, debianPackage: string): void {
  const why = missing(program, debianPackage);
  if (why !== undefined) throw new Error(`${why}; CI must install it`);
}

test(
  'a real ping of 127.0.0.1: 10 probes, none lost, the interval of 0 out of 10',
  { skip: skipUnlessCi('ping', 'iputils-ping') },
  async () => {
    requireProgram('ping', 'iputils-ping');
    const seen: [number, number | null][] = [];
    const r = await runPing({
      host: '127.0.0.1',
      count: 10,
      intervalSeconds: 0.2,
      timeoutSeconds: 1,
      onReply: (seq, rtt) => seen.push([seq, rtt]),
    });
    assert.equal(r.host, '127.0.0.1');
    assert.equal(r.sent, 10);
    assert.equal(r.received, 10);
    assert.deepEqual(r.lostSeqs, []);
    assert.equal(r.loss.fraction, 0);
    assert.deepEqual(r.loss.ci95, wilsonInterval(0, 10));
    assert.equal(r.loss.ci95[0], 0);
    assert.ok(Math.abs(r.loss.ci95[1] - (Z95 * Z95) / (10 + Z95 * Z95)) < 1e-12); // ≈ 27.8 %
    assert.deepEqual(
      r.replies.map((x) => x.seq),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.ok(
      r.rtt !== null && r.rtt.min >= 0 && r.rtt.min <= r.rtt.p50 && r.rtt.p50 <= r.rtt.p95 && r.rtt.p95 <= r.rtt.max,
    );
    assert.deepEqual(
      seen,
      r.replies.map((x) => [x.seq, x.rttMs]),
    );
    assert.match(r.raw, /^10 packets transmitted, 10 received/m);
    assert.equal(r.platform, busyBoxPingOnPath() ? 'busybox' : 'linux');
  },
);

test(
  'a real ping through BusyBox is recognised and read from sequence 0',
  { skip: skipUnlessCi('busybox', 'busybox') },
  async () => {
    requireProgram('busybox', 'busybox');
    const dir = mkdtempSync(join(tmpdir(), 'vpsdoctor-busybox-'));
    const saved = process.env.PATH;
    try {
      symlinkSync(onPath('busybox')!, join(dir, 'ping'));
      // The package spawns `ping` through PATH; put BusyBox's first, as on Alpine.
      process.env.PATH = `${dir}${delimiter}${saved ?? ''}`;
      const r = await runPing({ host: '127.0.0.1', count: 3, intervalSeconds: 0.2, timeoutSeconds: 1 });
      assert.equal(r.platform, 'busybox');
      assert.deepEqual(
        r.replies.map((x) => x.seq),
        [0, 1, 2],
      );
      assert.equal(r.received, 3);
      assert.match(r.raw, /3 packets transmitted, 3 packets received/);
    } finally {
      process.env.PATH = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'cancelling a real run rejects at once with the signal reason',
  { skip: skipUnlessCi('ping', 'iputils-ping') },
  async () => {
    requireProgram('ping', 'iputils-ping');
    const ac = new AbortController();
    const run = runPing({ host: '127.0.0.1', count: 3, intervalSeconds: 0.2, timeoutSeconds: 1, signal: ac.signal });
    setImmediate(() => ac.abort());
    await assert.rejects(run, { name: 'AbortError' });
  },
);

/** A fake machine: records the configs it was asked to run and answers with `output`. */
function fake(
  platform: PingDeps['platform'],
  output: string | (() => Promise<{ output: string }>),
): PingDeps & { calls: { host: string; config: PingConfig }[] } {
  const calls: { host: string; config: PingConfig }[] = [];
  return {
    platform,
    calls,
    probe: (host, config) => {
      calls.push({ host, config });
      return typeof output === 'string' ? Promise.resolve({ output }) : output();
    },
  };
}

test('the fixture output flows through to a result, with onReply in send order', async () => {
  const deps = fake('linux', pingFixture('linux-deadline-extra.txt'));
  const seen: [number, number | null][] = [];
  const r = await runPingWith(deps, {
    host: '192.0.2.10',
    count: 10,
    intervalSeconds: 0.2,
    timeoutSeconds: 1,
    onReply: (s, t) => seen.push([s, t]),
  });
  assert.equal(r.host, '192.0.2.10');
  assert.equal(r.sent, 10);
  assert.deepEqual(
    seen.map(([s]) => s),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  assert.deepEqual(
    seen.filter(([, t]) => t === null).map(([s]) => s),
    [6, 10],
  );
  assert.equal(deps.calls.length, 1);
  // deadline: the 10th probe leaves at 9 × 0.2 s and gets the 1 s timeout, plus 1 s: ceil(2.8) + 1 = 4.
  assert.deepEqual(deps.calls[0].config, {
    numeric: true,
    timeout: 1,
    deadline: 4,
    min_reply: 10,
    v6: false,
    extra: ['-i', '0.2', '-O'],
  });
});

test('options that could hurt or mean nothing are refused before anything runs', async () => {
  const deps = fake('linux', '');
  for (const host of ['-f', '--help', '', 'a b', '127.0.0.1;reboot', 'x'.repeat(254)]) {
    await assert.rejects(
      runPingWith(deps, { host }),
      (e: unknown) => e instanceof PingError && e.reason === 'options',
      host,
    );
  }
  for (const bad of [
    { count: 0 },
    { count: 65536 },
    { count: 1.5 },
    { intervalSeconds: 0 },
    { intervalSeconds: Number.NaN },
    { timeoutSeconds: 0.5 },
    { timeoutSeconds: 61 },
  ]) {
    await assert.rejects(
      runPingWith(deps, { host: '127.0.0.1', ...bad }),
      (e: unknown) => e instanceof PingError && e.reason === 'options',
    );
  }
  await assert.rejects(
    runPingWith(fake(null, ''), { host: '127.0.0.1' }),
    (e: unknown) => e instanceof PingError && e.reason === 'platform',
  );
  assert.equal(deps.calls.length, 0);
});

test('an already cancelled signal starts nothing; a cancel mid-run does not wait for ping', async () => {
  const before = fake('linux', '');
  const ac = new AbortController();
  ac.abort(new Error('stop'));
  await assert.rejects(runPingWith(before, { host: '127.0.0.1', signal: ac.signal }), /stop/);
  assert.equal(before.calls.length, 0);

  const hanging = fake('linux', () => new Promise(() => undefined));
  const ac2 = new AbortController();
  const run = runPingWith(hanging, { host: '127.0.0.1', signal: ac2.signal });
  setImmediate(() => ac2.abort());
  await assert.rejects(run, { name: 'AbortError' });
  assert.equal(hanging.calls.length, 1);
});

test('a ping that cannot start, or output that does not add up, is a typed error', async () => {
  const missing = fake('linux', () =>
    Promise.reject(new Error('ping.probe: there was an error while executing the ping program.')),
  );
  await assert.rejects(
    runPingWith(missing, { host: '127.0.0.1' }),
    (e: unknown) => e instanceof PingError && e.reason === 'spawn' && /executing/.test(e.message),
  );
  const text = pingFixture('linux-network-unreachable.txt');
  await assert.rejects(runPingWith(fake('linux', text), { host: '198.18.0.2' }), (e: unknown) => {
    return (
      e instanceof PingError &&
      e.reason === 'output' &&
      e.parse?.line === 1 &&
      e.raw === text &&
      /ping output:1: .*Network is unreachable/.test(e.message)
    );
  });
});

test('the package options per platform', () => {
  const plan = { host: '192.0.2.10', count: 100, intervalSeconds: 0.2, timeoutSeconds: 2 };
  assert.equal(pingDeadlineSeconds(plan), Math.ceil(99 * 0.2 + 2) + 1);
  assert.deepEqual(pingConfig('busybox', plan).extra, ['-i', '0.2']);
  assert.deepEqual(pingConfig('linux', { ...plan, host: '2001:db8::1' }), {
    numeric: true,
    timeout: 2,
    deadline: 23,
    min_reply: 100,
    v6: false,
    extra: ['-i', '0.2', '-O', '-6'],
  });
  assert.deepEqual(pingConfig('darwin', plan), {
    numeric: true,
    timeout: 2,
    deadline: 23,
    min_reply: 100,
    v6: false,
    extra: ['-i', '0.2'],
  });
  assert.deepEqual(pingConfig('darwin', { ...plan, host: '2001:db8::1' }), {
    numeric: true,
    timeout: false,
    deadline: false,
    min_reply: 100,
    v6: true,
    extra: ['-i', '0.2'],
  });
  // Windows: no deadline (the package throws on one) and no -i (it is Windows' TTL).
  assert.deepEqual(pingConfig('win32', plan), { numeric: true, timeout: 2, min_reply: 100, v6: false });
  assert.equal(
    pingPlatformFor('win32', () => true),
    'win32',
  );
  assert.equal(
    pingPlatformFor('freebsd', () => true),
    'darwin',
  );
  assert.equal(
    pingPlatformFor('linux', () => true),
    'busybox',
  );
  assert.equal(
    pingPlatformFor('linux', () => false),
    'linux',
  );
  assert.equal(
    pingPlatformFor('aix', () => false),
    null,
  );
});

test('BusyBox is found by where the first ping on PATH leads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsdoctor-path-'));
  try {
    const folder = (name: string): string => {
      const d = join(dir, name);
      mkdirSync(d);
      return d;
    };
    const bin = folder('bin');
    writeFileSync(join(bin, 'busybox'), '');
    writeFileSync(join(bin, 'iputils-ping'), '');
    const busybox = folder('busybox');
    symlinkSync(join(bin, 'busybox'), join(busybox, 'ping'));
    const iputils = folder('iputils');
    symlinkSync(join(bin, 'iputils-ping'), join(iputils, 'ping'));
    const dangling = folder('dangling');
    symlinkSync(join(dir, 'gone'), join(dangling, 'ping'));
    const empty = folder('empty');
    const path = (...dirs: string[]): string => dirs.join(delimiter);
    assert.equal(busyBoxPingOnPath(path(empty, busybox)), true);
    assert.equal(busyBoxPingOnPath(path(iputils, busybox)), false); // the first ping wins
    assert.equal(busyBoxPingOnPath(path(dangling, '', busybox)), true); // a broken link is not what runs
    assert.equal(busyBoxPingOnPath(path(empty)), false);
    assert.equal(busyBoxPingOnPath(''), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a ping count from the settings is whole and within 0..MAX_PING_COUNT; not a number gives the default', () => {
  assert.deepEqual([0, 1, 250.9, -3, MAX_PING_COUNT + 1].map(settingPingCount), [0, 1, 250, 0, MAX_PING_COUNT]);
  assert.equal(settingPingCount(Number.NaN), DEFAULT_PING_COUNT);
  assert.equal(settingPingCount(Number.POSITIVE_INFINITY), DEFAULT_PING_COUNT);
});
