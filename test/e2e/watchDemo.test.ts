/**
 * Watching in the packaged extension inside a real VS Code (code-server) driven by Chromium: Start Watching
 * on the demo host from the palette, the tree marks it watched with its last verdict, the timeline in the
 * report panel fills with at least two rounds (the demo host is watched every minute); a window reload
 * restarts the watch (the tree still marks it, a new round arrives); Stop Watching ends it, and the next
 * reload leaves it stopped.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Frame, Page } from 'playwright-core';
import { packageVsix, startCodeServer, type CodeServer } from './helpers/codeServer';
import { CHROMIUM, e2eSkip } from './helpers/prerequisites';
import { canvasStats } from '../browser/helpers/pageKit';
import { showVpsDoctor, reloadWindow, runCommand, shot, treeRow, webviewWith } from './helpers/workbench';

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

/** The rounds the timeline's headline counts ("27 rounds. …"); 0 before the first. */
async function roundsIn(timeline: Frame): Promise<number> {
  const m = /^(\d+) rounds?\./m.exec(await timeline.locator('body').innerText());
  return m ? Number(m[1]) : 0;
}

/** Waits until the timeline, which is refreshed after every round while shown, counts `n` rounds. */
async function waitForRounds(timeline: Frame, n: number): Promise<void> {
  for (const started = Date.now(); (await roundsIn(timeline)) < n;) {
    assert.ok(
      Date.now() - started < TWO_ROUNDS,
      `fewer than ${n} rounds: ${await timeline.locator('body').innerText()}`,
    );
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Opens the demo host's timeline from the Watches menu. */
async function openTimeline(p: Page): Promise<Frame> {
  await runCommand(p, 'VPS Doctor: Watches…');
  await pick(p, /Show the timeline of vps-doctor-demo/);
  return webviewWith(p, '#timeline-headline', UI_WAIT);
}

/** Picks the quick-pick row that shows `text`. */
async function pick(p: Page, text: string | RegExp): Promise<void> {
  await p.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().click();
}

test(
  'Start Watching on the demo host: the tree marks it, the timeline gets two rounds; a reload restarts the watch; Stop Watching ends it and the next reload leaves it stopped',
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

      const timeline = await openTimeline(p);
      await waitForRounds(timeline, 2);
      const ink = await canvasStats(timeline);
      assert.equal(ink.length, 3, JSON.stringify(ink));
      for (const c of ink) assert.ok(c.width > 0 && c.colours >= 3, `${c.id} looks blank: ${JSON.stringify(c)}`);
      // The tree names the last verdict of the watch.
      await treeRow(p, /vps-doctor-demo.*watching: /)
        .first()
        .waitFor();
      await shot(p, 'watch-2-timeline');

      // A window reload ends the extension host and the watch with it (no daemon); the new one starts the
      // watch again, the demo host with it: the tree marks it, and the timeline goes on with a new round.
      const before = await roundsIn(timeline);
      await reloadWindow(p);
      await showVpsDoctor(p);
      await treeRow(p, /vps-doctor-demo.*watching/)
        .first()
        .waitFor({ timeout: TWO_ROUNDS });
      await waitForRounds(await openTimeline(p), before + 1);
      await shot(p, 'watch-3-reloaded');

      await runCommand(p, 'VPS Doctor: Stop Watching');
      await treeRow(p, DEMO).first().waitFor();
      for (const started = Date.now(); /watching/.test(await host.innerText());) {
        assert.ok(Date.now() - started < UI_WAIT, 'the tree still says watching');
        await new Promise((r) => setTimeout(r, 250));
      }
      await shot(p, 'watch-4-stopped');

      // Stopped stays stopped: the next window restarts no watch, so the demo host (which ends with the
      // extension host) comes back only when tried again, and then unwatched.
      await reloadWindow(p);
      await showVpsDoctor(p);
      await runCommand(p, 'VPS Doctor: Try the Demo Host');
      await p.locator('.notification-toast', { hasText: 'The demo host is connected' }).first().waitFor();
      await host.waitFor();
      assert.doesNotMatch(await host.innerText(), /watching/);
      await runCommand(p, 'VPS Doctor: Watches…');
      await p.locator('.quick-input-list .monaco-list-row', { hasText: 'Start watching a host' }).first().waitFor();
      assert.equal(
        await p.locator('.quick-input-list .monaco-list-row', { hasText: /Stop watching|Show the timeline/ }).count(),
        0,
        'the Watches menu lists a watch after the reload',
      );
      await p.keyboard.press('Escape');
      await shot(p, 'watch-5-still-stopped');
    } catch (e) {
      await shot(p, 'watch-failure');
      throw new Error(
        `${e instanceof Error ? e.message : String(e)}\n--- code-server output (tail) ---\n${cs?.output().slice(-3000)}`,
      );
    }
  },
);
