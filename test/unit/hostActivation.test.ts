import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { COMMAND_IDS } from '../../src/host/commands/commandIds';
import { DEMO_HOST_ID } from '../../src/host/demo/demoTarget';
import { LATEST_RESULT_VIEW } from '../../src/host/panels/reportViewIds';
import { createFakeVscode, emptyRecord } from './fakeVscode';
import { LAZY_ENTRY, nodeBundle } from '../../scripts/bundleOptions.mjs';

const root = new URL('../../', import.meta.url).pathname;

/** A loopback port nothing listens on (bound, then closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

/** The bundle as scripts/build.mjs makes it, so the lazy imports are checked as they ship. */
async function bundle(dir: string): Promise<string> {
  const outfile = join(dir, 'extension.js');
  // The build's own options (with its plugin, hence the async API), so this tests what ships: the extension
  // and, beside it, its lazily required part. esbuild.stop() ends the service process, which would keep the test alive.
  try {
    await esbuild.build({
      ...nodeBundle(join(root, 'src/extension.ts'), outfile),
      sourcemap: false,
      logLevel: 'silent',
    });
    await esbuild.build({
      ...nodeBundle(join(root, LAZY_ENTRY), join(dir, 'lazy.js')),
      sourcemap: false,
      logLevel: 'silent',
    });
  } finally {
    await esbuild.stop();
  }
  return outfile;
}

/** An ExtensionContext with what activate reads: storage, global state, the extension's folder and side. */
function fakeContext(dir: string, saved: Record<string, unknown> = {}) {
  const state = new Map<string, unknown>(Object.entries(saved));
  return {
    subscriptions: [] as { dispose(): void }[],
    globalStorageUri: { fsPath: join(dir, 'store') },
    extensionUri: { fsPath: root },
    extension: { extensionKind: 1 /* ExtensionKind.UI */ },
    globalState: {
      get: (k: string) => state.get(k),
      update: async (k: string, v: unknown) => void state.set(k, v),
      keys: () => [...state.keys()],
    },
  };
}

/** Routes `require('vscode')` to the fake and records (then refuses) ssh2's optional addon: a request for it means ssh2 ran. */
function interceptLoads(t: { after(fn: () => void): void }, fake: unknown): string[] {
  const requested: string[] = [];
  const mod = Module as unknown as { _load: Loader };
  const original = mod._load;
  mod._load = function (request, parent, isMain) {
    if (request === 'vscode') return fake;
    if (request === 'cpu-features') {
      requested.push(request);
      throw new Error('cpu-features is not installed');
    }
    return original.call(this, request, parent, isMain);
  };
  t.after(() => {
    mod._load = original;
  });
  return requested;
}

