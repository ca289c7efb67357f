/**
 * Watch rounds are stored language-neutral (docs/method.md §3.6): diagnosed once, their summary and evidence
 * kept in English plus message ids, and rendered in the reader's language by the timeline, the watch report
 * and the CLI's round lines. Rounds stored before the ids were kept read as they were recorded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliLocalizer } from '../../src/cli/cliL10n';
import { diagnose } from '../../src/core/diagnosis/diagnose';
import { DiagnosisSampleError, sample } from '../../src/core/diagnosis/fullDiagnosis';
import { diagnoseForStorage, poolName } from '../../src/core/diagnosis/lightDiagnosis';
import { poolPings } from '../../src/core/probes/pingPool';
import { capturingLocalizer } from '../../src/shared/l10n/capture';
import { watchMarkdown } from '../../src/core/report/watchMarkdown';
import { classifyRoundFailure } from '../../src/core/watch/roundFailure';
import { evidenceIn, summaryIn } from '../../src/core/watch/roundTexts';
import { timelineView } from '../../src/core/watch/timelineView';
import { WatchHistory } from '../../src/core/watch/watchHistory';
import {
  failedRound,
  roundFromResult,
  roundJson,
  roundSummary,
  withChange,
  type WatchRound,
} from '../../src/core/watch/watchRound';
import { roundLine } from '../../src/core/watch/watchText';
import { watchNotice } from '../../src/host/watch/watchNotice';
import { english } from '../../src/shared/l10n/localizer';
import { labRun, pingOf } from './diagnosisFixtures';
import { assertJapanese, englishRuns, JAPANESE } from './englishLeaks';
import { lightResult, timedOutRunner, type Scenario } from './watchFixtures';

const ja = cliLocalizer('ja');
const T = Date.UTC(2026, 10, 26, 20, 0);
const TARGET = { label: 'vps1', host: '198.19.1.2', port: 8080 };
const SCENARIOS: Scenario[] = ['healthy-1', 'upstream-syn-filter', 'host-firewall-drop', 'accept-queue-overflow'];
const MARKERS = /[\uE000\uE001]/;

/** A value as it comes back from the history file. */
const stored = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

test('a round diagnosed once for storage: English as before, and the same ids give what a Japanese diagnosis says', () => {
  for (const s of SCENARIOS) {
    const input = { ...labRun(s), ping: pingOf(20, 2) };
    const { diagnosis, texts } = diagnoseForStorage(input);
    assert.deepEqual(diagnosis, diagnose(input, english), `${s}: the English diagnosis is unchanged`);
    const direct = diagnose(input, ja);
    const kept = stored({ summary: diagnosis.summary, evidence: diagnosis.evidence, texts });
    assert.equal(summaryIn(kept, ja), direct.summary, `${s}: summary`);
    assert.deepEqual(evidenceIn(kept, ja), direct.evidence, `${s}: evidence`);
    assert.equal(summaryIn(kept, english), diagnosis.summary);
    assert.deepEqual(evidenceIn(kept, english), diagnosis.evidence);
    assert.ok(
      texts.evidence.some((e) => e.label === undefined),
      `${s}: a label that is its own message id is not stored twice`,
    );
    assert.doesNotMatch(JSON.stringify({ diagnosis, texts }), MARKERS, `${s}: no capture marker escapes`);
  }
});

test('the pooled ping is named in the reader language: its ping row is kept as ids as well', () => {
  const pool = [pingOf(20, 1), pingOf(20, 2), pingOf(20, 0)];
  const cap = capturingLocalizer();
  const ping = poolPings(pool, poolName(pool, cap));
  const { diagnosis, texts } = diagnoseForStorage({ ...labRun('healthy-1'), ping }, cap);
  const kept = stored({ summary: diagnosis.summary, evidence: diagnosis.evidence, texts });
  const host = pool[2]!.host;
  const row = (l: typeof ja) => evidenceIn(kept, l).find((e) => e.label.includes(host))!;
  assert.equal(row(english).label, `Ping to ${host}, pooled over the last 3 rounds`);
  assert.equal(row(ja).label, `${host}（直近 3 ラウンドの合算） への ping`);
  assert.equal(poolName(pool.slice(0, 1), english), pool[0]!.host, 'one round: the host alone');
  assert.doesNotMatch(JSON.stringify(kept), MARKERS);
});

