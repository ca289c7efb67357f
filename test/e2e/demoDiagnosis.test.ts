/**
 * The demo flow a new user follows, in the packaged extension inside a real VS Code (code-server) driven
 * by Chromium: "Try the Demo Host" from the palette, the simulated OpenVZ host connected in the tree with
 * tcpsndbuf's failcnt growing, "Run Full Diagnosis" from the host's inline action, and the report panel
 * with the verdict of an upstream SYN filter and its charts drawn.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { packageVsix, startCodeServer, type CodeServer } from './helpers/codeServer';
import { CHROMIUM, e2eSkip } from './helpers/prerequisites';
import { canvasStats } from '../browser/helpers/pageKit';
import { openBrowser, openVpsDoctor, runCommand, shot, treeRow, webviewWith } from './helpers/workbench';

const skip = e2eSkip();
if (skip) console.log(`# ${skip}`);

/** Bounds for waits on a real UI: they only stop a broken build from hanging, they claim nothing about speed. */
const UI_WAIT = 60_000;
/** The diagnosis: a burst with SYN retransmissions, an idle control of the same length, 100 pings. */
const DIAGNOSIS_WAIT = 180_000;
const DEMO = 'vps-doctor-demo (simulated OpenVZ host)';

let cs: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page | undefined;

before(async () => {
  if (skip) return;
  const vsix = packageVsix();
  // No `remote.extensionKind` setting: the shipped manifest (`["ui", "workspace"]`) must bring the extension
  // up on its own in code-server, whose UI side is a browser with no Node extension host.
  cs = await startCodeServer(vsix, {
    // An empty ssh config: the demo is the only host listed.
    'vpsDoctor.ssh.configFile': '/dev/null',
    'vpsDoctor.sampling.intervalSeconds': 2,
    // Room for the report: no chat side bar.
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
  });
  ({ browser, page } = await openBrowser(CHROMIUM, UI_WAIT));
});

after(async () => {
  await browser?.close();
  await cs?.stop();
});

test('try the demo host, diagnose it from the tree, read the verdict and the charts', { skip }, async () => {
  const p = page!;
  try {
    await openVpsDoctor(p, cs!.url);
    await p.locator('.welcome-view-content', { hasText: 'Try the Demo Host' }).first().waitFor();
    await shot(p, 'demo-1-welcome');

    await runCommand(p, 'VPS Doctor: Try the Demo Host');
    const host = treeRow(p, DEMO).first();
    await host.waitFor();
    // Connected and sampled: the beancounters are listed under it, and the host line names the virtualisation.
    await treeRow(p, 'tcpsndbuf').first().waitFor();
    assert.doesNotMatch(await host.innerText(), /not connected|error/);
    assert.match(await host.innerText(), /OpenVZ/);
    // The scenario's backup makes tcpsndbuf refuse send buffer: its failcnt grows between samples.
    const growing = treeRow(p, /tcpsndbuf.*failcnt [\d,]+ · \+[\d,]+ in /).first();
    await growing.waitFor();
    assert.match(await growing.innerText(), /\+[1-9][\d,]* in /);
    await shot(p, 'demo-2-connected');

    // The host's inline action, as a person hovers the row and clicks it.
    await host.hover();
    await host.locator('.action-label[aria-label="Run Full Diagnosis"]').click();
    const notification = p.locator('.notification-toast', { hasText: 'diagnosing' }).first();
    await notification.waitFor();
    // The panel opens at once and draws the burst as it runs (or already the report, on a fast machine).
    await webviewWith(p, '#burst', UI_WAIT);
    await shot(p, 'demo-3-running');

    const report = await webviewWith(p, '#verdict-title', DIAGNOSIS_WAIT);
    assert.equal((await report.locator('#verdict-title').innerText()).trim(), 'Upstream SYN filter');
    assert.match(await report.locator('.demo').innerText(), /simulated OpenVZ host/);
    // The extension runs on code-server's workspace side, the server: the report says the probes went out from there.
    assert.match(
      await report.locator('#vantage-warning').innerText(),
      /^The probes ran from .+, the server running VS Code's workspace side/,
    );
    assert.match(
      await report.locator('#provenance').innerText(),
      /Probes ran from: .+ \(the server running VS Code's workspace side, remote "[^"]+", not your own machine\)/,
    );
    // Polled with evaluate, not waitForFunction: its polling compiles a string with eval, which the panel's CSP refuses.
    for (
      let i = 0;
      !(await report.evaluate(
        `document.querySelectorAll('.chart canvas').length >= 2 && [...document.querySelectorAll('.chart canvas')].every(function (c) { return c.width > 0; })`,
      ));
      i++
    ) {
      assert.ok(i < 400, 'the report charts never got a canvas');
      await new Promise((r) => setTimeout(r, 50));
    }
    await report.evaluate(
      'new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(r); }); })',
    );
    const ink = await canvasStats(report);
    assert.ok(ink.length >= 2, `the burst and ping charts: ${JSON.stringify(ink)}`);
    for (const c of ink) assert.ok(c.colours >= 3 && c.inked > 500, `${c.id} looks blank: ${JSON.stringify(c)}`);
    await shot(p, 'demo-4-report');
    // The tree's Probes section records the verdict: collapse the tree, open the host again, go to its last section.
    await p.locator('.pane-header .action-label[aria-label="Collapse All"]').first().click();
    // Collapse All lands asynchronously; a click on the host before it does is undone by it (or leaves the
    // long Beancounters list open, with Probes scrolled out of the rendered rows). Wait for the host row alone.
    for (let i = 0; (await p.locator('.pane-body .monaco-list-row').count()) !== 1; i++) {
      assert.ok(i < 400, 'Collapse All never left the host row alone');
      await new Promise((r) => setTimeout(r, 50));
    }
    await host.click();
    // The tree renders only the rows in view, and the host's sections come back as their items say (Beancounters
    // and TCP buffers open, long lists whose children load a moment later). Probes is the host's last section, so
    // End focuses it (or, once open, its newest entry) and scrolls to it; Right opens it. Keys act on the focused
    // row, so a sampling refresh that re-renders the rows does not swallow them as it can a click; repeated until
    // the rows above have settled.
    const diagnosisRow = treeRow(p, /Diagnosis: Upstream SYN filter/).first();
    for (let i = 0; !(await diagnosisRow.isVisible()); i++) {
      assert.ok(i < 200, 'the Probes section never showed the diagnosis');
      await p.keyboard.press('End');
      const focused = p.locator('.pane-body .monaco-list-row.focused').first();
      if (
        /^Probes/.test(await focused.innerText({ timeout: 1000 }).catch(() => '')) &&
        (await focused.getAttribute('aria-expanded', { timeout: 1000 }).catch(() => null)) === 'false'
      ) {
        await p.keyboard.press('ArrowRight');
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    await shot(p, 'demo-5-probes');

    await runCommand(p, 'VPS Doctor: Stop the Demo Host');
    await treeRow(p, DEMO).first().waitFor({ state: 'detached' });

    // After a window reload the report panel comes back with its result (the panel serializer).
    await runCommand(p, 'Developer: Reload Window');
    await p.locator('.monaco-workbench').waitFor({ timeout: UI_WAIT });
    const restored = await webviewWith(p, '#verdict-title', UI_WAIT);
    assert.equal((await restored.locator('#verdict-title').innerText()).trim(), 'Upstream SYN filter');
    await shot(p, 'demo-6-restored');
  } catch (e) {
    await shot(p, 'demo-failure');
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}\n--- code-server output (tail) ---\n${cs?.output().slice(-3000)}`,
    );
  }
});