test('activation registers every command and loads neither ssh2 nor the session until a host is used', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-activation-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const outfile = await bundle(dir);
  const sshConfig = join(dir, 'ssh_config');
  writeFileSync(sshConfig, 'Host web1\n  HostName 127.0.0.1\nHost *.example\n  User x\n');
  const port = await closedPort();
  const record = emptyRecord({
    'vpsDoctor.hosts.list': [`127.0.0.1:${port}`, 'not a host!'],
    'vpsDoctor.ssh.configFile': sshConfig,
  });
  const requested = interceptLoads(t, createFakeVscode(record));

  const ext = createRequire(import.meta.url)(outfile) as { activate(ctx: unknown): void };
  const context = fakeContext(dir);
  ext.activate(context);
  assert.deepEqual([...record.commands.keys()].sort(), [...COMMAND_IDS].sort());
  assert.deepEqual(record.webviewViews, [LATEST_RESULT_VIEW]);
  assert.deepEqual(requested, [], 'activation evaluated ssh2');

  const tree = record.treeProviders.get('vpsDoctor.hosts');
  assert.ok(tree);
  type Node = { data: { label: string; contextValue: string }; hostId: string };
  const hosts = (await tree.getChildren()) as Node[];
  assert.deepEqual(
    hosts.map((h) => h.data.label),
    ['web1', `127.0.0.1:${port}`],
    'wildcard Host and invalid settings entries are left out',
  );
  assert.deepEqual(
    hosts.map((h) => h.data.contextValue),
    ['host.disconnected.ssh-config', 'host.disconnected.settings'],
  );
  assert.ok(record.log.some((l) => l.startsWith('warn skipped host "not a host!"')));
  assert.deepEqual(requested, [], 'listing hosts evaluated ssh2');

  // Using a host loads the session (and ssh2). Nothing listens on the port, so the connection keeps
  // retrying with backoff until the user cancels the progress notification.
  const connecting = record.commands.get('vpsDoctor.hosts.connect')!(hosts[1]);
  const hostState = async () => {
    const nodes = (await tree.getChildren()) as Node[];
    return nodes.find((h) => h.hostId === `manual:127.0.0.1:${port}`)!;
  };
  // The bound only keeps a broken build from hanging the run; it is not a claim about speed.
  for (let i = 0; i < 200 && !/^host\.reconnecting\./.test((await hostState()).data.contextValue); i++)
    await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(requested, ['cpu-features'], 'using a host loads ssh2, once');
  const node = await hostState();
  assert.equal(node.data.contextValue, 'host.reconnecting.settings');
  const item = tree.getTreeItem(node) as { description: string; id: string };
  assert.equal(item.id, `manual:127.0.0.1:${port}`, 'the tree item keeps the stable host id');
  assert.match(item.description, /reconnecting \(attempt \d+\)/);
  assert.ok(
    record.statusTexts.some((text) => text.includes(`127.0.0.1:${port}`)),
    'the status bar shows the host in use',
  );

  record.cancelProgress();
  await connecting;
  assert.deepEqual(
    record.messages.filter((m) => m.level === 'error'),
    [],
    'a cancel is silent',
  );
  assert.equal((await hostState()).data.contextValue, 'host.disconnected.settings');
  for (const d of context.subscriptions) d.dispose();
});

test('Try the Demo Host lists the simulated host, connects it over SSH, and deactivate stops it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-activation-demo-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const outfile = await bundle(dir);
  // An ssh config with no hosts, so the demo is the only one listed.
  const sshConfig = join(dir, 'ssh_config');
  writeFileSync(sshConfig, '');
  const record = emptyRecord({ 'vpsDoctor.ssh.configFile': sshConfig, 'vpsDoctor.ssh.hostKeyChecking': 'yes' });
  const requested = interceptLoads(t, createFakeVscode(record));
  const ext = createRequire(import.meta.url)(outfile) as {
    activate(ctx: unknown): void;
    deactivate(): Promise<void> | undefined;
  };
  const context = fakeContext(dir);
  ext.activate(context);
  const tree = record.treeProviders.get('vpsDoctor.hosts')!;
  type Node = { data: { label: string; contextValue: string; description: string }; hostId: string; children: Node[] };
  assert.deepEqual(await tree.getChildren(), [], 'nothing is listed before the demo starts');
  assert.deepEqual(requested, [], 'activation loaded neither ssh2 nor the demo host');

  await record.commands.get('vpsDoctor.demo.start')!();
  assert.deepEqual(
    record.messages.filter((m) => m.level === 'error'),
    [],
  );
  assert.deepEqual(requested, ['cpu-features'], 'starting the demo loads ssh2, once');
  const [demo] = (await tree.getChildren()) as Node[];
  assert.ok(demo);
  assert.equal(demo.hostId, DEMO_HOST_ID);
  assert.equal(demo.data.label, 'vps-doctor-demo (simulated OpenVZ host)');
  // Strict host-key checking: the demo's key is known from its own known_hosts, as for any configured host.
  assert.match(demo.data.contextValue, /^host\.connected\.demo$/);
  assert.ok(
    record.messages.some((m) => m.level === 'info' && m.message.startsWith('The demo host is connected')),
    'the diagnosis is offered',
  );
  assert.deepEqual(record.settings['vpsDoctor.hosts.list'], undefined, 'the demo is not written to the settings');
  assert.ok(record.log.some((l) => /demo host started: SSH on 127\.0\.0\.1:\d+/.test(l)));

  await ext.deactivate();
  assert.ok(record.log.some((l) => l === 'info demo host stopped'));
  for (const d of context.subscriptions) d.dispose();
});

