/**
 * The packaged extension in a real VS Code (code-server) driven by Chromium: connect to a real sshd
 * on loopback that serves the seed's beancounters from a fake /proc, trust its host key in the
 * modal, see tcpsndbuf in the tree, then make failcnt grow on the "server" and watch the tree, the
 * status bar and the notification follow.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Sshd } from '../integration/helpers/sshd';
import { makeFakeRoot, removeFakeRoot, seedText } from '../unit/remoteFixtures';
import { packageVsix, startCodeServer, type CodeServer } from './helpers/codeServer';
import { CHROMIUM, e2eSkip } from './helpers/prerequisites';
import { runCommand, shot as shotOf, treeRow } from './helpers/workbench';

const skip = e2eSkip();
if (skip) console.log(`# ${skip}`);

/** Bounds for waits on a real UI: they only stop a broken build from hanging, they claim nothing about speed. */
const UI_WAIT = 60_000;

let sshd: Sshd | undefined;
let root: string | undefined;
let dir: string | undefined;
let cs: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page | undefined;

/** The seed's beancounters with tcpsndbuf's failcnt raised by `extra`, and an uptime that moves on. */
function writeServerState(extra: number, uptimeSeconds: number): void {
  const text = seedText('seed_user_beancounters.txt').replace(
    /(tcpsndbuf(?:\s+\d+){4}\s+)(\d+)/,
    (_m, head: string, n: string) => `${head}${Number(n) + extra}`,
  );
  writeFileSync(join(root!, 'proc/user_beancounters'), text);
  writeFileSync(join(root!, 'proc/uptime'), `${uptimeSeconds}.00 ${uptimeSeconds * 2}.00\n`);
}

const shot = (name: string): Promise<void> => shotOf(page, name);

before(async () => {
  if (skip) return;
  root = makeFakeRoot('openvz-root');
  writeServerState(0, 100_000);
  sshd = await Sshd.start({ extraConfig: [`SetEnv VPSD_ROOT=${root}`] });
  dir = mkdtempSync(join(tmpdir(), 'vpsd-e2e-'));
  // Wildcard-only config: no extra host is listed, and the key and empty known_hosts apply to the settings host.
  const sshConfig = join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    [
      'Host *',
      `  IdentityFile ${sshd.clientKeyPath}`,
      '  IdentitiesOnly yes',
      '  IdentityAgent none',
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
      '  GlobalKnownHostsFile /dev/null',
      '',
    ].join('\n'),
  );
  const vsix = packageVsix();
  // No `remote.extensionKind` setting: the shipped manifest runs the extension on code-server's workspace side.
  cs = await startCodeServer(vsix, {
    'vpsDoctor.hosts.list': [`${sshd.user}@127.0.0.1:${sshd.port}`],
    'vpsDoctor.ssh.configFile': sshConfig,
    'vpsDoctor.sampling.intervalSeconds': 2,
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
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(UI_WAIT);
});

after(async () => {
  await browser?.close();
  await cs?.stop();
  await sshd?.dispose();
  if (root) removeFakeRoot(root);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('connect from the Hosts view, see beancounters, follow failcnt growth', { skip }, async () => {
  const p = page!;
  try {
    await p.goto(cs!.url);
    await p.locator('.monaco-workbench').waitFor();
    await p.locator('.activitybar .action-item a[aria-label^="VPS Doctor"]').click();
    const host = `127.0.0.1:${sshd!.port}`;
    await treeRow(p, host).first().waitFor();
    await shot('1-hosts');

    await runCommand(p, 'VPS Doctor: Connect');
    const dialog = p.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const dialogText = await dialog.innerText();
    assert.match(dialogText, /The authenticity of host 127\.0\.0\.1:\d+ cannot be established/);
    assert.match(dialogText, /SHA256:[A-Za-z0-9+/]{43}/);
    await shot('2-host-key');
    await dialog.locator('.monaco-button', { hasText: 'Trust and Connect' }).click();

    await treeRow(p, 'tcpsndbuf').first().waitFor();
    await shot('3-beancounters');
    const statusItem = p.locator('.statusbar-item', { hasText: host });
    await statusItem.first().waitFor();
    const before = await statusItem.first().innerText();

    // The "server" starts refusing send buffer: failcnt grows by 300 every second.
    let extra = 0;
    let uptime = 100_000;
    const grow = setInterval(() => {
      extra += 300;
      uptime += 1;
      writeServerState(extra, uptime);
    }, 1000);
    try {
      await treeRow(p, /tcpsndbuf.*failcnt [\d,]+ · \+[\d,]+ in /)
        .first()
        .waitFor();
      const growing = p.locator('.statusbar-item', { hasText: /tcpsndbuf \+/ });
      await growing.first().waitFor();
      const after = await growing.first().innerText();
      assert.notEqual(after, before);
      const toast = p.locator('.notification-toast', { hasText: 'failcnt of tcpsndbuf started growing' }).first();
      await toast.waitFor();
      await shot('4-growing');
      // "Explain" opens the resource's explanation as a Markdown preview.
      await toast.locator('.monaco-button', { hasText: 'Explain' }).click();
      await p
        .locator('.tabs-container .tab', { hasText: /Preview/ })
        .first()
        .waitFor();
      await shot('5-explain');
    } finally {
      clearInterval(grow);
    }
  } catch (e) {
    await shot('failure');
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}\n--- code-server output (tail) ---\n${cs?.output().slice(-3000)}\n--- sshd log (tail) ---\n${sshd?.log().slice(-2000)}`,
    );
  }
});
