import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import type { ReportAssets } from '../../../src/core/report/reportHtml';

/** Debian's chromium; tests skip without it on a laptop and fail without it under CI=true. */
export const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..', '..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** Why the browser tier cannot run here, or null when it can. */
export function missingBrowser(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} not found (Debian package "chromium")`;
}

/**
 * Builds the webview bundle from source as scripts/build.mjs does (browser, iife, es2022), so the test
 * never reads a stale dist/, and reads media/report.css.
 */
export async function buildAssets(): Promise<ReportAssets> {
  const out = await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'webview', 'main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return { script: out.outputFiles[0].text, css: readFileSync(join(ROOT, 'media', 'report.css'), 'utf8') };
}

/** Chromium with a fresh profile in a temp dir (Playwright takes the profile as `userDataDir`), removed by `close`. */
export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'vpsd-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The set-up a browser test file shares: without Chromium it skips with one line (and throws under
 * CI=true); otherwise, before the file's tests, the assets are built and one browser is launched, and
 * after them it is closed. `assets()` and `context()` are valid inside the tests.
 */
export function browserSuite(hooks: { before(fn: () => Promise<void>): void; after(fn: () => Promise<void>): void }): {
  skip: string | false;
  assets(): ReportAssets;
  context(): BrowserContext;
} {
  const missing = missingBrowser();
  if (missing && process.env.CI === 'true') throw new Error(`browser tier: ${missing}, and CI=true forbids skipping`);
  const skip = missing ? `browser tier skipped: ${missing}` : false;
  let assets: ReportAssets | undefined;
  let browser: { context: BrowserContext; close: () => Promise<void> } | undefined;
  hooks.before(async () => {
    if (skip) return;
    mkdirSync(ARTIFACTS, { recursive: true });
    assets = await buildAssets();
    browser = await launch();
  });
  hooks.after(async () => {
    await browser?.close();
  });
  return { skip, assets: () => assets!, context: () => browser!.context };
}

/** Everything a page reported that a clean page must not: console errors, page errors, CSP violations. */
export interface PageProblems {
  errors: string[];
  violations: string[];
}

/** Writes `html` to a temp file, opens it over file:// and records the page's problems from the first script on. */
export async function openHtml(
  page: Page,
  html: string,
  name: string,
): Promise<{ problems: PageProblems; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-report-'));
  const file = join(dir, `${name}.html`);
  writeFileSync(file, html);
  const problems: PageProblems = { errors: [], violations: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.errors.push(m.text());
  });
  page.on('pageerror', (e) => problems.errors.push(String(e)));
  await page.exposeFunction('__cspViolation', (v: string) => problems.violations.push(v));
  await page.addInitScript({ content: CSP_LISTENER });
  await page.goto(`file://${file}`);
  return { problems, file };
}

/** Reports every CSP violation to the test from the first script on. */
const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolation(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample);
});`;

export interface CanvasStats {
  id: string;
  width: number;
  height: number;
  /** Distinct colours among the painted pixels. */
  colours: number;
  /** Painted (non-transparent) pixels. */
  inked: number;
}

/**
 * Pixel statistics of each chart canvas: size and how many distinct colours it holds. A blank canvas
 * has one colour (or none); a drawn chart has axes, bands and points in several. Page-side code is a
 * string: the test's tsconfig has no DOM types, and tsx would add helpers the page lacks to a function.
 */
export async function canvasStats(page: Page | Frame, selector = '.chart'): Promise<CanvasStats[]> {
  return page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map(function (chart) {
    var c = chart instanceof HTMLCanvasElement ? chart : chart.querySelector('canvas');
    if (!c) return { id: chart.id, width: 0, height: 0, colours: 0, inked: 0 };
    var data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    var colours = new Set();
    var inked = 0;
    for (var i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      inked++;
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return { id: chart.id, width: c.width, height: c.height, colours: colours.size, inked: inked };
  })`) as Promise<CanvasStats[]>;
}

/**
 * Waits until a page expression is truthy, polling with `page.evaluate`. Not `waitForFunction`: once its first
 * check fails it polls through a string compiled with eval inside the page, which the report's CSP (rightly)
 * refuses, so it would fail whenever the page was not ready at the first look. The bound only keeps a broken
 * page from hanging the run; it is not a claim about speed.
 */
export async function pollUntil(page: Page, expression: string, boundMs = 20_000): Promise<void> {
  for (const started = Date.now(); ;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() - started > boundMs) throw new Error(`the page never satisfied: ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until `n` charts have a sized canvas (uPlot creates them on first layout) and two frames have passed. */
export async function chartsDrawn(page: Page, n: number): Promise<void> {
  await pollUntil(
    page,
    `(function () {
    var canvases = [...document.querySelectorAll('.chart canvas')];
    return canvases.length >= ${n} && canvases.every(function (c) { return c.width > 0 && c.height > 0; });
  })()`,
  );
  await page.evaluate(
    'new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(r); }); })',
  );
}

/** The page's body background colour, as computed. */
export const background = (page: Page): Promise<string> =>
  page.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;
