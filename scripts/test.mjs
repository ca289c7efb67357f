// Runs the test tiers with Node's built-in runner (its closing summary is what CI reads).
// `node scripts/test.mjs` runs every tier; `node scripts/test.mjs unit` one tier.
// Tiers that need something this machine lacks skip with one line saying why, except under
// CI=true, where a missing prerequisite fails the run (no silent skips).
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const tiers = ['unit', 'integration', 'lab', 'browser', 'e2e'].filter((t) => wanted.length === 0 || wanted.includes(t));

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = tiers.flatMap((t) => testFiles(join(root, 'test', t)));
if (files.length === 0) {
  console.error('no test files found for tiers: ' + tiers.join(', '));
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  {
    stdio: 'inherit',
    cwd: root,
    env: process.env,
  },
);
process.exit(r.status ?? 1);
