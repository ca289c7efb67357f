import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { webviewPage } from '../../src/core/report/htmlCsp';
import { reportHtml, type ReportAssets } from '../../src/core/report/reportHtml';
import { parseResultJson } from '../../src/core/resultModel/resultParse';
import type { DiagnosisReport } from '../../src/core/resultModel/resultSchema';
import { latestView, resultView } from '../../src/core/resultModel/resultView';
import { upstreamFilterReport } from '../fixtures/report/sampleReports';
import {
  ARTIFACTS,
  background,
  buildAssets,
  canvasStats,
  chartsDrawn,
  launch,
  missingBrowser,
  openHtml,
  pollUntil,
} from './helpers/pageKit';

const missing = missingBrowser();
if (missing && process.env.CI === 'true') throw new Error(`browser tier: ${missing}, and CI=true forbids skipping`);
const skip = missing ? `browser tier skipped: ${missing}` : false;

const FIXTURES = join(__dirname, '..', 'fixtures', 'report');
/**
 * Stands in for VS Code's webview API: records what the page posts and saves. A string, not a function:
 * tsx would add its `__name` helper to a function, which the page does not have.
 */
const FAKE_VSCODE_API = `window.posted = [];
window.acquireVsCodeApi = function () {
  return { postMessage: function (m) { window.posted.push(m); }, getState: function () { return undefined; }, setState: function (s) { window.saved = s; } };
};`;
let assets: ReportAssets;
let context: BrowserContext;
let closeBrowser: () => Promise<void>;

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  assets = await buildAssets();
  ({ context, close: closeBrowser } = await launch());
});
after(async () => {
  if (!skip) await closeBrowser();
});

