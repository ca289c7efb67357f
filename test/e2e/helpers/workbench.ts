/**
 * Driving the code-server workbench the way a person does: the palette, the tree rows, the webviews.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

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

/** Pixels drawn on each chart canvas of a webview: a blank canvas has no inked pixels and one colour at most. */
export async function chartInk(f: Frame): Promise<{ id: string; width: number; height: number; colours: number; inked: number }[]> {
  return f.evaluate(`[...document.querySelectorAll('.chart')].map(function (chart) {
    var c = chart.querySelector('canvas');
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
  })`);
}
