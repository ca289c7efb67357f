/** The editor's side of a watch, without VS Code: when to notify, and how the tree shows a watched host. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostTreeModel } from '../../src/host/tree/hostTreeModel';
import { formatMessage as t } from './fakeTranslate';
import { watchNotice, type NoticeState } from '../../src/host/watch/watchNotice';
import type { VerdictId } from '../../src/core/diagnosis/types';
import { roundAt } from './watchFixtures';
import { watchPlanFor } from '../../src/host/watch/watchPlan';

const T = Date.UTC(2026, 10, 26, 20, 0);

/** The notices of a sequence of rounds, as the watch service feeds them in. */
function notices(verdicts: (VerdictId | null)[]): string[] {
  let state: NoticeState = 'none';
  const out: string[] = [];
  verdicts.forEach((v, i) => {
    const r = watchNotice(
      state,
      'vps1',
      roundAt(i + 1, T + i * 300_000, v, v === null ? { kind: 'unreachable', message: 'refused' } : undefined),
    );
    state = r.state;
    if (r.notice) out.push(`${i + 1}:${r.notice.kind}`);
  });
  return out;
}

test('one notification when a healthy host turns to a problem and one when it recovers, not one per round', () => {
  assert.deepEqual(
    notices([
      'healthy',
      'healthy',
      'upstream-syn-filter',
      'upstream-syn-filter',
      'host-firewall-drop',
      'healthy',
      'healthy',
    ]),
    ['3:problem', '6:recovered'],
  );
  assert.deepEqual(
    notices(['upstream-syn-filter', 'upstream-syn-filter']),
    ['1:problem'],
    'a problem from the first round on is told once',
  );
  assert.deepEqual(notices(['healthy', 'healthy']), [], 'nothing to say about a healthy host');
  // Failed and inconclusive rounds neither confirm a problem nor a recovery.
  assert.deepEqual(
    notices(['healthy', null, 'inconclusive', 'healthy', 'path-loss', null, 'inconclusive', 'path-loss', 'healthy']),
    ['5:problem', '9:recovered'],
  );
  const r = watchNotice('healthy', 'vps1', {
    ...roundAt(7, T, 'upstream-syn-filter'),
    summary: 'The SYNs never reached your server.',
  });
  assert.equal(r.notice?.message, 'vps1: Upstream SYN filter (round 7). The SYNs never reached your server.');
  assert.equal(
    watchNotice('problem', 'vps1', roundAt(8, T, 'healthy')).notice?.message,
    'vps1 is healthy again (round 8).',
  );
});

test('the tree marks a watched host in its description and context value, with its last verdict', () => {
  const target = { id: 'ssh:vps1', label: 'vps1', alias: 'vps1', source: 'ssh-config' as const };
  const base = {
    target,
    state: { kind: 'connected' as const, sinceMs: T },
    latest: undefined,
    virtualization: undefined,
    baseline: undefined,
    history: [],
    nowMs: T,
  };
  const plain = hostTreeModel(base, t).data;
  assert.equal(plain.contextValue, 'host.connected.ssh-config');
  assert.doesNotMatch(plain.description ?? '', /watching/);
  const pending = hostTreeModel({ ...base, watch: {} }, t).data;
  assert.equal(pending.contextValue, 'host.connected.ssh-config.watched');
  assert.equal(pending.description, 'connected · watching');
  const judged = hostTreeModel({ ...base, watch: { lastVerdict: 'Upstream SYN filter' } }, t).data;
  assert.equal(judged.description, 'connected · watching: Upstream SYN filter');
});

test("a watch of the user's host runs at the interval set, held to the 1-minute floor, with the watch's own light round", () => {
  const at = (minutes: number) => watchPlanFor(undefined, minutes);
  assert.equal(at(10).plan.intervalMs, 600_000);
  assert.equal(at(10).warning, undefined);
  assert.equal(at(1).plan.intervalMs, 60_000, 'the floor itself is allowed');
  assert.equal(at(1).warning, undefined);
  assert.equal(at(1).plan.connectionsPerHour, 33 * 60, 'a round a minute stays within the hourly cap');
  assert.equal(at(0.25).plan.intervalMs, 60_000, 'below the floor is raised to it');
  assert.match(at(0.25).warning ?? '', /^vpsDoctor\.watch\.intervalMinutes is 0\.25, below the floor of 1 minute/);
  assert.equal(at(0).plan.intervalMs, 60_000);
  assert.equal(at(-5).plan.intervalMs, 60_000);
  assert.equal(at(100_000).plan.intervalMs, 86_400_000, 'at most a day');
  assert.equal(at(Number.NaN).plan.intervalMs, 300_000, 'not a number: the default 5 minutes');
  assert.equal(at('5' as unknown as number).plan.intervalMs, 300_000, 'a string from a hand-edited settings.json');
  // The round is the watch's (docs/method.md §3.6): the one-shot burst's 32 connections, but 20 pings, not 100.
  const { count, concurrency, pingCount } = at(5).plan;
  assert.deepEqual({ count, concurrency, pingCount }, { count: 32, concurrency: 4, pingCount: 20 });
});

test('the demo host is watched every minute with its small burst, whatever the interval set', () => {
  const demo = { count: 12, concurrency: 3, pingCount: 10, pingIntervalSeconds: 0.2 };
  const { plan, warning } = watchPlanFor(demo, 30);
  assert.equal(warning, undefined);
  assert.deepEqual(
    {
      intervalMs: plan.intervalMs,
      count: plan.count,
      concurrency: plan.concurrency,
      pingCount: plan.pingCount,
      pingIntervalSeconds: plan.pingIntervalSeconds,
    },
    { intervalMs: 60_000, count: 8, concurrency: 3, pingCount: 5, pingIntervalSeconds: 0.2 },
  );
});
