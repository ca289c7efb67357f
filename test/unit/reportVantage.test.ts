import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportMarkdown } from '../../src/core/report/reportMarkdown';
import { md } from '../../src/core/report/reportMarkdownText';
import { reportText } from '../../src/core/report/reportText';
import { parseResultJson } from '../../src/core/resultModel/resultParse';
import { serializeResult, type DiagnosisReport } from '../../src/core/resultModel/resultSchema';
import { vantageLine, vantageWarning, type Vantage } from '../../src/core/resultModel/resultVantage';
import { resultView } from '../../src/core/resultModel/resultView';
import { extensionVantage } from '../../src/host/probes/vantage';
import { isReportView } from '../../src/shared/reportViewCheck';

const DIR = join(__dirname, '..', 'fixtures', 'report');
const UPSTREAM = readFileSync(join(DIR, 'upstream-filter.result.json'), 'utf8');
const HEALTHY = readFileSync(join(DIR, 'healthy.result.json'), 'utf8');

function read(text: string): DiagnosisReport {
  const r = parseResultJson(text, 'fixture');
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

/** The seed-like report as if it had been taken from `vantage`. */
function from(vantage: Vantage): DiagnosisReport {
  const r = read(UPSTREAM);
  return { ...r, client: { ...r.client, vantage } };
}

const WORKSPACE: Vantage = { side: 'workspace', host: 'vps-1', remoteName: '127.0.0.1:8080' };

test('the vantage point is written to RESULT.json and read back as it was', () => {
  for (const v of [
    WORKSPACE,
    { side: 'local', host: 'laptop', remoteName: 'ssh-remote' },
    { side: 'cli', host: 'ci-runner' },
  ] satisfies Vantage[]) {
    const text = serializeResult(from(v));
    assert.deepEqual(JSON.parse(text).client.vantage, v);
    assert.deepEqual(read(text).client.vantage, v);
  }
});

test('a result written before the vantage point existed still reads, and its reports say nothing about it', () => {
  const old = read(HEALTHY);
  assert.equal(JSON.parse(HEALTHY).client.vantage, undefined, 'the fixture is an old result');
  assert.equal(old.client.vantage, undefined);
  const view = resultView(old);
  assert.equal(view.vantageWarning, undefined);
  assert.ok(!view.provenance.some((l) => l.startsWith('Probes ran from')));
  assert.ok(!reportMarkdown(old, { includePublicIps: true }).includes('Vantage point'));
});

test('a bad vantage is refused with its JSON path', () => {
  const bad = (edit: (v: Record<string, unknown>) => void, path: RegExp) => {
    const j = JSON.parse(UPSTREAM);
    edit(j.client.vantage);
    const r = parseResultJson(JSON.stringify(j), 'bad.json');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, path);
  };
  bad((v) => (v.side = 'server'), /^client\.vantage\.side: expected one of local, workspace, cli, got "server"/);
  bad((v) => delete v.host, /client\.vantage\.host: missing/);
  bad((v) => (v.remoteName = 7), /client\.vantage\.remoteName: expected a string, got number/);
});

test('each side is worded for the reader; only the workspace side carries a warning', () => {
  assert.equal(
    vantageLine(WORKSPACE),
    'Probes ran from: vps-1 (the server running VS Code\'s workspace side, remote "127.0.0.1:8080", not your own machine).',
  );
  assert.equal(
    vantageLine({ side: 'local', host: 'laptop', remoteName: 'ssh-remote' }),
    'Probes ran from: laptop (the machine running VS Code\'s local side, remote "ssh-remote").',
  );
  assert.equal(
    vantageLine({ side: 'local', host: 'laptop' }),
    "Probes ran from: laptop (the machine running VS Code's local side).",
  );
  assert.equal(
    vantageLine({ side: 'cli', host: 'laptop' }),
    'Probes ran from: laptop (where the vps-doctor command ran).',
  );
  const warning = vantageWarning(WORKSPACE) ?? assert.fail('no warning for the workspace side');
  assert.match(
    warning,
    /^The probes ran from vps-1, the server running VS Code's workspace side .*not from your own machine\./,
  );
  assert.match(warning, /may not cross the filter that outside clients meet/);
  assert.match(warning, /docs\/method\.md §7/);
  assert.equal(vantageWarning({ side: 'local', host: 'laptop', remoteName: 'ssh-remote' }), undefined);
  assert.equal(vantageWarning({ side: 'cli', host: 'laptop' }), undefined);
  assert.equal(vantageWarning(undefined), undefined);
});

