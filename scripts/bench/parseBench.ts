/**
 * Section 1. Beancounter parse throughput: a 1,000-container host-node file parsed by our parser vs the
 * same extraction (container id, resource, held, barrier, limit, failcnt) by awk, the tool vzubc is
 * built on. awk's time includes its process start, as it would in a shell pipeline.
 *
 * Two figures on our side: the table parse alone, and the whole path a sample pays for the same file:
 * the `sample` script's stdout (the file as `grep -H` lines inside the marked frame, with the other
 * /proc files of a fake OpenVZ root) through `parseSample` and `buildSnapshot`, exactly what
 * `takeSample` does once the exec returns.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBeancounters } from '../../src/core/beancounters/parse';
import { SAMPLE } from '../../src/core/remote/catalog';
import { parseSample } from '../../src/core/remote/parseSample';
import { SCRIPT_NAME } from '../../src/core/remote/runner';
import { buildSnapshot } from '../../src/core/remote/snapshot';
import { makeFakeRoot, removeFakeRoot } from '../../test/unit/remoteFixtures';
import { findTool, line, median, ratio, ROOT, skipped } from './kit';

const RUNS = 21;
const WARMUP = 3;
const CONTAINERS = 1000;
const NONCE = '0123456789abcdef0123456789abcdef';
const AWK_PROGRAM =
  'NR>2 { if ($1 ~ /:$/) { id=$1; sub(/:$/,"",id); $1="" ; $0=$0 } if ($1 != "dummy") { n++; s+=$6 } } END { print n, s }';

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

/** The `sample` script's stdout over a fake OpenVZ root serving `text` as its beancounters, or why not. */
function sampleOutput(text: string): { stdout: Buffer } | { why: string } {
  const root = makeFakeRoot('openvz-root');
  try {
    writeFileSync(join(root, 'proc/user_beancounters'), text);
    const r = spawnSync('sh', ['-c', SAMPLE.script, SCRIPT_NAME, NONCE, 'nosudo'], {
      env: { ...process.env, VPSD_ROOT: root },
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    if (r.error !== undefined) return { why: r.error.message };
    if (r.status !== 0) return { why: `the sample script exited ${r.status}` };
    return { stdout: r.stdout };
  } finally {
    removeFakeRoot(root);
  }
}

/** Wall time of one call, in ms. */
function once(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const text = hostNodeFile(CONTAINERS);
const mb = Buffer.byteLength(text) / 1e6;
const probe = parseBeancounters(text);
if (!probe.ok) throw new Error(`bench input did not parse: ${probe.error.message}`);
const rows = probe.value.containers.reduce((n, c) => n + c.resources.length, 0);
const parseOnce = (): void => {
  if (!parseBeancounters(text).ok) throw new Error('bench input did not parse');
};

const sample = sampleOutput(text);
let sampleOnce: (() => void) | undefined;
if ('why' in sample) {
  skipped(`sample path: ${sample.why}`);
} else {
  const check = parseSample(sample.stdout, NONCE);
  const ubc = check.ok ? buildSnapshot(check.value).beancounters : undefined;
  const sampleRows = ubc?.state === 'ok' ? ubc.table.containers.reduce((n, c) => n + c.resources.length, 0) : 0;
  if (sampleRows !== rows) throw new Error(`the sample path gave ${sampleRows} rows, the file has ${rows}`);
  sampleOnce = () => {
    const raw = parseSample(sample.stdout, NONCE);
    if (!raw.ok || buildSnapshot(raw.value).beancounters.state !== 'ok') throw new Error('bench sample did not parse');
  };
}

const awk = findTool('awk');
if (awk === undefined) skipped('awk baseline: no awk on PATH (Debian package mawk or gawk)');
const dir = mkdtempSync(join(tmpdir(), 'vpsd-bench-'));
const file = join(dir, 'user_beancounters');
writeFileSync(file, text);
let awkRows = '';
const awkOnce = (): void => {
  const r = spawnSync(awk!, [AWK_PROGRAM, file], { encoding: 'utf8' });
  awkRows = r.stdout.trim().split(' ')[0] ?? '';
};

// The sides take turns within each run, in an order that rotates from run to run, so drift on a noisy
// machine (and whatever one side leaves behind for the next, such as garbage to collect) hits them alike.
const times = { parse: [] as number[], sample: [] as number[], awk: [] as number[] };
const sides: [number[], () => void][] = [[times.parse, parseOnce]];
if (sampleOnce !== undefined) sides.push([times.sample, sampleOnce]);
if (awk !== undefined) sides.push([times.awk, awkOnce]);
try {
  // Steady state, as an exporter scraping every minute sees it: a few untimed rounds first (JIT, page cache).
  for (let i = 0; i < WARMUP; i++) for (const [, side] of sides) side();
  for (let i = 0; i < RUNS; i++) {
    for (let k = 0; k < sides.length; k++) {
      const [into, side] = sides[(i + k) % sides.length]!;
      into.push(once(side));
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const o = median(times.parse);
const s = median(times.sample);
const a = median(times.awk);
const smb = 'why' in sample ? NaN : sample.stdout.length / 1e6;
console.log(
  `1. beancounters parse, 1,000-container host node (${mb.toFixed(2)} MB, ${rows} rows), median of ${RUNS} after ${WARMUP} untimed:`,
);
line(`vps-doctor parse   ${o.toFixed(2)} ms  (${(mb / (o / 1000)).toFixed(1)} MB/s)`);
if (sampleOnce !== undefined) {
  line(
    `vps-doctor sample  ${s.toFixed(2)} ms  (${(mb / (s / 1000)).toFixed(1)} MB/s of the file; stdout ${smb.toFixed(2)} MB through parseSample + buildSnapshot)`,
  );
}
if (awk !== undefined) {
  line(
    `awk extraction     ${a.toFixed(2)} ms  (${(mb / (a / 1000)).toFixed(1)} MB/s, includes process start; awk saw ${awkRows} rows)`,
  );
  line(
    `ratio vps-doctor/awk time: parse ${ratio(o, a)}, whole sample path ${ratio(s, a)}  (<1 means faster than the awk baseline)`,
  );
}

// Heap held by one parsed table; gc() first when node runs with --expose-gc, so the figure is not noise.
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const keep = parseBeancounters(text);
gc?.();
const heapAfter = process.memoryUsage().heapUsed;
line(
  `parsed table heap: ~${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB for ${keep.ok ? rows : 0} rows (input ${mb.toFixed(2)} MB; ratio ${ratio(heapAfter - heapBefore, Buffer.byteLength(text))} of input)`,
);
