/**
 * A whole watch against a virtual clock and recorded lab evidence: change events with both sides' evidence,
 * failed rounds that do not stop the watch, the ping pool and the idle control across rounds, the history and
 * a restarted watch that continues the timeline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosisSampleError } from '../../src/core/diagnosis/fullDiagnosis';
import { PingError } from '../../src/core/probes/ping';
import { SshError } from '../../src/core/ssh/sshErrors';
import { phrase } from '../../src/shared/l10n/phrase';
import { classifyRoundFailure } from '../../src/core/watch/roundFailure';
import { poolWindow, runWatch, type RoundContext } from '../../src/core/watch/runWatch';
import { planWatch } from '../../src/core/watch/watchBudget';
import { WatchHistory } from '../../src/core/watch/watchHistory';
import { failureSummary, type WatchRound } from '../../src/core/watch/watchRound';
import { cliLocalizer } from '../../src/cli/cliL10n';
import { pingOf } from './diagnosisFixtures';
import { FakeClock, lightResult, type Scenario } from './watchFixtures';

const MIN = 60_000;
const target = { label: 'vps1', host: 'vps1', port: 8080 };

/** Runs a watch whose rounds follow `script` (a scenario, or an error to throw), one per slot. */
async function watch(
  script: (Scenario | Error)[],
  o: { history?: WatchHistory; earlier?: WatchRound[]; signal?: AbortSignal; startMs?: number } = {},
) {
  const clock = new FakeClock(o.startMs);
  const contexts: RoundContext[] = [];
  const printed: WatchRound[] = [];
  const outcome = await runWatch(
    {
      plan: planWatch({ intervalMs: 5 * MIN, durationMs: script.length * 5 * MIN }),
      target,
      ...(o.earlier ? { earlier: o.earlier } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    },
    {
      clock,
      round: async (ctx) => {
        contexts.push(ctx);
        const step = script[contexts.length - 1]!;
        clock.t += 4000;
        if (step instanceof Error) throw step;
        return lightResult(step, clock.t - 4000, { earlier: ctx.earlierPings, tag: String(ctx.seq) });
      },
      classify: classifyRoundFailure,
      onRound: (r) => printed.push(r),
      ...(o.history ? { history: { store: o.history, hostId: 'ssh:vps1' } } : {}),
    },
  );
  return { outcome, contexts, printed, clock };
}

test('a change of verdict is an event at the round that changed, with the decisive evidence of both sides', async () => {
  const { outcome, printed } = await watch([
    'healthy-1',
    'healthy-1',
    'upstream-syn-filter',
    'upstream-syn-filter',
    'healthy-1',
  ]);
  assert.deepEqual(outcome.rounds, printed, 'each round is handed over as it ends');
  assert.deepEqual(
    printed.map((r) => r.verdict),
    ['healthy', 'healthy', 'upstream-syn-filter', 'upstream-syn-filter', 'healthy'],
  );
  assert.deepEqual(
    printed.map((r) => r.changed),
    [false, false, true, false, true],
  );
  assert.deepEqual(
    printed.map((r) => r.seq),
    [1, 2, 3, 4, 5],
  );
  const on = printed[2]!.change!;
  assert.equal(on.from.seq, 2);
  assert.equal(on.from.verdict, 'healthy');
  assert.equal(on.to.seq, 3);
  assert.equal(on.to.verdict, 'upstream-syn-filter');
  assert.ok(on.from.evidence.length > 0 && on.to.evidence.length > 0);
  assert.ok(
    on.to.evidence.some((e) => /Where in the burst/.test(e.label)),
    'the position of the delays is decisive for the filter',
  );
  assert.deepEqual(
    on.to.evidence,
    printed[2]!.evidence.filter((e) => e.decisive).map(({ label, value }) => ({ label, value })),
  );
  assert.equal(printed[4]!.change!.from.seq, 4);
  assert.equal(printed[0]!.change, undefined);
  // The JSON Lines contract.
  const r = printed[2]!;
  assert.equal(r.burst!.attempts, 32);
  assert.ok(r.burst!.delayed > 0);
  assert.equal(r.burst!.keepAlive.failed, 0);
  assert.equal(typeof r.server!.deltas['Tcp.PassiveOpens'], 'number');
  assert.ok(
    Object.values(r.server!.deltas).every((v) => v !== 0),
    'counters that did not move are left out',
  );
  assert.equal(r.at, new Date(r.atMs).toISOString());
});

test('a failed round is recorded and the watch goes on; it neither makes nor breaks a change; the pool and the control restart after it', async () => {
  const down = new SshError('refused', 'Cannot reach vps1:22: nothing accepts connections there.');
  const { printed, contexts } = await watch([
    'healthy-1',
    'healthy-1',
    down,
    'healthy-1',
    new DiagnosisSampleError('the server sample after the burst failed: timeout'),
    'upstream-syn-filter',
  ]);
  assert.deepEqual(
    printed.map((r) => r.verdict),
    ['healthy', 'healthy', null, 'healthy', null, 'upstream-syn-filter'],
  );
  assert.deepEqual(
    printed.map((r) => r.failure?.kind),
    [undefined, undefined, 'unreachable', undefined, 'sample', undefined],
  );
  assert.match(printed[2]!.summary, /^Unreachable: Cannot reach vps1:22/);
  assert.deepEqual(
    printed.map((r) => r.changed),
    [false, false, false, false, false, true],
  );
  assert.equal(printed[5]!.change!.from.seq, 4, 'the change is against the last round with a verdict');
  assert.equal(printed[2]!.target.host, '198.19.1.2', 'a failed round names the address the last good round probed');
  // What each round was given: the previous round's after-snapshot and its pings, reset by a failure.
  assert.deepEqual(
    contexts.map((c) => (c.previousAfter as unknown as { tag?: string } | undefined)?.tag),
    [undefined, 'after-1', 'after-2', undefined, 'after-4', undefined],
  );
  assert.deepEqual(
    contexts.map((c) => c.earlierPings.length),
    [0, 1, 2, 0, 1, 0],
  );
});

test('errors that need the user (auth, host key) end the watch with that error; programming errors are not hidden', async () => {
  await assert.rejects(
    watch(['healthy-1', new SshError('auth', 'Permission denied')]),
    (e: unknown) => e instanceof SshError && e.kind === 'auth',
  );
  await assert.rejects(
    watch([new SshError('hostKeyChanged', 'changed')]),
    (e: unknown) => e instanceof SshError && e.kind === 'hostKeyChanged',
  );
  await assert.rejects(watch([new TypeError('x is undefined')]), TypeError);
  assert.deepEqual(classifyRoundFailure(new Error('getaddrinfo ENOTFOUND vps1')), {
    kind: 'probe',
    message: 'getaddrinfo ENOTFOUND vps1',
  });
  // A probe error that carries its message id keeps it, so the round reads in the reader's language.
  const ping = new PingError('platform', phrase('No supported ping on {0}', 'plan9'));
  assert.deepEqual(classifyRoundFailure(ping), {
    kind: 'probe',
    message: 'No supported ping on plan9',
    phrase: ping.phrase,
  });
  assert.equal(
    failureSummary(classifyRoundFailure(ping)!, cliLocalizer('ja')),
    'プローブを実行できませんでした：plan9 には対応している ping がありません',
  );
  assert.equal(classifyRoundFailure(new SshError('timeout', 't'))?.kind, 'unreachable');
  assert.equal(classifyRoundFailure('a string'), undefined);
});

test('the pings of consecutive rounds pool up to 100 probes for the loss interval', async () => {
  const { printed } = await watch(Array.from({ length: 8 }, () => 'healthy-1' as const));
  assert.deepEqual(
    printed.map((r) => r.ping!.pooled.rounds),
    [1, 2, 3, 4, 5, 6, 6, 6],
  );
  assert.deepEqual(
    printed.map((r) => r.ping!.pooled.sent),
    [20, 40, 60, 80, 100, 120, 120, 120],
  );
  assert.deepEqual(
    printed.map((r) => r.ping!.sent),
    Array(8).fill(20),
    "sent/received stay this round's own",
  );
  assert.ok(printed[5]!.ping!.lossCi95[1] < printed[0]!.ping!.lossCi95[1], 'more probes, a narrower interval');
  assert.deepEqual(
    poolWindow([pingOf(60, 0), pingOf(30, 0), pingOf(50, 0), pingOf(40, 0)]).map((p) => p.sent),
    [30, 50, 40],
    'back until at least 100 probes',
  );
});

test('Ctrl-C during a round: that round is cancelled, not recorded, and the watch ends cleanly', async () => {
  const ac = new AbortController();
  const clock = new FakeClock();
  let n = 0;
  const outcome = await runWatch(
    { plan: planWatch({ intervalMs: 5 * MIN, durationMs: 60 * MIN }), target, signal: ac.signal },
    {
      clock,
      round: async (ctx) => {
        if (++n === 3) {
          ac.abort(new Error('Ctrl-C'));
          ctx.signal.throwIfAborted();
        }
        return lightResult('healthy-1', clock.now());
      },
      classify: classifyRoundFailure,
    },
  );
  assert.equal(outcome.ended, 'aborted');
  assert.deepEqual(
    outcome.rounds.map((r) => r.seq),
    [1, 2],
  );
});

test("rounds go into the host's history; a restarted watch numbers on and sees the change against the stored rounds", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-watch-run-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await watch(['healthy-1', 'healthy-1'], { history: new WatchHistory(dir) });
  const again = new WatchHistory(dir);
  const stored = await again.read('ssh:vps1');
  assert.deepEqual(
    stored.rounds.map((r) => r.seq),
    [1, 2],
  );
  assert.deepEqual(stored.skipped, []);
  const { printed } = await watch(['upstream-syn-filter'], {
    history: again,
    earlier: stored.rounds,
    startMs: stored.rounds[1]!.atMs + 60 * MIN,
  });
  assert.equal(printed[0]!.seq, 3);
  assert.equal(printed[0]!.changed, true);
  assert.equal(printed[0]!.change!.from.seq, 2);
  assert.deepEqual(
    (await new WatchHistory(dir).read('ssh:vps1')).rounds.map((r) => r.verdict),
    ['healthy', 'healthy', 'upstream-syn-filter'],
  );
});