test('Start Watching on the demo host: the tree marks it with its last verdict and the set is kept; Stop forgets it; a reload restarts a saved watch of the demo and drops one of a host no longer listed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-activation-watch-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const outfile = await bundle(dir);
  const sshConfig = join(dir, 'ssh_config');
  writeFileSync(sshConfig, '');
  const record = emptyRecord({ 'vpsDoctor.ssh.configFile': sshConfig });
  interceptLoads(t, createFakeVscode(record));
  const ext = createRequire(import.meta.url)(outfile) as {
    activate(ctx: unknown): void;
    deactivate(): Promise<void> | undefined;
  };
  const context = fakeContext(dir);
  ext.activate(context);
  const tree = record.treeProviders.get('vpsDoctor.hosts')!;
  type Node = { data: { contextValue: string; description: string }; hostId: string };
  await record.commands.get('vpsDoctor.demo.start')!();
  await record.commands.get('vpsDoctor.watch.start')!(DEMO_HOST_ID);
  const demo = async () => ((await tree.getChildren()) as Node[]).find((n) => n.hostId === DEMO_HOST_ID)!;
  assert.match((await demo()).data.contextValue, /^host\.connected\.demo\.watched$/);
  assert.deepEqual(
    context.globalState.get('vpsDoctor.watch.hosts'),
    [DEMO_HOST_ID],
    'the watched set is kept for the next window',
  );
  // The first round runs at once; the bound only keeps a broken build from hanging the run.
  for (let i = 0; i < 600 && !/watching: /.test((await demo()).data.description); i++)
    await new Promise((r) => setTimeout(r, 50));
  assert.match((await demo()).data.description, /watching: \S/, 'the tree names the last verdict');
  assert.ok(
    record.log.some((l) => /watch round 1: /.test(l)),
    record.log.join('\n'),
  );
  assert.ok(
    record.statusTexts.some((x) => x.includes('$(eye) vps-doctor-demo')),
    'the status bar counts the watch',
  );
  await record.commands.get('vpsDoctor.watch.stop')!(DEMO_HOST_ID);
  assert.doesNotMatch((await demo()).data.contextValue, /watched/);
  assert.doesNotMatch((await demo()).data.description, /watching/);
  assert.deepEqual(context.globalState.get('vpsDoctor.watch.hosts'), []);
  await ext.deactivate();
  for (const d of context.subscriptions) d.dispose();

  // The next window (a reload): the saved watch of the demo starts the demo host and its watch again, and
  // the timeline goes on from the stored rounds; a saved watch of a host no longer listed is dropped.
  // The bundle is loaded once per process, so it keeps talking to the first fake `vscode`: its log lands in `record`.
  const roundsBefore = record.log.filter((l) => /watch round \d+: /.test(l)).length;
  const next = fakeContext(dir, { 'vpsDoctor.watch.hosts': ['ssh:gone', DEMO_HOST_ID] });
  ext.activate(next);
  const nextTree = record.treeProviders.get('vpsDoctor.hosts')!;
  const restored = async () => ((await nextTree.getChildren()) as Node[]).find((n) => n.hostId === DEMO_HOST_ID);
  for (let i = 0; i < 600 && !/watching: /.test((await restored())?.data.description ?? ''); i++)
    await new Promise((r) => setTimeout(r, 50));
  assert.match((await restored())?.data.contextValue ?? '', /^host\.connected\.demo\.watched$/, record.log.join('\n'));
  for (let i = 0; i < 600 && record.log.filter((l) => /watch round \d+: /.test(l)).length === roundsBefore; i++)
    await new Promise((r) => setTimeout(r, 50));
  const rounds = record.log.filter((l) => /watch round \d+: /.test(l)).map((l) => Number(/round (\d+):/.exec(l)![1]));
  assert.ok(rounds.length > roundsBefore, 'a round runs after the reload');
  assert.ok(rounds.at(-1)! > rounds[roundsBefore - 1]!, `the timeline goes on: rounds ${rounds.join(', ')}`);
  assert.deepEqual(next.globalState.get('vpsDoctor.watch.hosts'), [DEMO_HOST_ID]);
  assert.ok(
    record.log.some((l) => l === 'info ssh:gone: no longer listed; its watch is not restarted.'),
    record.log.join('\n'),
  );
  await ext.deactivate();
  for (const d of next.subscriptions) d.dispose();
});
