/**
 * The Japanese report in a real browser: the exported page and the panel page render their own labels and
 * the diagnosis in Japanese from the embedded bundle, under the same strict CSP, with every chart drawn.
 * Japanese glyphs need a CJK font (Debian fonts-noto-cjk, installed by .ci/run); the screenshots in
 * test-artifacts/ show whether they render.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { CLI_BUNDLES, cliLocalizer } from '../../src/cli/cliL10n';
import { webviewPage } from '../../src/core/report/htmlCsp';
import { reportHtml, type ReportAssets } from '../../src/core/report/reportHtml';
import { parseResultJson } from '../../src/core/resultModel/resultParse';
import type { DiagnosisReport } from '../../src/core/resultModel/resultSchema';
import { resultView } from '../../src/core/resultModel/resultView';
import {
  ARTIFACTS,
  buildAssets,
  canvasStats,
  chartsDrawn,
  launch,
  missingBrowser,
  openHtml,
  pollUntil,
} from './helpers/pageKit';

/** Why Japanese cannot be shown here: no browser, or no font with Japanese glyphs (fontconfig's view). */
function missingPrerequisite(): string | null {
  const browser = missingBrowser();
  if (browser) return browser;
  try {
    const fonts = execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' });
    return fonts.trim() === '' ? 'no font with Japanese glyphs (Debian package "fonts-noto-cjk")' : null;
  } catch {
    return 'fc-list not found (fontconfig), so the Japanese fonts cannot be checked';
  }
}

const missing = missingPrerequisite();
if (missing && process.env.CI === 'true')
  throw new Error(`browser tier (Japanese): ${missing}, and CI=true forbids skipping`);
const skip = missing ? `browser tier (Japanese) skipped: ${missing}` : false;

const FIXTURES = join(__dirname, '..', 'fixtures', 'report');
const ja = cliLocalizer('ja');
const FAKE_VSCODE_API = `window.posted = [];
window.acquireVsCodeApi = function () {
  return { postMessage: function (m) { window.posted.push(m); }, getState: function () { return undefined; }, setState: function () {} };
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

test(
  'the exported Japanese report: Japanese labels and diagnosis, charts drawn, no console errors or CSP violations',
  { skip },
  async () => {
    const html = reportHtml(fixture('upstream-filter.result.json'), assets, {
      includePublicIps: false,
      l: ja,
      bundle: CLI_BUNDLES.ja,
    });
    const page = await context.newPage();
    const { problems } = await openHtml(page, html, 'report-ja');
    await chartsDrawn(page, 4);
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    assert.equal(await page.textContent('#verdict-title'), '上流の SYN フィルタ');
    assert.equal(
      await page.textContent('#verdict-summary'),
      'SYN はサーバーに届いていません。事業者のネットワークで落とされています。',
    );
    // The page's own labels come from the embedded bundle, the diagnosis from the report's texts.
    assert.equal(await page.textContent('#evidence h2'), '根拠');
    assert.match((await page.textContent('#verdict')) ?? '', /事業者に伝えること/);
    assert.match((await page.textContent('#burst-stats')) ?? '', /^32 本中 25 本が SYN 再送で遅延/);
    assert.match((await page.textContent('#ping-stats')) ?? '', /喪失率 4\.0 %/);
    assert.match(
      (await page.textContent('#buffer-risk')) ?? '',
      /tcp_wmem max 4,194,304 B \(4 MiB\) >= tcpsndbuf barrier/,
    );
    assert.match(
      (await page.textContent('#counters')) ?? '',
      /Tcp\.PassiveOpens/,
      'counter names stay as the kernel spells them',
    );
    assert.doesNotMatch(
      await page.innerText('#root'),
      /The SYNs never reached|What to tell the provider|Server counters during the burst/,
    );
    for (const s of await canvasStats(page))
      assert.ok(s.colours >= 3 && s.inked > 500, `${s.id} looks blank: ${JSON.stringify(s)}`);
    await page.screenshot({ path: join(ARTIFACTS, 'report-ja.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report-ja-top.png') });
    assert.deepEqual(problems, { errors: [], violations: [] });
    await page.close();
  },
);

test(
  "the panel page in Japanese: VS Code's bundle drives the buttons, the posted view the texts",
  { skip },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpsd-panel-ja-'));
    writeFileSync(join(dir, 'webview.js'), assets.script);
    writeFileSync(join(dir, 'report.css'), assets.css);
    const { html } = webviewPage({
      cspSource: 'file:',
      scriptUri: `file://${dir}/webview.js`,
      styleUri: `file://${dir}/report.css`,
      view: 'report',
      title: 'panel',
      l10n: { lang: 'ja', bundle: CLI_BUNDLES.ja },
    });
    const page = await context.newPage();
    await page.addInitScript({ content: FAKE_VSCODE_API });
    const { problems } = await openHtml(page, html, 'panel-ja');
    await pollUntil(page, "window.posted.some(function (m) { return m.type === 'ready'; })");
    await page.evaluate(
      `window.postMessage(${JSON.stringify({ type: 'report', hostId: 'ssh:seed-vps', view: resultView(fixture('upstream-filter.result.json'), ja) })}, '*')`,
    );
    await pollUntil(page, "(document.getElementById('verdict-title') || {}).textContent === '上流の SYN フィルタ'");
    await chartsDrawn(page, 4);
    assert.equal(await page.locator('vscode-button:has-text("Markdown を保存")').count(), 1);
    await page.click('vscode-button:has-text("Markdown を保存")');
    assert.deepEqual(await page.evaluate('window.posted'), [{ type: 'ready' }, { type: 'export', format: 'md' }]);
    await page.screenshot({ path: join(ARTIFACTS, 'panel-ja.png') });
    assert.deepEqual(problems, { errors: [], violations: [] });
    await page.close();
  },
);
