import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchMarkdown } from '../../src/core/report/watchMarkdown';
import type { VerdictId } from '../../src/core/diagnosis/types';
import { signatureWindow, windowSentence } from '../../src/core/watch/watchWindow';
import { roundLine, watchSummary } from '../../src/core/watch/watchText';
import type { WatchRound } from '../../src/core/watch/watchRound';
import { roundAt } from './watchFixtures';

const FIVE = 300_000;
/** 20:55 UTC on a day of the seed's trouble. */
const T = Date.UTC(2026, 10, 26, 20, 55);
const utc = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** Rounds 5 min apart from `startMs`, one per verdict. */
function timeline(startMs: number, verdicts: (VerdictId | null)[]): WatchRound[] {
  return verdicts.map((v, i) =>
    roundAt(i + 1, startMs + i * FIVE, v, v === null ? { kind: 'unreachable', message: 'refused' } : undefined),
  );
}

test('the ticket sentence: where the SYN-drop signature concentrated, and how often it showed before and after', () => {
  // 20 healthy rounds, then 20:55-23:05 (27 rounds) with the filter in every other one, then 20 healthy.
  const inside: VerdictId[] = Array.from({ length: 27 }, (_, i) => (i % 2 === 0 ? 'upstream-syn-filter' : 'healthy'));
  const rounds = timeline(T - 20 * FIVE, [
    ...Array<VerdictId>(20).fill('healthy'),
    ...inside,
    ...Array<VerdictId>(20).fill('healthy'),
  ]);
  const w = signatureWindow(rounds)!;
  assert.equal(utc(w.fromMs), '20:55');
  assert.equal(utc(w.toMs), '23:05');
  assert.deepEqual(w.inside, { present: 14, total: 27 });
  assert.deepEqual(w.outside, { present: 0, total: 40 });
  assert.equal(
    windowSentence(rounds, utc),
    'Between 20:55 and 23:05 the SYN-drop signature was present in 14 of 27 rounds (Upstream SYN filter 14); before and after, 0 of 40.',
  );
});

test('a stray round far away does not stretch the window; it shows in the count outside', () => {
  const rounds = timeline(T, [
    'host-firewall-drop',
    ...Array<VerdictId>(30).fill('healthy'),
    'upstream-syn-filter',
    'upstream-syn-filter',
    'healthy',
    'upstream-syn-filter',
    'healthy',
    'healthy',
    null,
  ]);
  const w = signatureWindow(rounds)!;
  assert.deepEqual(w.inside, { present: 3, total: 4 });
  assert.deepEqual(w.outside, { present: 1, total: 33 });
  assert.equal(w.failed, 1);
  assert.match(
    windowSentence(rounds, utc),
    /^Between 23:30 and 23:45 the SYN-drop signature was present in 3 of 4 rounds \(Upstream SYN filter 3\); before and after, 1 of 33\. 1 round failed \(no verdict\)\.$/,
  );
});

test('no signature, one round, no verdict at all', () => {
  assert.equal(signatureWindow(timeline(T, ['healthy', 'beancounter-sockbuf', 'inconclusive'])), undefined);
  assert.equal(
    windowSentence(timeline(T, ['healthy', 'healthy']), utc),
    'The SYN-drop signature was present in none of 2 rounds.',
  );
  assert.equal(
    windowSentence(timeline(T, ['accept-queue-overflow']), utc),
    'In the round at 20:55 the SYN-drop signature was present in 1 of 1 round (Accept queue overflow 1); there were no rounds before or after.',
  );
  assert.equal(
    windowSentence(timeline(T, [null, null]), utc),
    'No round produced a verdict yet. 2 rounds failed (no verdict).',
  );
});

test('the terminal line of a round, the closing summary, and the Markdown report of a watch', () => {
  const rounds = timeline(T, ['healthy', 'upstream-syn-filter', null, 'healthy']);
  rounds[1] = {
    ...rounds[1]!,
    changed: true,
    change: {
      from: {
        seq: 1,
        at: rounds[0]!.at,
        verdict: 'healthy',
        confidence: 'high',
        summary: 'fine',
        evidence: [{ label: 'New connections', value: '16 fast' }],
      },
      to: {
        seq: 2,
        at: rounds[1]!.at,
        verdict: 'upstream-syn-filter',
        confidence: 'medium',
        summary: 'filtered',
        evidence: [{ label: 'Where | in *the* burst', value: 'front' }],
      },
    },
  };
  assert.match(
    roundLine(rounds[1]!),
    /^#2 \d\d:\d\d:\d\d {2}Upstream SYN filter \(high\) {2}burst 16: 9 delayed, 0 failed, median connect 0\.4 ms; keep-alive fine; ping 0\/20 lost \(loss 0–16\.0 % over 20\)\n {4}CHANGED from Healthy \(round #1 at /,
  );
  assert.match(roundLine(rounds[2]!), /^#3 \d\d:\d\d:\d\d {2}FAILED Unreachable: refused$/);
  const summary = watchSummary(rounds, rounds);
  assert.match(
    summary,
    /^4 rounds this run \(1 failed\); 4 in the host's timeline\.\nVerdicts: Healthy 2, Upstream SYN filter 1\.\nChanged at round #2 \([\d:]+\): Healthy -> Upstream SYN filter\.\n/,
  );
  const md = watchMarkdown(rounds, { time: utc });
  assert.match(md, /^# VPS Doctor watch: vps1\n/);
  assert.match(md, /In the round at 21:00 the SYN-drop signature was present in 1 of 1 round/);
  assert.match(md, /### Round 2 \(21:00\): Healthy → Upstream SYN filter/);
  assert.match(md, /How rounds, changes and this window are found: VPS Doctor method, §3\.6 "Watching over time"\./);
  assert.match(md, /- Where \\\| in \\\*the\\\* burst: front/, 'server-derived text is escaped');
  assert.match(md, /\| 3 \| 21:05 \| Unreachable: refused \|/);
  assert.match(md, /\| 2 \| 21:00 \| Upstream SYN filter \(changed\) \| yes \| 9\/16/);
  assert.match(watchMarkdown([]), /No round has run yet/);
});
