/**
 * Watching in the packaged extension inside a real VS Code (code-server) driven by Chromium: Start Watching
 * on the demo host from the palette, the tree marks it watched with its last verdict, the timeline in the
 * report panel fills with at least two rounds (the demo host is watched every minute), and Stop Watching
 * ends it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { packageVsix, startCodeServer, type CodeServer } from './helpers/codeServer';
import { CHROMIUM, e2eSkip } from './helpers/prerequisites';
import { canvasStats } from '../browser/helpers/pageKit';
import { runCommand, shot, treeRow, webviewWith } from './helpers/workbench';

const skip = e2eSkip();
if (skip) console.log(`# ${skip}`);

/** Bounds for waits on a real UI: they only stop a broken build from hanging, they claim nothing about speed. */
const UI_WAIT = 60_000;
/** Two rounds of the demo's 1-minute watch, with room for a slow machine. */
const TWO_ROUNDS = 200_000;
const DEMO = 'vps-doctor-demo (simulated OpenVZ host)';

let cs: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page | undefined;

before(async () => {
  if (skip) return;
  cs = await startCodeServer(packageVsix(), {
    'vpsDoctor.ssh.configFile': '/dev/null',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
  });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(UI_WAIT);
});

after(async () => {
  await browser?.close();
  await cs?.stop();
});

/** Picks the quick-pick row that shows `text`. */
async function pick(p: Page, text: string | RegExp): Promise<void> {
  await p.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().click();
}

test(
  'Start Watching on the demo host: the tree marks it, the timeline gets two rounds; Stop Watching ends it',
  { skip, timeout: 600_000 },
  async () => {
    const p = page!;
    try {
      await p.goto(cs!.url);
      await p.locator('.monaco-workbench').waitFor();
      await p.locator('.activitybar .action-item a[aria-label^="VPS Doctor"]').click();
      await runCommand(p, 'VPS Doctor: Try the Demo Host');
      const host = treeRow(p, DEMO).first();
      await host.waitFor();
      await treeRow(p, 'tcpsndbuf').first().waitFor();

      await runCommand(p, 'VPS Doctor: Start Watching');
      await p.locator('.notification-toast', { hasText: 'watching vps-doctor-demo' }).first().waitFor();
      await treeRow(p, /vps-doctor-demo.*watching/)
        .first()
        .waitFor();
      await shot(p, 'watch-1-started');

      await runCommand(p, 'VPS Doctor: Watches…');
      await pick(p, /Show the timeline of vps-doctor-demo/);
      const timeline = await webviewWith(p, '#timeline-headline', UI_WAIT);
      // The panel is refreshed after every round while it shows the timeline.
      for (
        const started = Date.now();
        !/^([2-9]|\d\d+) rounds\./m.test((await timeline.locator('body').innerText()) ?? '');
      ) {
        assert.ok(
          Date.now() - started < TWO_ROUNDS,
          `fewer than two rounds: ${await timeline.locator('body').innerText()}`,
        );
        await new Promise((r) => setTimeout(r, 1000));
      }
      const ink = await canvasStats(timeline);
      assert.equal(ink.length, 3, JSON.stringify(ink));
      for (const c of ink) assert.ok(c.width > 0 && c.colours >= 3, `${c.id} looks blank: ${JSON.stringify(c)}`);
      // The tree names the last verdict of the watch.
      await treeRow(p, /vps-doctor-demo.*watching: /)
        .first()
        .waitFor();
      await shot(p, 'watch-2-timeline');

      await runCommand(p, 'VPS Doctor: Stop Watching');
      await treeRow(p, DEMO).first().waitFor();
      for (const started = Date.now(); /watching/.test(await host.innerText());) {
        assert.ok(Date.now() - started < UI_WAIT, 'the tree still says watching');
        await new Promise((r) => setTimeout(r, 250));
      }
      await shot(p, 'watch-3-stopped');
    } catch (e) {
      await shot(p, 'watch-failure');
      throw new Error(
        `${e instanceof Error ? e.message : String(e)}\n--- code-server output (tail) ---\n${cs?.output().slice(-3000)}`,
      );
    }
  },
);