/** A timeline of each scenario in turn, every round stored through JSON as the history keeps it. */
function timeline(): WatchRound[] {
  let previous: WatchRound | undefined;
  return SCENARIOS.map((s, i) => {
    const round = withChange(previous, roundFromResult(i + 1, TARGET, lightResult(s, T + i * 300_000)));
    if (round.verdict !== null) previous = round;
    return JSON.parse(JSON.stringify(round)) as WatchRound;
  });
}

test('the stored rounds hold English and ids only; rendered in Japanese they read Japanese, in English English', (t) => {
  const rounds = timeline();
  for (const r of rounds) {
    const json = JSON.stringify(r);
    assert.doesNotMatch(json, JAPANESE, `round ${r.seq} stores no Japanese`);
    assert.doesNotMatch(json, MARKERS);
    assert.ok(r.texts !== undefined && r.texts.evidence.length === r.evidence.length);
  }
  const sized = rounds[1]!;
  const { texts: _texts, ...before } = sized;
  t.diagnostic(
    `a round (${sized.verdict}, ${sized.evidence.length} evidence rows): ${Buffer.byteLength(JSON.stringify(before))} bytes without its ids, ${Buffer.byteLength(JSON.stringify(sized))} with them`,
  );

  const view = timelineView('vps1', rounds, undefined, ja);
  for (const r of view.rounds) {
    assertJapanese(r.summary, `round ${r.seq} summary`);
    for (const e of r.evidence) {
      assertJapanese(e.label, `round ${r.seq} evidence label`);
      assert.deepEqual(englishRuns(e.value), [], `round ${r.seq} ${e.label}: ${e.value}`);
    }
  }
  const en = timelineView('vps1', rounds, undefined, english);
  assert.deepEqual(
    en.rounds.map((r) => [r.summary, r.evidence]),
    rounds.map((r) => [r.summary, r.evidence]),
    'English reads exactly as stored',
  );
  for (const r of en.rounds) assert.doesNotMatch(r.summary, JAPANESE);

  // The change sides, the watch report, the CLI's round line and the notification: the same rounds, Japanese.
  const changed = rounds.find((r) => r.changed)!;
  assert.ok(changed.change?.from.texts && changed.change.to.texts, 'a change keeps the ids of both sides');
  assertJapanese(summaryIn(changed.change.from, ja), 'the change from-side');
  for (const e of evidenceIn(changed.change.to, ja)) assertJapanese(e.label, 'the change to-side evidence');
  assert.deepEqual(evidenceIn(changed.change.to, english), changed.change.to.evidence);
  // JSON Lines (`watch --json`) as before: the English texts, no ids.
  const jsonLine = JSON.parse(JSON.stringify(roundJson(changed))) as WatchRound;
  assert.ok(!('texts' in jsonLine) && !('texts' in jsonLine.change!.from) && !('texts' in jsonLine.change!.to));
  const { texts: _t, change: _c, ...english1 } = changed;
  const { change: _c2, ...json1 } = jsonLine;
  assert.deepEqual(json1, english1);
  assert.deepEqual(jsonLine.change!.to.evidence, changed.change.to.evidence);
  assert.equal(jsonLine.change!.from.summary, changed.change.from.summary);
  const report = watchMarkdown(rounds, { l: ja });
  assert.deepEqual(englishRuns(report), [], 'the Japanese watch report');
  assert.ok(report.includes(summaryIn(changed.change.to, ja)));
  assert.ok(watchMarkdown(rounds).includes(changed.change.to.summary), 'the English report uses the English texts');
  const line = roundLine(changed, ja);
  assert.ok(line.endsWith(roundSummary(changed, ja)), line);
  assert.deepEqual(englishRuns(line), [], line);
  const problem = rounds.find((r) => r.verdict !== 'healthy' && r.verdict !== 'inconclusive')!;
  const notice = watchNotice('healthy', 'vps1', problem, ja).notice!;
  assert.ok(notice.message.endsWith(roundSummary(problem, ja)));
  assertJapanese(notice.message, 'notification');
});

