/**
 * Driving the code-server workbench the way a person does: the palette, the tree rows, the webviews.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';

const ARTIFACTS = new URL('../../../test-artifacts/', import.meta.url).pathname;

/** Saves a screenshot as test-artifacts/e2e-<name>.png. */
export async function shot(page: Page | undefined, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page?.screenshot({ path: join(ARTIFACTS, `e2e-${name}.png`) });
}

/** Runs a command from the palette by its title. */
export async function runCommand(p: Page, title: string): Promise<void> {
  await p.keyboard.press('F1');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await p.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await p.keyboard.press('Enter');
}

/** A row of a tree in the side bar. */
export const treeRow = (p: Page, text: string | RegExp) => p.locator('.pane-body .monaco-list-row', { hasText: text });

/**
 * The webview document that shows `selector`: VS Code nests each webview's page in an inner iframe of
 * an outer one, and several webviews (the report panel, the Latest Result view) may be open at once.
 * Polls until one matches or `timeoutMs` passes; the bound only stops a broken build from hanging.
 */
export async function webviewWith(p: Page, selector: string, timeoutMs: number): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const f of p.frames()) {
      if (f === p.mainFrame()) continue;
      const found = await f.$(selector).catch(() => null);
      if (found) return f;
    }
    if (Date.now() > end) throw new Error(`no webview shows ${selector}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Debian's Chromium driving the workbench: one page of 1600 × 1000 whose waits default to `timeoutMs`. */
export async function openBrowser(
  chromiumPath: string,
  timeoutMs: number,
  locale?: string,
): Promise<{ browser: Browser; page: Page }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, ...(locale ? { locale } : {}) });
  page.setDefaultTimeout(timeoutMs);
  return { browser, page };
}

/** Opens the workbench at `url` and the VPS Doctor view from the activity bar. */
export async function openVpsDoctor(p: Page, url: string): Promise<void> {
  await p.goto(url);
  await p.locator('.monaco-workbench').waitFor();
  await p.locator('.activitybar .action-item a[aria-label^="VPS Doctor"]').click();
}

/**
 * Developer: Reload Window from the palette, as a person does: the page loads again and code-server starts a
 * new extension host (the old one is ended). Returns once the new workbench is drawn.
 */
export async function reloadWindow(p: Page): Promise<void> {
  const loaded = p.waitForEvent('load');
  await p.keyboard.press('F1');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill('>Developer: Reload Window');
  // Exactly this command, not "Reload Window With Extensions Disabled" beside it.
  await p
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: p.locator('.label-name', { hasText: /^Developer: Reload Window$/ }) })
    .first()
    .click();
  await loaded;
  await p.locator('.monaco-workbench').waitFor();
}

/**
 * Shows the VPS Doctor side bar after a reload: the workbench restores it open as it was, and a click on its
 * activity bar icon would then close it, so the icon is clicked only when the side bar did not come back.
 */
export async function showVpsDoctor(p: Page): Promise<void> {
  const open = p.locator('.part.sidebar .composite.title', { hasText: 'VPS Doctor' });
  if (
    await open.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    )
  )
    return;
  await p.locator('.activitybar .action-item a[aria-label^="VPS Doctor"]').click();
  await open.waitFor();
}
