/**
 * The watch timeline in headless Chromium: a day of 5-minute rounds (288) with an evening of SYN-filter
 * rounds, a few failed rounds and socket-buffer failcnt growth, exported as a self-contained page. Its three
 * charts draw with no console error or CSP violation in dark and light, and clicking a round shows its evidence.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CLI_BUNDLES, cliLocalizer } from '../../src/cli/cliL10n';
import { timelineHtml } from '../../src/core/report/timelineHtml';
import type { WatchRound } from '../../src/core/watch/watchRound';
import { roundAt } from '../unit/watchFixtures';
import { ARTIFACTS, browserSuite, canvasStats, chartsDrawn, openHtml, pollUntil } from './helpers/pageKit';

const suite = browserSuite({ before, after });
const skip = suite.skip;

const T0 = Date.UTC(2026, 10, 26, 0, 0);

/** 288 rounds: healthy, then 20:55-23:10 the filter in about half of them, three failed rounds, failcnt growth at night. */
function day(): WatchRound[] {
  return Array.from({ length: 288 }, (_, i) => {
    const at = T0 + i * 300_000;
    const evening = i >= 251 && i <= 278;
    if (i === 100 || i === 101 || i === 200)
      return roundAt(i + 1, at, null, {
        kind: 'unreachable',
        message: 'Cannot reach vps1:22: the TCP connection timed out.',
      });
    const verdict = evening && i % 2 === 1 ? 'upstream-syn-filter' : 'healthy';
    const r = roundAt(i + 1, at, verdict);
    const delayed = verdict === 'healthy' ? 0 : 6 + (i % 5);
    return {
      ...r,
      changed: i > 251 && i <= 279,
      burst: {
        ...r.burst!,
        delayed,
        delayedCi95: [delayed / 32, Math.min(1, delayed / 16 + 0.1)] as [number, number],
        connectMs: {
          p50: 0.4 + (i % 7) / 10,
          p90: verdict === 'healthy' ? 1.2 : 1020,
          max: verdict === 'healthy' ? 2 : 2040,
        },
      },
      ping: {
        sent: 20,
        received: i % 37 === 0 ? 19 : 20,
        lossCi95: [0, 0.05],
        pooled: { rounds: 5, sent: 100, received: i % 37 === 0 ? 99 : 100 },
      },
      server: {
        deltas: { 'Tcp.PassiveOpens': 17, ...(i >= 12 && i < 40 ? { 'ubc.101.tcpsndbuf.failcnt': (i % 9) * 3 } : {}) },
        control: true,
      },
      evidence: [
        {
          label: 'New connections',
          value: `16 to 198.19.1.2:8080, 4 at a time: ${16 - delayed} fast, ${delayed} delayed`,
          decisive: true,
        },
        {
          label: 'Reached the server but dropped before TCP (Ip.InReceives − Ip.InDelivers)',
          value: '0 during the burst',
          decisive: true,
        },
      ],
    };
  });
}

test(
  'a 24-hour watch timeline (288 rounds) draws in dark and light with no console errors or CSP violations; a click shows the round',
  { skip },
  async () => {
    const html = timelineHtml('vps1', day(), suite.assets());
    for (const scheme of ['dark', 'light'] as const) {
      const page = await suite.context().newPage();
      await page.emulateMedia({ colorScheme: scheme });
      const { problems } = await openHtml(page, html, `timeline-${scheme}`);
      await chartsDrawn(page, 3);
      const stats = await canvasStats(page);
      assert.equal(stats.length, 3, JSON.stringify(stats));
      for (const s of stats)
        assert.ok(
          s.width > 0 && s.height > 0 && s.colours >= 3 && s.inked > 500,
          `${s.id} looks blank: ${JSON.stringify(s)}`,
        );
      assert.match(
        (await page.textContent('#timeline-headline')) ?? '',
        /^Between \d\d:\d\d and \d\d:\d\d the SYN-drop signature was present in 14 of 2[78] rounds \(Upstream SYN filter 14\); before and after, 0 of 2\d\d\. 3 rounds failed \(no verdict\)\.$/,
      );
      assert.match((await page.textContent('body')) ?? '', /288 rounds/);
      // Click the middle of the first chart's plot: the round there opens with its evidence.
      const over = page.locator('#timeline-chart-0 .u-over');
      const box = (await over.boundingBox())!;
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
      await pollUntil(page, "document.getElementById('timeline-round') !== null");
      assert.match((await page.textContent('#timeline-round h3')) ?? '', /^Round 14[0-9], .*: (Healthy|Unreachable)/);
      assert.match((await page.textContent('#timeline-round')) ?? '', /New connections: 16 to 198\.19\.1\.2:8080/);
      await page.screenshot({ path: join(ARTIFACTS, `timeline-${scheme}.png`), fullPage: true });
      assert.deepEqual(problems, { errors: [], violations: [] });
      await page.close();
    }
  },
);

test(
  'the watch timeline in Japanese: heading, headline, legend line and the clicked round from the embedded bundle, no English sentence',
  { skip },
  async () => {
    const html = timelineHtml('vps1', day(), suite.assets(), {
      l: cliLocalizer('ja'),
      bundle: CLI_BUNDLES.ja!,
      time: (ms) => new Date(ms).toISOString().slice(11, 16),
    });
    assert.match(html, /<html lang="ja">/);
    const page = await suite.context().newPage();
    const { problems } = await openHtml(page, html, 'timeline-ja');
    await chartsDrawn(page, 3);
    assert.equal((await page.textContent('h1'))?.trim(), 'VPS Doctor 監視: vps1');
    assert.match(
      (await page.textContent('#timeline-headline')) ?? '',
      /^20:55〜23:\d5 の間、SYN 破棄のパターンは 2[78] ラウンド中 14 ラウンドで見られました（上流の SYN フィルタ 14）。その前後では 2\d\d ラウンド中 0。3 ラウンドが失敗しました（判定なし）。$/,
    );
    const body = await page.innerText('body');
    assert.match(body, /288 ラウンド。網掛け/);
    assert.match(body, /グラフのラウンドをクリックすると/);
    assert.doesNotMatch(body, /\b(rounds?|Between|signature|Click a round)\b/, 'no English label or sentence');
    const over = page.locator('#timeline-chart-0 .u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await pollUntil(page, "document.getElementById('timeline-round') !== null");
    assert.match((await page.textContent('#timeline-round h3')) ?? '', /^ラウンド 14[0-9]（.*）: (正常|到達不能)/);
    await page.screenshot({ path: join(ARTIFACTS, 'timeline-ja.png'), fullPage: true });
    assert.deepEqual(problems, { errors: [], violations: [] });
    await page.close();
  },
);
