// `npm run bench`: speed and memory measured side by side with a baseline in the same run (these
// machines are noisy, so only ratios are meaningful). Prints one line per measurement. Never part of tests.
//
// 1. Beancounter parse throughput: a 1,000-container host-node file parsed by our parser vs. the same
//    extraction (container id, resource, held, barrier, limit, failcnt) by awk, the tool vzubc is built on.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { parseBeancounters } = await import('../src/core/beancounters/parse.ts');

function hostNodeFile(containers) {
  const seed = readFileSync(new URL('../test/fixtures/seed_user_beancounters.txt', import.meta.url), 'utf8').split('\n');
  const body = seed.slice(2).filter((l) => l.trim() !== '');
  const out = [seed[0], seed[1]];
  for (let i = 0; i < containers; i++) {
    const id = String(1000 + i);
    body.forEach((line, j) => out.push(j === 0 ? line.replace(/^\s*\d+:/, `${id.padStart(10)}:`) : line));
  }
  return out.join('\n') + '\n';
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const dir = mkdtempSync(join(tmpdir(), 'vpsd-bench-'));
try {
  const text = hostNodeFile(1000);
  const file = join(dir, 'user_beancounters');
  writeFileSync(file, text);
  const mb = Buffer.byteLength(text) / 1e6;
  const runs = 15;

  const ours = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = parseBeancounters(text);
    ours.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!r.ok) throw new Error('bench input did not parse: ' + r.error.message);
    rows = r.value.containers.reduce((n, c) => n + c.resources.length, 0);
  }
  const awkProg =
    'NR>2 { if ($1 ~ /:$/) { id=$1; sub(/:$/,"",id); $1="" ; $0=$0 } if ($1 != "dummy") { n++; s+=$6 } } END { print n, s }';
  const awk = [];
  let awkRows = '';
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('awk', [awkProg, file], { encoding: 'utf8' });
    awk.push(Number(process.hrtime.bigint() - t0) / 1e6);
    awkRows = r.stdout.trim().split(' ')[0];
  }
  const o = median(ours);
  const a = median(awk);
  console.log(`beancounters parse, 1,000-container host node (${mb.toFixed(2)} MB, ${rows} rows; awk saw ${awkRows}):`);
  console.log(`  vps-doctor parse   median ${o.toFixed(2)} ms  (${(mb / (o / 1000)).toFixed(1)} MB/s)`);
  console.log(`  awk extraction     median ${a.toFixed(2)} ms  (${(mb / (a / 1000)).toFixed(1)} MB/s, includes process start)`);
  console.log(`  ratio vps-doctor/awk time: ${(o / a).toFixed(2)}x  (<1 means faster than the awk baseline)`);
  const heapBefore = process.memoryUsage().heapUsed;
  const keep = parseBeancounters(text);
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(`  parsed table heap: ~${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB for ${keep.ok ? rows : 0} rows (input ${mb.toFixed(2)} MB)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