function fixture(name: string): DiagnosisReport {
  const r = parseResultJson(readFileSync(join(FIXTURES, name), 'utf8'), name);
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

async function assertChartsInked(page: Page, count: number): Promise<void> {
  const stats = await canvasStats(page);
  assert.equal(stats.length, count, JSON.stringify(stats));
  for (const s of stats) {
    assert.ok(s.width > 0 && s.height > 0, `${s.id} has no size`);
    // Axes, grid and data in several colours; a blank canvas has none or one.
    assert.ok(s.colours >= 3 && s.inked > 500, `${s.id} looks blank: ${JSON.stringify(s)}`);
  }
}

for (const [name, file, verdict, row] of [
  ['upstream-filter', 'upstream-filter.result.json', 'Upstream SYN filter', 2],
  ['healthy', 'healthy.result.json', 'Healthy', 1],
] as const) {
  test(
    `exported ${name} report renders offline in dark and light without errors or CSP violations`,
    { skip },
    async () => {
      const html = reportHtml(fixture(file), assets, { includePublicIps: false });
      const colours: string[] = [];
      for (const scheme of ['dark', 'light'] as const) {
        const page = await context.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        const { problems } = await openHtml(page, html, `${name}-${scheme}`);
        await chartsDrawn(page, 4);
        assert.equal(await page.textContent('#verdict-title'), verdict);
        assert.ok((await page.textContent('#verdict-summary'))?.length);
        // The "Why" section names the method's section (no repository address is known, so a searchable title).
        assert.equal(
          await page.textContent('#verdict-method'),
          `How this verdict is reached: VPS Doctor method, §3.4 "The decision table", row ${row}.`,
        );
        assert.doesNotMatch((await page.textContent('body')) ?? '', /docs\/method\.md/);
        await assertChartsInked(page, 4);
        colours.push(await background(page));
        await page.screenshot({ path: join(ARTIFACTS, `report-${name}-${scheme}.png`), fullPage: true });
        assert.deepEqual(problems, { errors: [], violations: [] });
        await page.close();
      }
      assert.notEqual(colours[0], colours[1], 'dark and light backgrounds must differ');
    },
  );
}

test('the body classes VS Code sets switch the theme, and the charts are redrawn', { skip }, async () => {
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  const { problems } = await openHtml(
    page,
    reportHtml(fixture('upstream-filter.result.json'), assets, { includePublicIps: false }),
    'classes',
  );
  await chartsDrawn(page, 4);
  const light = await background(page);
  await page.evaluate("document.body.classList.add('vscode-dark')");
  await pollUntil(page, `getComputedStyle(document.body).backgroundColor !== ${JSON.stringify(light)}`);
  await chartsDrawn(page, 4);
  await assertChartsInked(page, 4);
  await page.screenshot({ path: join(ARTIFACTS, 'report-class-dark.png') });
  assert.deepEqual(problems, { errors: [], violations: [] });
  await page.close();
});

test(
  'a report whose probes ran on the workspace side says so beside the verdict and under "Where and when"',
  { skip },
  async () => {
    const base = fixture('upstream-filter.result.json');
    const report = {
      ...base,
      client: { ...base.client, vantage: { side: 'workspace' as const, host: 'vps-1', remoteName: '127.0.0.1:8080' } },
    };
    const page = await context.newPage();
    const { problems } = await openHtml(page, reportHtml(report, assets, { includePublicIps: false }), 'vantage');
    assert.match(
      (await page.textContent('#vantage-warning')) ?? '',
      /^The probes ran from vps-1, the server running VS Code's workspace side/,
    );
    assert.match(
      (await page.textContent('#provenance')) ?? '',
      /Probes ran from: vps-1 \(the server running VS Code's workspace side/,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'report-vantage-workspace.png') });
    assert.deepEqual(problems, { errors: [], violations: [] });
    await page.close();
    // Probes from the CLI: the line only, no warning.
    const cli = await context.newPage();
    await openHtml(cli, reportHtml(base, assets, { includePublicIps: false }), 'vantage-cli');
    assert.equal(await cli.locator('#vantage-warning').count(), 0);
    assert.match(
      (await cli.textContent('#provenance')) ?? '',
      /Probes ran from: laptop \(where the vps-doctor command ran\)/,
    );
    await cli.close();
  },
);

test('1,000 attempts and 10,000 ping samples stay readable', { skip }, async () => {
  const page = await context.newPage();
  const { problems } = await openHtml(
    page,
    reportHtml(upstreamFilterReport({ attempts: 1000, pings: 10_000 }), assets, { includePublicIps: false }),
    'large',
  );
  await chartsDrawn(page, 4);
  await assertChartsInked(page, 4);
  assert.match((await page.textContent('#burst-stats')) ?? '', / of 1000 delayed/);
  assert.match((await page.textContent('#ping-stats')) ?? '', / of 10000 unanswered/);
  await page.screenshot({ path: join(ARTIFACTS, 'report-large.png'), fullPage: true });
  assert.deepEqual(problems, { errors: [], violations: [] });
  await page.close();
});

test(
  'panel page: the bundle loads by nonce, says ready, renders posted reports and live progress',
  { skip },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpsd-panel-'));
    writeFileSync(join(dir, 'webview.js'), assets.script);
    writeFileSync(join(dir, 'report.css'), assets.css);
    const { html } = webviewPage({
      cspSource: 'file:',
      scriptUri: `file://${dir}/webview.js`,
      styleUri: `file://${dir}/report.css`,
      view: 'report',
      title: 'panel',
    });
    const page = await context.newPage();
    await page.addInitScript({ content: FAKE_VSCODE_API });
    const { problems } = await openHtml(page, html, 'panel');
    await pollUntil(page, "window.posted.some(function (m) { return m.type === 'ready'; })");
    const post = (m: unknown): Promise<unknown> => page.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`);
    const report = fixture('upstream-filter.result.json');
    // Live: the plan, then attempts in two batches; the chart fills in before the result exists.
    await post({
      type: 'progress',
      reset: true,
      phase: 'Burst: 0 of 32',
      plan: { burst: { count: 32, concurrency: 4, scheduleMs: [1000, 2000, 3000], baselineRttMs: 23.4 } },
      attempts: [],
      replies: [],
      lost: [],
    });
    const attempts = resultView(report).burst.attempts;
    await post({
      type: 'progress',
      reset: false,
      phase: 'Burst: 12 of 32',
      attempts: attempts.slice(0, 12),
      replies: [],
      lost: [],
    });
    await pollUntil(page, "document.getElementById('live-phase').textContent === 'Burst: 12 of 32'");
    await pollUntil(page, "/^12 of 32 connects done/.test(document.getElementById('burst-stats').textContent)");
    await chartsDrawn(page, 2);
    await assertChartsInked(page, 2);
    await page.screenshot({ path: join(ARTIFACTS, 'panel-live.png') });
    // A malformed message is ignored, not rendered.
    await post({ type: 'report', view: { title: '<img src=x onerror=alert(1)>' } });
    await post({ type: 'report', hostId: 'ssh:seed-vps', view: resultView(report) });
    await pollUntil(page, "(document.getElementById('verdict-title') || {}).textContent === 'Upstream SYN filter'");
    await chartsDrawn(page, 4);
    await assertChartsInked(page, 4);
    // Actions are typed messages to the host.
    await page.click('vscode-button:has-text("Save Markdown")');
    const state = (await page.evaluate(
      '({ posted: window.posted, savedHost: window.saved && window.saved.hostId })',
    )) as { posted: unknown[]; savedHost?: string };
    assert.deepEqual(state.posted, [{ type: 'ready' }, { type: 'export', format: 'md' }]);
    assert.equal(state.savedHost, 'ssh:seed-vps');
    assert.equal(await page.locator('img').count(), 0);
    await page.screenshot({ path: join(ARTIFACTS, 'panel-report.png') });
    assert.deepEqual(problems, { errors: [], violations: [] });
    await page.close();
  },
);

test('sidebar page: the latest result with one mark per attempt', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-side-'));
  writeFileSync(join(dir, 'webview.js'), assets.script);
  writeFileSync(join(dir, 'report.css'), assets.css);
  const { html } = webviewPage({
    cspSource: 'file:',
    scriptUri: `file://${dir}/webview.js`,
    styleUri: `file://${dir}/report.css`,
    view: 'sidebar',
    title: 'side',
  });
  const page = await context.newPage();
  await page.setViewportSize({ width: 300, height: 400 });
  await page.addInitScript({ content: FAKE_VSCODE_API });
  const { problems } = await openHtml(page, html, 'sidebar');
  await page.evaluate(
    `window.postMessage(${JSON.stringify({ type: 'latest', latest: latestView('ssh:seed-vps', fixture('upstream-filter.result.json')) })}, '*')`,
  );
  await page.waitForSelector('canvas.strip');
  await page.click('.side-verdict');
  const posted = await page.evaluate('window.posted');
  assert.deepEqual(posted, [{ type: 'ready' }, { type: 'openReport', hostId: 'ssh:seed-vps' }]);
  const [strip] = await canvasStats(page, 'canvas.strip');
  const inked = strip.colours;
  assert.ok(inked >= 2, 'the strip shows fast and delayed attempts in different colours');
  await page.screenshot({ path: join(ARTIFACTS, 'sidebar.png') });
  assert.deepEqual(problems, { errors: [], violations: [] });
  await page.close();
});
