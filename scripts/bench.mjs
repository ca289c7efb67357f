// `npm run bench`: speed and memory measured side by side with a baseline in the same run (these
// machines are noisy, so only ratios are meaningful). One section per figure group, each in its own
// Node process (scripts/bench/*.ts through tsx) with a time budget: a section whose tool is missing
// prints "skipped: <why>" for itself only, and one that fails or overruns is ended and reported the
// same way. Loopback only. Never part of tests.
//
// 1. beancounter parse vs awk            4. burst probe vs ab
// 2. one remote sample vs per-file execs 5. report render in headless Chromium
// 3. activation and bundle sizes vs ssh2    6. exporter snapshot scrapes vs cron `metrics`
//                                           7. a watch's rounds vs full diagnoses at the same interval
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
/** The whole bench stays under 9 minutes on 2 cores even when a section hangs. */
const TOTAL_BUDGET_MS = 495_000;
const SECTIONS = [
  { file: 'parseBench.ts', title: '1. beancounters parse vs awk', budgetMs: 60_000, nodeArgs: ['--expose-gc'] },
  { file: 'remoteSampleBench.ts', title: '2. one sample on the remote side', budgetMs: 90_000, nodeArgs: [] },
  {
    file: 'activationBench.ts',
    title: '3. the extension: activation and bundle sizes',
    budgetMs: 60_000,
    nodeArgs: [],
  },
  { file: 'burstBench.ts', title: '4. burst probe vs ab', budgetMs: 90_000, nodeArgs: [] },
  { file: 'reportBench.ts', title: '5. the report in headless Chromium', budgetMs: 90_000, nodeArgs: [] },
  { file: 'exporterBench.ts', title: '6. the exporter vs cron metrics', budgetMs: 180_000, nodeArgs: [] },
  {
    file: 'watchBench.ts',
    title: '7. a watch vs the full diagnosis at the same interval',
    budgetMs: 75_000,
    nodeArgs: [],
  },
];
const BUNDLES = ['extension.js', 'cli.js', 'webview.js'].map((f) => join(root, 'dist', f));

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/ when a bundle is missing. A dist/ older than src/ is left as it is (it may be the production
 * build someone is packaging) and named, since sections 3 and 5 read it.
 */
function ensureBuild() {
  if (BUNDLES.every((b) => existsSync(b))) {
    const built = Math.min(...BUNDLES.map((b) => statSync(b).mtimeMs));
    if (built < Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'media')))) {
      console.log(
        'note: dist/ is older than src/; sections 3 and 5 measure that build (npm run build first for current figures)',
      );
    }
    return;
  }
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const took = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  if (r.status === 0) console.log(`dist/ was missing: ran npm run build (${took})`);
  else
    console.log(
      `dist/ was missing and npm run build failed (${took}): ${r.error?.message ?? (r.stderr ?? '').trim().split('\n').pop()}`,
    );
}

/** Runs one section with its output passed through; resolves with why it failed, or undefined. */
function runSection(section, budgetMs) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [...section.nodeArgs, '--import', 'tsx', join(root, 'scripts', 'bench', section.file)],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    let printed = false;
    let stderr = '';
    let overran = false;
    child.stdout.on('data', (b) => {
      printed = true;
      process.stdout.write(b);
    });
    child.stderr.setEncoding('utf8').on('data', (s) => (stderr = (stderr + s).slice(-4000)));
    // The section's own process group: it and whatever it started (sshd, Chromium, ab) end together.
    const timer = setTimeout(() => {
      overran = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, budgetMs);
    const finish = (why) => {
      clearTimeout(timer);
      if (why !== undefined) console.log(printed ? `  skipped: ${why}` : `${section.title}: skipped: ${why}`);
      resolve();
    };
    child.on('error', (e) => finish(e.message));
    child.on('close', (code) => {
      if (overran) return finish(`did not finish within its ${budgetMs / 1000} s budget`);
      // Node's own last line is its version; the error is the last line before the stack trace.
      const message =
        stderr.split('\n').find((l) => /^\w*Error\b|^error:/i.test(l.trim())) ??
        stderr
          .trim()
          .split('\n')
          .filter((l) => l && !l.startsWith('Node.js '))
          .pop();
      if (code !== 0) return finish(`exited ${code}: ${message ?? 'no message'}`);
      finish(undefined);
    });
  });
}

const started = Date.now();
console.log(
  `vps-doctor bench: node ${process.version}, ${cpus().length} cores, Linux ${release()}; ratios are ours/baseline, same run`,
);
ensureBuild();
for (const section of SECTIONS) {
  const left = TOTAL_BUDGET_MS - (Date.now() - started);
  if (left < 5000) {
    console.log(`${section.title}: skipped: the bench's ${TOTAL_BUDGET_MS / 1000} s budget is spent`);
    continue;
  }
  await runSection(section, Math.min(section.budgetMs, left));
}
console.log(`bench finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
