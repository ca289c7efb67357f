/**
 * The README's main job: `vps-doctor demo` starts the built-in demo host and runs the full diagnosis through
 * the same code as a real host (SSH with host-key checking, the sampler, a burst with keep-alive control, a
 * ping of loopback, the buffer risk), prints the result and writes the self-contained HTML report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = new URL('../../', import.meta.url).pathname;

test('vps-doctor demo: a labelled simulated host, an upstream SYN filter verdict, RESULT.json and the HTML report', { timeout: 120_000 }, () => {
  if (!existsSync(join(REPO, 'dist', 'webview.js'))) {
    throw new Error('dist/webview.js is missing: npm test builds it first (npm run build)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-demo-cli-'));
  try {
    const html = join(dir, 'report.html');
    const result = join(dir, 'result.json');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--json', '-o', result, '--html', html], {
      cwd: REPO,
      env: { ...process.env, XDG_STATE_HOME: dir },
      encoding: 'utf8',
      timeout: 110_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.demo, true);
    assert.deepEqual(j.client.vantage, { side: 'cli', host: hostname() }, 'the probes went out from this machine, where the command ran');
    assert.match(j.target.label, /simulated OpenVZ host/);
    assert.equal(j.verdict, 'upstream-syn-filter', `${j.summary}\n${JSON.stringify(j.burst.summary)}`);
    assert.equal(j.burst.attempts, 32);
    assert.ok(j.burst.delayed > 0, 'the paced demo service made new connections wait for SYN retransmissions');
    assert.equal(j.burst.keepAlive.failed, 0, 'while the held connection was unaffected');
    assert.equal(j.ping.sent, 100);
    assert.equal(j.ping.received, 100);
    assert.equal(j.server.deltas['Ip.InReceives-InDelivers'], 0);
    assert.match(j.server.virtualization, /OpenVZ/);
    assert.equal(j.bufferRisk.grade, 'critical', 'the seed container: one autotuned socket can fill tcpsndbuf');
    assert.ok(j.beancounters.containers[0].resources.some((x: { name: string; failcntDelta?: number }) => x.name === 'tcpsndbuf' && (x.failcntDelta ?? 0) >= 0));
    assert.deepEqual(JSON.parse(readFileSync(result, 'utf8')), j);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /Content-Security-Policy/);
    assert.match(page, /default-src (?:'|&#39;)none(?:'|&#39;)/);
    assert.doesNotMatch(page, /unsafe-eval/);
    assert.match(page, /simulated OpenVZ host/);
    assert.match(r.stderr, new RegExp(`wrote ${html.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
