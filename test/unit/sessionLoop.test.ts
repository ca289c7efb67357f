import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { HostSession, type SampleView, type SessionState } from '../../src/core/session/hostSession';
import { SshError } from '../../src/core/ssh/sshErrors';
import { FakeClock, FakeHost, FakeLink, fakeDeps, settle } from './sessionFakes';

const target = { id: 'ssh:vps', label: 'vps', alias: 'vps', source: 'ssh-config' as const };

describe('HostSession sampling loop (fake runner, fake clock)', () => {
  let dir: string;
  let clock: FakeClock;
  let host: FakeHost;
  let link: FakeLink;
  let session: HostSession;
  let logs: { level: string; message: string }[];
  let views: SampleView[];
  let states: SessionState[];

  const start = async (over: Parameters<typeof fakeDeps>[3] = {}): Promise<void> => {
    const made = fakeDeps(dir, link, clock, over);
    logs = made.logs;
    session = new HostSession(target, made.deps);
    views = [];
    states = [];
    session.onDidSample((v) => views.push(v));
    session.onDidChangeState((s) => states.push(s));
    await session.connect();
    await settle();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vpsd-session-'));
    clock = new FakeClock();
    host = new FakeHost();
    link = new FakeLink(host);
  });
  afterEach(async () => {
    session?.dispose();
    await settle();
    rmSync(dir, { recursive: true, force: true });
  });

  test('samples once right after connecting, then once per interval', async () => {
    await start();
    assert.equal(session.state.kind, 'connected');
    assert.equal(host.samples, 1);
    assert.equal(session.facts?.osRelease, '2.6.32-042stab145.3');
    assert.equal(session.virtualization?.kind, 'openvz-container');
    await clock.advance(4999);
    assert.equal(host.samples, 1);
    await clock.advance(1);
    assert.equal(host.samples, 2);
    await clock.advance(10_000);
    assert.equal(host.samples, 4);
    assert.equal(views.length, 4);
    assert.ok(views.every((v) => !v.stale));
    assert.equal(session.samplingStats.taken, 4);
  });

  test('never overlaps: a slow sample delays the next one, and sampleNow joins the one in flight', async () => {
    host.hold = true;
    await start();
    await clock.advance(30_000);
    assert.equal(host.samples, 1, 'no new sample starts while one runs');
    const joined = session.sampleNow();
    await settle();
    assert.equal(host.samples, 1);
    host.hold = false;
    host.release();
    const view = await joined;
    assert.equal(view, session.latest);
    assert.equal(host.maxRunning, 1);
    // The interval has long passed since the slow sample started: the next one is due at once.
    await clock.advance(0);
    assert.equal(host.samples, 2);
    assert.equal(host.maxRunning, 1);
  });

  test('pauses while hidden when hiddenIntervalMs is null, and catches up when shown', async () => {
    await start();
    session.setVisible(false);
    await clock.advance(60_000);
    assert.equal(host.samples, 1);
    assert.deepEqual(clock.pending(), []);
    session.setVisible(true);
    await clock.advance(0);
    assert.equal(host.samples, 2);
  });

  test('slows down while hidden when hiddenIntervalMs is set', async () => {
    await start({ hiddenIntervalMs: 30_000 });
    session.setVisible(false);
    await clock.advance(29_999);
    assert.equal(host.samples, 1);
    await clock.advance(1);
    assert.equal(host.samples, 2);
    await clock.advance(60_000);
    assert.equal(host.samples, 4);
  });

  test('counts every failed sample, shows it on the state, and keeps trying', async () => {
    await start();
    host.next = ['junk', 'timeout', 'truncated', 'transport'];
    for (let i = 0; i < 4; i++) await clock.advance(5000);
    assert.equal(host.samples, 5);
    const stats = session.samplingStats;
    assert.equal(stats.failed, 4);
    assert.equal(stats.taken, 1);
    assert.equal(session.state.kind, 'connected');
    const problem = session.state.kind === 'connected' ? session.state.sampleProblem : undefined;
    assert.equal(problem?.consecutive, 4);
    assert.equal(problem?.reason, 'protocol');
    assert.deepEqual(
      states
        .filter((s) => s.kind === 'connected' && s.sampleProblem)
        .map((s) => (s.kind === 'connected' ? s.sampleProblem?.reason : '')),
      ['malformed', 'timeout', 'truncated', 'protocol'],
    );
    await clock.advance(5000);
    assert.equal(session.samplingStats.taken, 2);
    assert.equal(session.state.kind === 'connected' && session.state.sampleProblem, undefined);
    assert.equal(
      logs.filter((l) => l.level === 'warn' && /^Sampling vps failed/.test(l.message)).length,
      1,
      'the first failure of a run is logged',
    );
    assert.ok(logs.some((l) => /works again after 4 failed/.test(l.message)));
    // The latest good data was never replaced by a failed sample.
    assert.equal(views.length, 2);
  });

  test('sampleNow rejects with the typed sample error, and the failure is counted', async () => {
    await start();
    host.next = ['junk'];
    await assert.rejects(
      session.sampleNow(),
      (e: Error & { error?: { reason: string } }) => e.name === 'SampleFailedError' && e.error?.reason === 'malformed',
    );
    assert.equal(session.samplingStats.failed, 1);
  });

  test('while reconnecting the last sample stays, marked stale, and sampling resumes when the link is back', async () => {
    await start();
    const good = session.latest!;
    link.emit({
      state: 'reconnecting',
      retryInMs: 2000,
      error: { kind: 'closed', message: 'link dropped', retryable: true },
    });
    assert.deepEqual(session.state, {
      kind: 'reconnecting',
      attempt: 1,
      nextAttemptInMs: 2000,
      lastError: 'link dropped',
    });
    assert.equal(session.latest?.stale, true);
    assert.equal(session.latest?.takenAtMs, good.takenAtMs, 'the stale view keeps its time, so its age can be shown');
    assert.equal(views.at(-1)?.stale, true);
    await clock.advance(60_000);
    assert.equal(host.samples, 1, 'no samples while the link is down');
    link.emit({
      state: 'reconnecting',
      retryInMs: 4000,
      error: { kind: 'closed', message: 'still down', retryable: true },
    });
    assert.equal(session.state.kind === 'reconnecting' && session.state.attempt, 2);
    link.emit({ state: 'connected' });
    await clock.advance(0);
    assert.equal(host.samples, 2);
    assert.equal(session.latest?.stale, false);
    assert.equal(session.state.kind, 'connected');
  });

  test('after a short outage the stale data is refreshed at once, not at the next tick', async () => {
    await start();
    await clock.advance(1000);
    link.emit({ state: 'reconnecting', retryInMs: 100, error: { kind: 'closed', message: 'cut', retryable: true } });
    await clock.advance(100);
    link.emit({ state: 'connected' });
    await settle();
    assert.equal(host.samples, 2);
    assert.equal(session.latest?.stale, false);
    await clock.advance(4999);
    assert.equal(host.samples, 2, 'the next tick is an interval after the refresh');
    await clock.advance(1);
    assert.equal(host.samples, 3);
  });

  test('keepLatest off (the exporter): samples reach the caller and listeners, none is kept, an outage still refreshes at once', async () => {
    const made = fakeDeps(dir, link, clock);
    made.deps.keepLatest = false;
    session = new HostSession(target, made.deps);
    const seen: SampleView[] = [];
    session.onDidSample((v) => seen.push(v));
    await session.connect();
    await settle();
    assert.equal(host.samples, 1);
    assert.equal(seen.length, 1);
    assert.equal(session.latest, undefined);
    const asked = await session.sampleNow();
    assert.equal(asked.stale, false);
    assert.equal(asked.snapshot.beancounters.state, 'ok');
    assert.equal(session.latest, undefined);
    link.emit({ state: 'reconnecting', retryInMs: 100, error: { kind: 'closed', message: 'cut', retryable: true } });
    assert.equal(session.latest, undefined);
    await clock.advance(100);
    link.emit({ state: 'connected' });
    await settle();
    assert.equal(host.samples, 3, 'the newest sample went stale, so the link coming back samples at once');
    assert.equal(seen.at(-1)?.stale, false);
  });

  test('a failed link is reported with its typed error; the data stays, stale', async () => {
    await start();
    link.emit({ state: 'failed', error: { kind: 'hostKeyChanged', message: 'host key changed', retryable: false } });
    assert.deepEqual(session.state, {
      kind: 'failed',
      error: { kind: 'hostKeyChanged', message: 'host key changed', retryable: false },
    });
    assert.equal(session.latest?.stale, true);
  });

  test('deltas between samples and growth since the baseline; resetBaseline starts again from the latest sample', async () => {
    await start();
    const first = session.latest!;
    assert.deepEqual(first.deltas, [], 'the first sample has nothing to compare with');
    assert.equal(first.baselineAtMs, first.takenAtMs);
    assert.ok(first.sinceBaseline.every((d) => d.failcntDelta === 0));
    const grow = async (by: number): Promise<SampleView> => {
      host.failcnt = { ...host.failcnt, tcpsndbuf: (host.failcnt['tcpsndbuf'] ?? 1779659) + by };
      host.uptime += 5;
      await clock.advance(5000);
      return session.latest!;
    };
    const delta = (ds: SampleView['deltas'], name: string) =>
      ds.find((d) => d.containerId === '12345' && d.name === name);
    let v = await grow(100);
    assert.deepEqual(delta(v.deltas, 'tcpsndbuf'), {
      containerId: '12345',
      name: 'tcpsndbuf',
      failcntDelta: 100,
      reset: false,
      ratePerMinute: 1200,
    });
    assert.equal(delta(v.deltas, 'tcprcvbuf')?.failcntDelta, 0);
    v = await grow(50);
    assert.equal(delta(v.deltas, 'tcpsndbuf')?.failcntDelta, 50);
    assert.equal(delta(v.sinceBaseline, 'tcpsndbuf')?.failcntDelta, 150);
    assert.equal(delta(v.sinceBaseline, 'tcpsndbuf')?.ratePerMinute, 900, '150 over 10 s of uptime');
    const critical = v.assessments.find((a) => a.name === 'tcpsndbuf');
    assert.equal(critical?.severity, 'critical');
    assert.match(critical!.reasons[0]!, /grew by 50/);
    assert.equal(v.bufferRisk?.send.figures.autotuneCeilingBytes, 4194304);

    session.resetBaseline();
    assert.equal(session.latest?.baselineAtMs, v.takenAtMs);
    assert.ok(session.latest!.sinceBaseline.every((d) => d.failcntDelta === 0));
    v = await grow(7);
    assert.equal(delta(v.sinceBaseline, 'tcpsndbuf')?.failcntDelta, 7);
    assert.equal(v.baselineAtMs, views.at(-2)!.takenAtMs);
  });

  test('a reboot (uptime went down) restarts every count, even when failcnt climbed past its old value', async () => {
    await start();
    host.uptime = 30;
    host.failcnt = { tcpsndbuf: 1779700, tcprcvbuf: 91 };
    await clock.advance(5000);
    const v = session.latest!;
    const snd = v.deltas.find((d) => d.name === 'tcpsndbuf');
    assert.deepEqual(snd, {
      containerId: '12345',
      name: 'tcpsndbuf',
      failcntDelta: 1779700,
      reset: true,
      ratePerMinute: (1779700 * 60) / 30,
    });
    assert.ok(v.deltas.every((d) => d.reset));
    assert.equal(v.sinceBaseline.find((d) => d.name === 'tcprcvbuf')?.failcntDelta, 91);
    assert.equal(v.sinceBaseline.find((d) => d.name === 'tcprcvbuf')?.reset, true);
  });

  test('a container restart without a reboot is caught by failcnt going down', async () => {
    await start();
    host.uptime += 5;
    host.failcnt = { tcpsndbuf: 12 };
    await clock.advance(5000);
    const snd = session.latest!.deltas.find((d) => d.name === 'tcpsndbuf');
    assert.equal(snd?.reset, true);
    assert.equal(snd?.failcntDelta, 12);
  });

  test('records failcnt history at most once a minute, readable for growth', async () => {
    await start();
    for (let i = 1; i <= 24; i++) {
      host.failcnt = { tcpsndbuf: 1779659 + i * 10 };
      host.uptime += 5;
      await clock.advance(5000);
    }
    await settle(20);
    const { entries } = await session.history.read(target.id);
    assert.equal(entries.length, 3, 'samples at 0 s, 60 s and 120 s of 25 taken in 120 s');
    assert.deepEqual(
      entries.map((e) => (e.kind === 'sample' ? e.failcnt['12345.tcpsndbuf'] : -1)),
      [1779659, 1779659 + 120, 1779659 + 240],
    );
    assert.deepEqual(session.history.growth(target.id, 'tcpsndbuf', '12345', 3_600_000), {
      delta: 240,
      fromMs: entries[0]!.atMs,
      toMs: entries[2]!.atMs,
      resets: 0,
    });
  });

  test('disconnect goes idle, closes the link and keeps the data stale; connect again opens a new link', async () => {
    const made = fakeDeps(dir, link, clock);
    const links: FakeLink[] = [];
    made.deps.openLink = async () => {
      links.push(new FakeLink(host));
      return links.at(-1)!;
    };
    session = new HostSession(target, made.deps);
    await session.connect();
    await session.disconnect();
    assert.deepEqual(session.state, { kind: 'idle' });
    assert.equal(links[0]!.disposed, true);
    assert.equal(session.latest?.stale, true);
    await clock.advance(20_000);
    assert.equal(host.samples, 1);
    await session.connect();
    assert.equal(links.length, 2);
    assert.equal(session.state.kind, 'connected');
    assert.equal(host.samples, 2);
    assert.equal(session.latest?.stale, false);
  });

  test('a link that cannot be opened fails with the typed error', async () => {
    const made = fakeDeps(dir, link, clock);
    made.deps.openLink = async () => {
      throw new SshError('config', 'Cannot connect to vps: bad config.');
    };
    session = new HostSession(target, made.deps);
    const seen: SessionState[] = [];
    session.onDidChangeState((s) => seen.push(s));
    await assert.rejects(session.connect(), (e: SshError) => e.kind === 'config');
    assert.deepEqual(
      seen.map((s) => s.kind),
      ['connecting', 'failed'],
    );
    assert.deepEqual(session.state, {
      kind: 'failed',
      error: {
        kind: 'config',
        message: 'Cannot connect to vps: bad config.',
        retryable: false,
        phrase: { template: '{0}', params: ['Cannot connect to vps: bad config.'] },
      },
    });
  });

  test('connect is single flight and cancellable', async () => {
    const made = fakeDeps(dir, link, clock);
    let opened = 0;
    made.deps.openLink = async () => {
      opened++;
      await settle();
      return link;
    };
    session = new HostSession(target, made.deps);
    await Promise.all([session.connect(), session.connect()]);
    assert.equal(opened, 1);
    await session.disconnect();
    const abort = new AbortController();
    const pending = session.connect(abort.signal);
    abort.abort();
    await assert.rejects(pending, (e: SshError) => e.kind === 'cancelled');
    await settle();
    assert.equal(session.state.kind, 'idle');
  });
});
