/**
 * The extension in Japanese inside a real VS Code (code-server started with `--locale ja` and a language
 * pack): the view and its welcome, the commands in the palette and on the tree, and the demo diagnosis with
 * its report panel, all in Japanese from package.nls.ja.json and l10n/bundle.l10n.ja.json.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { packageVsix, startCodeServer, type CodeServer } from './helpers/codeServer';
import { japaneseLanguagePack, registerLanguagePack } from './helpers/languagePack';
import { CHROMIUM, e2eSkip } from './helpers/prerequisites';
import { openBrowser, openVpsDoctor, runCommand, shot, treeRow, webviewWith } from './helpers/workbench';

const skip = e2eSkip();
if (skip) console.log(`# ${skip}`);

/** Bounds for waits on a real UI: they only stop a broken build from hanging, they claim nothing about speed. */
const UI_WAIT = 60_000;
const DIAGNOSIS_WAIT = 180_000;
const DEMO = 'vps-doctor-demo（模擬 OpenVZ ホスト）';

let cs: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page | undefined;

before(async () => {
  if (skip) return;
  cs = await startCodeServer(
    packageVsix(),
    {
      'vpsDoctor.ssh.configFile': '/dev/null',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
    },
    undefined,
    { locale: 'ja', extensions: [japaneseLanguagePack()], beforeStart: registerLanguagePack },
  );
  ({ browser, page } = await openBrowser(CHROMIUM, UI_WAIT, 'ja-JP'));
});

after(async () => {
  await browser?.close();
  await cs?.stop();
});

test('in Japanese: the view, the commands and the demo diagnosis with its report', { skip }, async () => {
  const p = page!;
  try {
    await openVpsDoctor(p, cs!.url);
    // The view's name and its welcome come from package.nls.ja.json.
    await p.locator('.pane-header', { hasText: 'ホスト' }).first().waitFor();
    await p.locator('.welcome-view-content', { hasText: 'デモホストを試す' }).first().waitFor();
    await shot(p, 'ja-1-welcome');

    // A command by its Japanese title in the palette.
    await runCommand(p, 'VPS Doctor: デモホストを試す');
    const host = treeRow(p, DEMO).first();
    await host.waitFor();
    await treeRow(p, 'tcpsndbuf').first().waitFor();
    // The tree's own words: the beancounters section's count of trouble, and unlimited values.
    await treeRow(p, /beancounters.*要注意 \d+ 件/)
      .first()
      .waitFor();
    await treeRow(p, /kmemsize.*無制限/)
      .first()
      .waitFor();
    await shot(p, 'ja-2-connected');

    // The host's inline action carries its Japanese title; the progress notification is Japanese too.
    await host.hover();
    await host.locator('.action-label[aria-label="完全診断を実行"]').click();
    await p.locator('.notification-toast', { hasText: 'を診断中' }).first().waitFor();

    const report = await webviewWith(p, '#verdict-title', DIAGNOSIS_WAIT);
    assert.equal((await report.locator('#verdict-title').innerText()).trim(), '上流の SYN フィルタ');
    assert.match(await report.locator('#verdict').innerText(), /事業者に伝えること/);
    assert.match(await report.locator('#verdict-summary').innerText(), /SYN はサーバーに届いていません/);
    assert.match(await report.locator('#evidence').innerText(), /根拠/);
    assert.match(await report.locator('#counters').innerText(), /Tcp\.PassiveOpens/, 'counter names stay as they are');
    await shot(p, 'ja-3-report');

    await runCommand(p, 'VPS Doctor: デモホストを停止');
    await treeRow(p, DEMO).first().waitFor({ state: 'detached' });
  } catch (e) {
    await shot(p, 'ja-failure');
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}\n--- code-server output (tail) ---\n${cs?.output().slice(-3000)}`,
    );
  }
});
