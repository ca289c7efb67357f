/**
 * Section 1. Beancounter parse throughput: a 1,000-container host-node file parsed by our parser vs the
 * same extraction (container id, resource, held, barrier, limit, failcnt) by awk, the tool vzubc is
 * built on. awk's time includes its process start, as it would in a shell pipeline.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBeancounters } from '../../src/core/beancounters/parse';
import { findTool, line, median, ratio, ROOT, skipped } from './kit';

const RUNS = 15;
const CONTAINERS = 1000;

/** The seed's container repeated with ids 1000.., as /proc/user_beancounters reads on a host node. */
function hostNodeFile(containers: number): string {
  const seed = readFileSync(join(ROOT, 'test/fixtures/seed_user_beancounters.txt'), 'utf8').split('\n');
  const body = seed.slice(2).filter((l) => l.trim() !== '');
  const out = [seed[0]!, seed[1]!];
  for (let i = 0; i < containers; i++) {
    const id = String(1000 + i);
    body.forEach((l, j) => out.push(j === 0 ? l.replace(/^\s*\d+:/, `${id.padStart(10)}:`) : l));
  }
  return out.join('\n') + '\n';
}

const AWK_PROGRAM =
  'NR>2 { if ($1 ~ /:$/) { id=$1; sub(/:$/,"",id); $1="" ; $0=$0 } if ($1 != "dummy") { n++; s+=$6 } } END { print n, s }';

const text = hostNodeFile(CONTAINERS);
const mb = Buffer.byteLength(text) / 1e6;
const ours: number[] = [];
let rows = 0;
for (let i = 0; i < RUNS; i++) {
  const t0 = process.hrtime.bigint();
  const r = parseBeancounters(text);
  ours.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (!r.ok) throw new Error(`bench input did not parse: ${r.error.message}`);
  rows = r.value.containers.reduce((n, c) => n + c.resources.length, 0);
}
const o = median(ours);
console.log(`1. beancounters parse, 1,000-container host node (${mb.toFixed(2)} MB, ${rows} rows), median of ${RUNS}:`);
line(`vps-doctor parse   ${o.toFixed(2)} ms  (${(mb / (o / 1000)).toFixed(1)} MB/s)`);

const awk = findTool('awk');
if (awk === undefined) {
  skipped('awk baseline: no awk on PATH (Debian package mawk or gawk)');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-bench-'));
  try {
    const file = join(dir, 'user_beancounters');
    writeFileSync(file, text);
    const times: number[] = [];
    let awkRows = '';
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(awk, [AWK_PROGRAM, file], { encoding: 'utf8' });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      awkRows = r.stdout.trim().split(' ')[0] ?? '';
    }
    const a = median(times);
    line(`awk extraction     ${a.toFixed(2)} ms  (${(mb / (a / 1000)).toFixed(1)} MB/s, includes process start; awk saw ${awkRows} rows)`);
    line(`ratio vps-doctor/awk time: ${ratio(o, a)}  (<1 means faster than the awk baseline)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Heap held by one parsed table; gc() first when node runs with --expose-gc, so the figure is not noise.
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const keep = parseBeancounters(text);
gc?.();
const heapAfter = process.memoryUsage().heapUsed;
line(`parsed table heap: ~${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB for ${keep.ok ? rows : 0} rows (input ${mb.toFixed(2)} MB; ratio ${ratio(heapAfter - heapBefore, Buffer.byteLength(text))} of input)`);
