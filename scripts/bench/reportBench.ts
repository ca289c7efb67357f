/**
 * Section 5. The report: webview bundle size and the time headless Chromium takes from navigation start
 * to the charts drawn (every chart canvas sized, then two more frames, as the browser tests wait), for
 * the exported HTML of a 1,000-attempt / 10,000-ping report; beside the healthy 32-attempt report (ratio
 * big/small) and beside the big page's own bytes with its script made inert (ratio big/plain: what our
 * rendering costs over loading and parsing the same bytes).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadReportAssets, reportHtml } from '../../src/core/report/reportHtml';
import { healthyReport, upstreamFilterReport } from '../../test/fixtures/report/sampleReports';
import { bytes, fileBytes, line, median, ms, ratio, ROOT, skipped } from './kit';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = 5;
const PAGE_DEADLINE_MS = 60_000;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Page-side watcher, injected before any page script: records `window.__vpsdDrawn` (ms since navigation
 * start) two frames after `charts` chart canvases have a size, or, with 0 charts, after the load event.
 * A string, not a function: tsx would add helpers the page does not have.
 */
const watcher = (charts: number): string => `(function () {
  function done() { requestAnimationFrame(function () { requestAnimationFrame(function () { window.__vpsdDrawn = performance.now(); }); }); }
  function ready() {
    if (${charts} === 0) return document.readyState === 'complete';
    var c = [].slice.call(document.querySelectorAll('.chart canvas'));
    return c.length >= ${charts} && c.every(function (x) { return x.width > 0 && x.height > 0; });
  }
  function check() { if (ready()) done(); else requestAnimationFrame(check); }
  requestAnimationFrame(check);
})();`;

/** The same bytes with the executable script replaced by a comment of equal length: nothing runs, all is parsed. */
function inert(html: string): string {
  const start = html.lastIndexOf('<script>');
  const end = html.indexOf('</script>', start) + '</script>'.length;
  if (start < 0 || end < start) throw new Error('the report page has no inline script');
  return html.slice(0, start) + `<!--${'x'.repeat(end - start - 7)}-->` + html.slice(end);
}

/**
 * Polls for the watcher's mark. Not waitForFunction: that compiles its string with eval, which the page's
 * strict CSP refuses; page.evaluate runs in the debugger protocol, outside the CSP. The time itself is
 * taken in the page, so the polling interval does not enter the figure.
 */
async function drawnBy(page: Page, deadline: number): Promise<void> {
  while ((await page.evaluate('window.__vpsdDrawn')) === undefined) {
    if (Date.now() > deadline) throw new Error(`charts not drawn within ${PAGE_DEADLINE_MS} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface PageFigures {
  domContentLoadedMs: number;
  drawnMs: number;
}

interface Variant {
  name: string;
  file: string;
  charts: number;
  size: number;
  runs: PageFigures[];
}

async function main(): Promise<void> {
  console.log(`5. the report in headless Chromium, navigation start to charts drawn, median of ${RUNS}:`);
  const web = fileBytes(join(ROOT, 'dist/webview.js'));
  line(`dist/webview.js: ${web ? `${bytes(web.raw)} raw, ${bytes(web.gzip)} gzip` : 'missing (npm run build)'}`);
  if (!existsSync(CHROMIUM)) return skipped(`${CHROMIUM} not found (Debian package chromium)`);
  const { chromium } = await import('playwright-core');
  const assets = await loadReportAssets(ROOT);
  const big = reportHtml(upstreamFilterReport({ attempts: 1000, pings: 10_000 }), assets, { includePublicIps: false });
  const small = reportHtml(healthyReport(), assets, { includePublicIps: false });
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-bench-report-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const variants: Variant[] = [
      ['big: 1,000 attempts / 10,000 pings', big, 4],
      ['small: healthy, 32 attempts / 200 pings', small, 4],
      ['plain: the big page, script inert', inert(big), 0],
    ].map(([name, html, charts], i) => {
      const file = join(dir, `page${i}.html`);
      writeFileSync(file, html as string);
      return {
        name: name as string,
        file,
        charts: charts as number,
        size: Buffer.byteLength(html as string),
        runs: [],
      };
    });
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    // Alternate the variants so drift on a noisy machine hits each alike; one page at a time.
    for (let i = 0; i < RUNS; i++) {
      for (const v of variants) {
        const page = await context.newPage();
        await page.addInitScript({ content: watcher(v.charts) });
        await page.goto(`file://${v.file}`, { timeout: PAGE_DEADLINE_MS });
        await drawnBy(page, Date.now() + PAGE_DEADLINE_MS);
        v.runs.push(
          (await page.evaluate(`({ drawnMs: window.__vpsdDrawn,
          domContentLoadedMs: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd })`)) as PageFigures,
        );
        await page.close();
      }
    }
    await context.close();
    for (const v of variants) {
      const dcl = median(v.runs.map((r) => r.domContentLoadedMs));
      const drawn = median(v.runs.map((r) => r.drawnMs));
      line(
        `${v.name.padEnd(42)} ${bytes(v.size).padStart(8)}  DOMContentLoaded ${ms(dcl).padStart(8)}  ${v.charts > 0 ? 'charts drawn' : 'loaded+2 frames'} ${ms(drawn).padStart(8)}`,
      );
    }
    const drawn = variants.map((v) => median(v.runs.map((r) => r.drawnMs)));
    line(
      `ratio big/small (charts drawn): ${ratio(drawn[0]!, drawn[1]!)}; ratio big/plain (same bytes, no script run): ${ratio(drawn[0]!, drawn[2]!)}`,
    );
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  skipped(e instanceof Error ? e.message.split('\n')[0]! : String(e));
});