test('Markdown: the workspace warning stands right under the title, the line under "Where and when"', () => {
  const text = reportMarkdown(from(WORKSPACE), { includePublicIps: true });
  const lines = text.split('\n');
  assert.equal(lines[2], `> **Vantage point:** ${md(vantageWarning(WORKSPACE) ?? '')}`);
  const where = lines.indexOf('## Where and when');
  assert.ok(where > 2);
  assert.ok(lines.slice(where).includes(`- ${md(vantageLine(WORKSPACE))}`), 'the vantage line is in the provenance');
  const cli = reportMarkdown(from({ side: 'cli', host: 'laptop' }), { includePublicIps: true });
  assert.ok(!cli.includes('Vantage point'));
  assert.ok(cli.includes('- Probes ran from: laptop (where the vps-doctor command ran).'));
});

test('a public address as the host name is masked like every other string', () => {
  const text = reportMarkdown(from({ side: 'workspace', host: '203.0.113.9' }), { includePublicIps: false });
  assert.ok(!text.includes('203.0.113.9'));
  assert.ok(text.includes('Probes ran from: 203.0.x.x (the server'));
});

test('the webview view model carries the warning for the workspace side only, and passes the guard', () => {
  const ws = resultView(from(WORKSPACE));
  assert.equal(ws.vantageWarning, vantageWarning(WORKSPACE));
  assert.ok(ws.provenance.includes(vantageLine(WORKSPACE)));
  assert.ok(isReportView(ws));
  const local = resultView(from({ side: 'local', host: 'laptop' }));
  assert.equal(local.vantageWarning, undefined);
  assert.ok(local.provenance.includes("Probes ran from: laptop (the machine running VS Code's local side)."));
  assert.ok(isReportView(local));
  assert.equal(isReportView({ ...ws, vantageWarning: 5 }), false, 'the guard checks the new field');
});

test('the terminal text warns for the workspace side only', () => {
  assert.ok(reportText(from(WORKSPACE), { color: false }).startsWith(`VANTAGE POINT: ${vantageWarning(WORKSPACE)}`));
  assert.ok(!reportText(from({ side: 'cli', host: 'laptop' }), { color: false }).includes('VANTAGE POINT'));
});

test('the extension is on the workspace side only in a remote window whose extension host resolved to workspace', () => {
  const cases: [string | undefined, boolean, Vantage][] = [
    // VS Code desktop, local folder.
    [undefined, false, { side: 'local', host: 'h' }],
    // Remote-SSH / WSL / containers: the remote window, the extension still on the UI side (the user's machine).
    ['ssh-remote', false, { side: 'local', host: 'h', remoteName: 'ssh-remote' }],
    ['wsl', false, { side: 'local', host: 'h', remoteName: 'wsl' }],
    // code-server, Codespaces, vscode.dev with a remote: no local Node host, so the workspace side.
    ['codespaces', true, { side: 'workspace', host: 'h', remoteName: 'codespaces' }],
    ['127.0.0.1:8080', true, { side: 'workspace', host: 'h', remoteName: '127.0.0.1:8080' }],
    // No remote: whatever the kind says, it runs where the window is.
    [undefined, true, { side: 'local', host: 'h' }],
    ['', true, { side: 'local', host: 'h' }],
  ];
  for (const [remoteName, runsOnWorkspaceSide, want] of cases) {
    assert.deepEqual(
      extensionVantage({ remoteName, runsOnWorkspaceSide, hostname: 'h' }),
      want,
      `${remoteName} ${runsOnWorkspaceSide}`,
    );
  }
});
