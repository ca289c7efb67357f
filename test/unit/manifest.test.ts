import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_CONCURRENCY, DEFAULT_COUNT } from '../../src/core/probes/burstLimits';
import { DEFAULT_PING_COUNT, MAX_PING_COUNT } from '../../src/core/probes/pingLimits';
import {
  DEFAULT_SAMPLE_MAX_OUTPUT_BYTES,
  DEFAULT_SAMPLE_TIMEOUT_MS,
  SAMPLE_MAX_OUTPUT_BYTES_RANGE,
  SAMPLE_TIMEOUT_SECONDS_RANGE,
} from '../../src/core/remote/sampleLimits';
import { COMMAND_IDS } from '../../src/host/commands/commandIds';
import { LATEST_RESULT_VIEW, REPORT_PANEL_TYPE } from '../../src/host/panels/reportViewIds';

/** The manifest as VS Code shows it in English: every `%key%` replaced from package.nls.json. */
const nls = JSON.parse(readFileSync(new URL('../../package.nls.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'), (_key, value: unknown) =>
  typeof value === 'string' && /^%[^%]+%$/.test(value) && Object.hasOwn(nls, value.slice(1, -1))
    ? nls[value.slice(1, -1)]
    : value,
);

test('every registered command is contributed, and every contributed command is registered', () => {
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, [...COMMAND_IDS].sort());
});

// The kernel's own lower-case words keep their spelling in titles: failcnt is a column name, not a word.
const KERNEL_WORDS = ['failcnt'];