test('a failed server sample is stored in English with its id, and read in Japanese', async () => {
  const runner = timedOutRunner();
  const err = await sample(
    { runner, sample: { timeoutMs: 1000, maxOutputBytes: 1024, useSudo: false }, l: ja },
    'before',
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof DiagnosisSampleError);
  assert.match(err.message, JAPANESE, 'the error itself speaks the caller language');
  const failure = JSON.parse(JSON.stringify(classifyRoundFailure(err))) as NonNullable<WatchRound['failure']>;
  assert.equal(failure.kind, 'sample');
  assert.match(failure.message, /^the server sample before the burst failed: /, 'stored in English');
  const round = failedRound(5, TARGET, T, 1000, failure);
  assert.doesNotMatch(JSON.stringify(round), JAPANESE);
  const title = timelineView('vps1', [round], undefined, ja).rounds[0]!.title;
  assert.ok(title.startsWith(`${ja.t('The server sample failed')}：${ja.t('before the burst')}`), title);
  assert.equal(timelineView('vps1', [round]).rounds[0]!.title, round.summary);
});

test('the history reads rounds stored before the ids were kept, and damaged ids, as they were recorded', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-watch-texts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const history = new WatchHistory(dir);
  const [fresh, other] = timeline().slice(1, 3) as [WatchRound, WatchRound];
  const { texts: _a, ...oldEnglish } = { ...fresh, seq: 1, atMs: T };
  const { texts: _b, ...oldJapanese } = {
    ...other,
    seq: 2,
    atMs: T + 1,
    summary: 'SYN はサーバーに届いていません。',
    evidence: [{ label: '遅延した接続', value: '9/16', decisive: true }],
  };
  const damaged = { ...fresh, seq: 3, atMs: T + 2, texts: { summary: { template: 5 }, evidence: 'none' } };
  const current = { ...fresh, seq: 4, atMs: T + 3 };
  for (const r of [oldEnglish, oldJapanese, damaged, current]) await history.append('ssh:vps1', r as WatchRound);

  const read = await history.read('ssh:vps1');
  assert.deepEqual(read.skipped, []);
  assert.deepEqual(
    read.rounds.map((r) => r.seq),
    [1, 2, 3, 4],
  );
  const view = timelineView('vps1', read.rounds, undefined, ja);
  assert.equal(view.rounds[0]!.summary, fresh.summary, 'an English round of before: as recorded');
  assert.deepEqual(view.rounds[0]!.evidence, fresh.evidence);
  assert.equal(view.rounds[1]!.summary, 'SYN はサーバーに届いていません。', 'a Japanese round of before: as recorded');
  assert.deepEqual(view.rounds[1]!.evidence, [{ label: '遅延した接続', value: '9/16', decisive: true }]);
  assert.equal(view.rounds[2]!.summary, fresh.summary, 'damaged ids: as recorded');
  assert.deepEqual(view.rounds[2]!.evidence, fresh.evidence);
  assertJapanese(view.rounds[3]!.summary, 'a round with its ids');
  assert.equal(view.rounds[3]!.summary, summaryIn(fresh, ja));
  assert.doesNotThrow(() => watchMarkdown(read.rounds, { l: ja }));
  assert.doesNotThrow(() => read.rounds.map((r) => roundLine(r, ja)));
});
