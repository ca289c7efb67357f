/**
 * `vps-doctor watch` against the built-in demo host, through the same code as a real host (SSH with host-key
 * checking, the sampler, the burst with its keep-alive control, a ping of loopback): rounds come as JSON
 * Lines as they end, go into the host's watch history, keep a Markdown report up to date, and a second watch
 * continues the timeline where the first one stopped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoHost } from '../../src/demo/demoHost';

const REPO = new URL('../../', import.meta.url).pathname;

function watch(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/integration/helpers/watchDriver.ts', '1000', ...args],
      { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t;
    });
    child.stderr.setEncoding('utf8').on('data', (t: string) => {
      stderr += t;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test(
  'vps-doctor watch on the demo host: JSON Lines per round, the history, the Markdown report, a continued timeline',
  { timeout: 180_000 },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'vpsd-watch-demo-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const demo = await startDemoHost({ stateDir: join(dir, 'demo') });
    t.after(() => demo.stop());
    const env = { ...process.env, XDG_STATE_HOME: dir };
    const md = join(dir, 'watch-report.markdown');
    const common = [
      demo.hostAlias,
      '-F',
      demo.sshConfigFile,
      '--port',
      String(demo.servicePort),
      '--http',
      '/',
      '--count',
      '8',
      '--concurrency',
      '4',
      '--ping-count',
      '5',
      '--ping-interval',
      '0.2',
      '--json',
    ];

    const page = join(dir, 'watch.html');
    const first = await watch(
      [...common, '--interval', '4s', '--duration', '9s', '--markdown', md, '--html', page],
      env,
    );
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stderr,
      /9 new connections a round|8 new connections 4 at a time plus 1 keep-alive control a round/,
    );
    assert.match(first.stderr, /new connections an hour at most \(cap \d+\)/, 'the budget is printed at start');
    const rounds = first.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    t.diagnostic(rounds.map((r) => `#${r.seq} ${r.verdict} ${r.burst?.delayed}/${r.burst?.attempts}`).join('; '));
    assert.ok(rounds.length >= 2 && rounds.length <= 3, `2-3 rounds in 9 s at 4 s, got ${rounds.length}`);
    rounds.forEach((r, i) => {
      assert.equal(r.seq, i + 1);
      assert.equal(typeof r.at, 'string');
      assert.equal(typeof r.verdict, 'string', r.summary);
      assert.ok(['low', 'medium', 'high'].includes(r.confidence));
      assert.equal(r.burst.attempts, 8);
      assert.equal(typeof r.burst.delayed, 'number');
      assert.equal(r.burst.keepAlive.failed, 0);
      assert.equal(r.ping.sent, 5);
      assert.equal(r.ping.pooled.rounds, i + 1, 'the pings of consecutive rounds pool');
      assert.equal(r.ping.pooled.sent, 5 * (i + 1));
      assert.equal(r.ping.lossCi95.length, 2);
      assert.equal(typeof r.server.deltas, 'object');
      assert.equal(r.server.control, i > 0, 'the gap since the previous round is the idle control');
      assert.equal(r.target.host, '127.0.0.1');
    });
    assert.match(first.stderr, /watch ran its duration/);
    assert.match(first.stderr, /rounds? this run/);
    const report = readFileSync(md, 'utf8');
    assert.match(report, /^# VPS Doctor watch: vps-doctor-demo/);
    assert.match(report, /## What the watch found/);
    assert.equal(report.match(/^\| \d+ \|/gm)?.length, rounds.length, 'one table row per round');
    const html = readFileSync(page, 'utf8');
    assert.match(html, /Content-Security-Policy/);
    assert.match(html, /"type":"timeline"/, 'the timeline page embeds the rounds');
    assert.match(first.stderr, new RegExp(`wrote ${page.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    const files = readdirSync(join(dir, 'vps-doctor', 'watch'));
    assert.equal(files.length, 1, 'one history file for the host');

    const second = await watch([...common, '--interval', '1m', '--duration', '1s'], env);
    assert.equal(second.code, 0, second.stderr);
    const next = JSON.parse(second.stdout.trim());
    assert.equal(next.seq, rounds.length + 1, 'a restarted watch continues the timeline');
    assert.match(second.stderr, new RegExp(`continuing the timeline of vps-doctor-demo after round #${rounds.length}`));
    assert.equal(next.ping.pooled.rounds, 1, 'pings pool only within one run');
  },
);