test('command ids follow vpsDoctor.<area>.<verb>, titles are Title Case with a category', () => {
  for (const c of pkg.contributes.commands) {
    assert.match(c.command, /^vpsDoctor\.[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/, c.command);
    assert.equal(c.category, 'VPS Doctor', c.command);
    for (const word of c.title.replace(/…$/, '').split(' ')) {
      if (['a', 'an', 'the', 'of', 'to', 'for', ...KERNEL_WORDS].includes(word)) continue;
      assert.match(word, /^[A-Z0-9]/, `${c.command}: "${c.title}" is not Title Case`);
    }
  }
});

test('menus and the welcome view only name contributed commands', () => {
  const ids = new Set(COMMAND_IDS as readonly string[]);
  for (const entries of Object.values(pkg.contributes.menus) as { command: string }[][]) {
    for (const e of entries) assert.ok(ids.has(e.command), e.command);
  }
  for (const w of pkg.contributes.viewsWelcome) {
    for (const m of w.contents.matchAll(/\(command:([^)?]+)/g)) assert.ok(ids.has(m[1]), m[1]);
  }
});

test('every view/item/context entry matches a context value the tree produces', () => {
  // The contextValue grammar is <kind>.<state>[.<qualifier>]; `when` clauses match it by regex or equality.
  const samples = [
    'host.disconnected.settings',
    'host.failed.ssh-config',
    'host.connected.settings',
    'host.connecting.ssh-config',
    'host.reconnecting.settings',
    'resource.failing',
    'resource.critical',
    'resource.ok',
    'beancounters.needsRoot.sudoersLine',
    'beancounters.warn',
    'host.connected.demo',
    'host.connected.settings.watched',
    'host.failed.demo.watched',
  ];
  for (const e of pkg.contributes.menus['view/item/context'] as { command: string; when: string }[]) {
    const re = /viewItem =~ \/(.+)\/$/.exec(e.when);
    const eq = /viewItem == (\S+)$/.exec(e.when);
    assert.ok(re || eq, `${e.command}: ${e.when}`);
    const matches = samples.filter((v) => (re ? new RegExp(re[1]!).test(v) : v === eq![1]));
    assert.ok(matches.length > 0, `${e.command}: "${e.when}" matches no context value`);
  }
  const remove = pkg.contributes.menus['view/item/context'].find(
    (e: { command: string }) => e.command === 'vpsDoctor.hosts.remove',
  );
  const removeRe = new RegExp(/viewItem =~ \/(.+)\/$/.exec(remove.when)![1]!);
  assert.ok(removeRe.test('host.connected.settings'));
  assert.ok(!removeRe.test('host.connected.ssh-config'), 'ssh config hosts cannot be removed from the tree');
  assert.ok(removeRe.test('host.connected.settings.watched'), 'a watched host can be removed too');
  // Start Watching on hosts not watched, Stop Watching on watched ones.
  const when = (id: string) =>
    new RegExp(
      /viewItem =~ \/(.+)\/$/.exec(
        pkg.contributes.menus['view/item/context'].find((e: { command: string }) => e.command === id).when,
      )![1]!,
    );
  for (const v of ['host.connected.settings', 'host.disconnected.ssh-config', 'host.connected.demo']) {
    assert.ok(when('vpsDoctor.watch.start').test(v) && !when('vpsDoctor.watch.stop').test(v), v);
    assert.ok(
      !when('vpsDoctor.watch.start').test(`${v}.watched`) && when('vpsDoctor.watch.stop').test(`${v}.watched`),
      `${v}.watched`,
    );
  }
});

test('every setting is application-scoped and restricted in untrusted workspaces', () => {
  const props = pkg.contributes.configuration.properties;
  const names = Object.keys(props);
  assert.ok(names.length > 0);
  for (const name of names) {
    assert.match(name, /^vpsDoctor\.[a-z]+\.[a-zA-Z]+$/, name);
    assert.equal(props[name].scope, 'application', `${name} must be application-scoped`);
  }
  assert.deepEqual([...pkg.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), [...names].sort());
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});

test("the settings' defaults and ranges are the code's constants", () => {
  const props = pkg.contributes.configuration.properties;
  const range = (name: string) => ({
    default: props[name].default,
    min: props[name].minimum,
    max: props[name].maximum,
  });
  assert.deepEqual(range('vpsDoctor.remote.timeoutSeconds'), {
    default: DEFAULT_SAMPLE_TIMEOUT_MS / 1000,
    ...SAMPLE_TIMEOUT_SECONDS_RANGE,
  });
  assert.deepEqual(range('vpsDoctor.remote.maxOutputBytes'), {
    default: DEFAULT_SAMPLE_MAX_OUTPUT_BYTES,
    ...SAMPLE_MAX_OUTPUT_BYTES_RANGE,
  });
  assert.deepEqual(range('vpsDoctor.probes.pingCount'), { default: DEFAULT_PING_COUNT, min: 0, max: MAX_PING_COUNT });
  assert.equal(props['vpsDoctor.probes.burstCount'].default, DEFAULT_COUNT);
  assert.equal(props['vpsDoctor.probes.burstConcurrency'].default, DEFAULT_CONCURRENCY);
});

test('the extension prefers the UI side, may run on the workspace side, and has a hosts view with a welcome', () => {
  // UI first: desktop VS Code and Remote-SSH keep it beside the user's ssh config, agent and keys. The
  // workspace side is the fallback where the UI side has no Node extension host (code-server, Codespaces).
  assert.deepEqual(pkg.extensionKind, ['ui', 'workspace']);
  assert.equal(pkg.name, 'vps-doctor');
  assert.equal(pkg.publisher, 'vps-doctor');
  assert.equal(pkg.displayName, 'VPS Doctor');
  assert.ok(pkg.contributes.viewsContainers.activitybar.some((c: { id: string }) => c.id === 'vpsDoctor'));
  assert.ok(pkg.contributes.views.vpsDoctor.some((v: { id: string }) => v.id === 'vpsDoctor.hosts'));
  assert.ok(pkg.contributes.viewsWelcome.some((w: { view: string }) => w.view === 'vpsDoctor.hosts'));
});

test('engines.vscode is not newer than @types/vscode (vsce refuses that)', () => {
  const engine = pkg.engines.vscode.replace(/^\^/, '');
  const types = JSON.parse(
    readFileSync(new URL('../../node_modules/@types/vscode/package.json', import.meta.url), 'utf8'),
  ).version;
  const num = (v: string) => v.split('.').map(Number);
  const [a, b] = [num(engine), num(types)];
  assert.ok(a[0] === b[0] && a[1] >= b[1], `engines ${engine} vs @types/vscode ${types}`);
});

test('the report views and the demo are contributed with the ids the code uses', () => {
  const views = pkg.contributes.views.vpsDoctor as { id: string; type?: string; name: string }[];
  assert.deepEqual(
    views.find((v) => v.id === LATEST_RESULT_VIEW),
    { id: LATEST_RESULT_VIEW, name: 'Latest Result', type: 'webview', contextualTitle: 'VPS Doctor' },
  );
  assert.ok((COMMAND_IDS as readonly string[]).includes('vpsDoctor.report.openFile'));
  // Restored report panels need the extension active before their serializer is asked.
  assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${REPORT_PANEL_TYPE}`));
  const welcome = pkg.contributes.viewsWelcome.find((w: { view: string }) => w.view === 'vpsDoctor.hosts')
    .contents as string;
  assert.match(welcome, /\[Try the Demo Host\]\(command:vpsDoctor\.demo\.start\)/);
});

test('every host action is reachable from a host node, the demo host included', () => {
  const context = pkg.contributes.menus['view/item/context'] as { command: string; when: string; group: string }[];
  const onNode = (command: string, contextValue: string, inline: boolean) =>
    context.some(
      (e) =>
        e.command === command &&
        e.group.startsWith('inline') === inline &&
        new RegExp(/viewItem =~ \/(.+)\/$/.exec(e.when)![1]!).test(contextValue),
    );
  for (const cv of ['host.connected.demo', 'host.disconnected.settings', 'host.failed.ssh-config']) {
    for (const command of [
      'vpsDoctor.probes.burst',
      'vpsDoctor.probes.ping',
      'vpsDoctor.probes.diagnose',
      'vpsDoctor.report.open',
      'vpsDoctor.report.export',
    ]) {
      assert.ok(onNode(command, cv, false), `${command} on ${cv}`);
    }
    assert.ok(onNode('vpsDoctor.probes.diagnose', cv, true), `inline diagnose on ${cv}`);
  }
  assert.ok(onNode('vpsDoctor.demo.stop', 'host.connected.demo', false));
  assert.ok(
    !onNode('vpsDoctor.demo.stop', 'host.connected.settings', false),
    'only the demo host offers Stop the Demo Host',
  );
  assert.ok(
    !onNode('vpsDoctor.hosts.remove', 'host.connected.demo', false),
    'the demo host is not in the settings to be removed',
  );
});

test('the walkthrough steps link existing commands and existing media', () => {
  const ids = new Set(COMMAND_IDS as readonly string[]);
  const [walkthrough, ...others] = pkg.contributes.walkthroughs as {
    id: string;
    steps: { id: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[];
  }[];
  assert.equal(others.length, 0);
  assert.deepEqual(
    walkthrough!.steps.map((s) => s.id),
    ['tryDemo', 'addHost', 'diagnose', 'report'],
  );
  for (const step of walkthrough!.steps) {
    const links = [...step.description.matchAll(/\(command:([^)?]+)/g)].map((m) => m[1]!);
    assert.ok(links.length > 0, `${step.id} links a command`);
    for (const id of links) assert.ok(ids.has(id), `${step.id}: ${id}`);
    for (const e of step.completionEvents ?? []) assert.ok(ids.has(e.replace(/^onCommand:/, '')), `${step.id}: ${e}`);
    assert.ok(step.media.markdown?.startsWith('media/walkthrough/'), step.id);
    const text = readFileSync(new URL(`../../${step.media.markdown}`, import.meta.url), 'utf8');
    assert.match(text, /^# /, `${step.media.markdown} has a title`);
  }
});
