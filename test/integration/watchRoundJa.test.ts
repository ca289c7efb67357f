/**
 * A watch round of the extension in Japanese, against the built-in demo host through the real path (SSH with
 * host-key checking, the sampler, the burst with its keep-alive control): the round is diagnosed once and
 * stored language-neutral (English texts plus their message ids, docs/method.md §3.6), whatever the caller's
 * language; the timeline, the notification and the status bar built from that stored round speak Japanese
 * for a Japanese reader, and the same round reads English for an English one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliLocalizer } from '../../src/cli/cliL10n';
import { HostSession } from '../../src/core/session/hostSession';
import { DEFAULT_SAMPLE_MAX_OUTPUT_BYTES, DEFAULT_SAMPLE_TIMEOUT_MS } from '../../src/core/remote/sampleLimits';
import { planWatch } from '../../src/core/watch/watchBudget';
import { sessionRound } from '../../src/core/watch/sessionRound';
import { roundFromResult, roundSummary, type WatchRound } from '../../src/core/watch/watchRound';
import { evidenceIn } from '../../src/core/watch/roundTexts';
import { timelineView } from '../../src/core/watch/timelineView';
import { startDemoHost } from '../../src/demo/demoHost';
import { watchItemText, watchNotice } from '../../src/host/watch/watchNotice';
import { english, type Localizer } from '../../src/shared/l10n/localizer';
import { assertJapanese, englishRuns, JAPANESE } from '../unit/englishLeaks';

const ja = cliLocalizer('ja');

test(
  'a watch round on the demo host in Japanese: verdict, evidence, timeline, notice and status bar',
  { timeout: 120_000 },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'vpsd-watch-ja-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const demo = await startDemoHost({ stateDir: join(dir, 'demo') });
    t.after(() => demo.stop());
    const target = {
      id: `demo:${demo.hostAlias}`,
      label: demo.hostAlias,
      alias: demo.hostAlias,
      source: 'ssh-config' as const,
    };
    const session = new HostSession(target, {
      prompts: {},
      log: () => undefined,
      storeDir: join(dir, 'store'),
      settings: {
        hostKeyChecking: 'ask',
        sampleIntervalMs: 60_000,
        hiddenIntervalMs: null,
        useSudo: true,
        timeoutMs: DEFAULT_SAMPLE_TIMEOUT_MS,
        maxOutputBytes: DEFAULT_SAMPLE_MAX_OUTPUT_BYTES,
        sshConfigFile: demo.sshConfigFile,
      },
      sshTuning: { backoff: { maxAttempts: 0 } },
    });
    t.after(() => session.dispose());
    const plan = planWatch({ intervalMs: 60_000, count: 8, concurrency: 4, pingCount: 0 });

    const roundIn = async (l: Localizer, seq: number) => {
      const result = await sessionRound(session, {
        plan,
        port: demo.servicePort,
        probeHost: '127.0.0.1',
        httpPath: '/',
        holdSampling: () => ({ dispose: () => undefined }),
        l,
      })({ seq, signal: new AbortController().signal, earlierPings: [] });
      return roundFromResult(seq, { label: target.label, host: '127.0.0.1', port: demo.servicePort }, result);
    };

    // Asked in Japanese (the extension's display language), the round is still stored in English plus ids.
    const diagnosed = await roundIn(ja, 1);
    const round = JSON.parse(JSON.stringify(diagnosed)) as WatchRound;
    t.diagnostic(`${round.verdict}: ${round.summary} / ${roundSummary(round, ja)}`);
    assert.notEqual(round.verdict, null);
    assert.doesNotMatch(JSON.stringify(round), JAPANESE, 'the stored round holds no Japanese');
    assert.ok(round.texts !== undefined, 'the stored round keeps its message ids');
    assert.ok(round.evidence.length > 0);
    assertJapanese(roundSummary(round, ja), 'the verdict sentence read in Japanese');
    for (const e of evidenceIn(round, ja)) {
      assertJapanese(e.label, `evidence label ${e.label}`);
      assert.deepEqual(englishRuns(e.value), [], `evidence value ${e.value}`);
    }

    const view = timelineView(target.label, [round], () => '20:55', ja);
    assert.equal(view.title, `VPS Doctor 監視: ${target.label}`);
    assert.match(view.headline, JAPANESE);
    assert.doesNotMatch(view.headline, /rounds?\b|signature|before and after/);
    assert.match(view.rounds[0]!.title, JAPANESE, 'the verdict title');
    assert.equal(view.rounds[0]!.summary, roundSummary(round, ja));
    assert.deepEqual(view.rounds[0]!.evidence, evidenceIn(round, ja));

    const notice = watchNotice('healthy', target.label, round, ja);
    if (round.verdict !== 'healthy' && round.verdict !== 'inconclusive') {
      assert.match(notice.notice!.message, new RegExp(`^${target.label}: .*（ラウンド 1）。`));
      assert.ok(notice.notice!.message.endsWith(roundSummary(round, ja)));
      assertJapanese(notice.notice!.message, 'the notification');
    }
    const item = watchItemText([{ label: target.label, last: round }], ja);
    assert.equal(item.text, `$(eye) ${target.label}`);
    assert.match(item.tooltip, new RegExp(`^${target.label}: .*${JAPANESE.source}`));

    // The same stored round for an English reader: English, exactly as stored.
    const enView = timelineView(target.label, [round], undefined, english);
    assert.equal(enView.rounds[0]!.summary, round.summary);
    assert.deepEqual(enView.rounds[0]!.evidence, round.evidence);
    assert.doesNotMatch(JSON.stringify(enView), JAPANESE);
    // A round asked in English is stored the same way.
    const en = await roundIn(english, 2);
    assert.doesNotMatch(en.summary, JAPANESE);
    assert.ok(en.texts !== undefined);
    assertJapanese(roundSummary(en, ja), 'the English-asked round read in Japanese');
  },
);
