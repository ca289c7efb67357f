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

test(
  'vps-doctor demo: a labelled simulated host, an upstream SYN filter verdict, RESULT.json and the HTML report',
  { timeout: 120_000 },
  () => {
    if (!existsSync(join(REPO, 'dist', 'webview.js'))) {
      throw new Error('dist/webview.js is missing: npm test builds it first (npm run build)');
    }
    const dir = mkdtempSync(join(tmpdir(), 'vpsd-demo-cli-'));
    try {
      const html = join(dir, 'report.html');
      const result = join(dir, 'result.json');
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--json', '-o', result, '--html', html],
        {
          cwd: REPO,
          env: { ...process.env, XDG_STATE_HOME: dir },
          encoding: 'utf8',
          timeout: 110_000,
        },
      );
      assert.equal(r.status, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.demo, true);
      assert.deepEqual(
        j.client.vantage,
        { side: 'cli', host: hostname() },
        'the probes went out from this machine, where the command ran',
      );
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
      assert.ok(
        j.beancounters.containers[0].resources.some(
          (x: { name: string; failcntDelta?: number }) => x.name === 'tcpsndbuf' && (x.failcntDelta ?? 0) >= 0,
        ),
      );
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
  },
);

test(
  'vps-doctor demo speaks the locale: LANG=ja_JP.UTF-8 prints the verdict in Japanese, --lang en overrides it',
  { timeout: 240_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpsd-demo-ja-'));
    try {
      const { LC_ALL: _all, LC_MESSAGES: _messages, LANGUAGE: _language, ...rest } = process.env;
      const env = { ...rest, LANG: 'ja_JP.UTF-8', XDG_STATE_HOME: dir };
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', ...args], {
          cwd: REPO,
          env,
          encoding: 'utf8',
          timeout: 110_000,
        });
      const html = join(dir, 'report.ja.html');
      const ja = run('--html', html);
      assert.equal(ja.status, 0, ja.stderr);
      assert.match(ja.stdout, /^判定: 上流の SYN フィルタ ?（upstream-syn-filter、確度 (?:高|中|低)）$/m, ja.stdout);
      assert.match(ja.stdout, /SYN はサーバーに届いていません。/);
      assert.match(ja.stdout, /^事業者に伝えること$/m);
      assert.match(ja.stdout, /Tcp\.PassiveOpens/, 'counter names stay as the kernel spells them');
      assert.doesNotMatch(ja.stdout, /The SYNs never reached/);
      const page = readFileSync(html, 'utf8');
      assert.match(page, /<html lang="ja">/);
      assert.match(page, /id="vps-doctor-l10n"/, 'the page carries its bundle for its own labels');
      const en = run('--lang', 'en', '--html', join(dir, 'report.en.html'));
      assert.equal(en.status, 0, en.stderr);
      assert.match(
        en.stdout,
        /^Verdict: Upstream SYN filter \(upstream-syn-filter, (?:high|medium|low) confidence\)$/m,
        en.stdout,
      );
      assert.match(en.stdout, /The SYNs never reached your server/);
      assert.doesNotMatch(en.stdout, /判定/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
