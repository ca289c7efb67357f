/**
 * Small helpers shared by the bench sections: order statistics, formatting, tool lookup, gzip sizes and
 * peak-RSS measurement of a child process. Benchmarks print figures and ratios; they never assert.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The repository root (scripts/bench/ is two levels down). */
export const ROOT = join(__dirname, '..', '..');

/** The middle value; the mean of the two middle ones for an even count; NaN for an empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list; NaN for an empty one. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

/** Milliseconds with a precision that suits the magnitude. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x < 10 ? `${x.toFixed(2)} ms` : x < 1000 ? `${x.toFixed(1)} ms` : `${(x / 1000).toFixed(2)} s`;
}

/** Bytes as B / KB / MB (powers of 1000, like `ls --si`). */
export function bytes(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n < 1e3 ? `${n} B` : n < 1e6 ? `${(n / 1e3).toFixed(1)} KB` : `${(n / 1e6).toFixed(2)} MB`;
}

/** `a/b` as `0.42x`, or `n/a` when either side is missing or b is 0. */
export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}x` : 'n/a';
}

/** Prints a figure line, indented under its section heading. */
export function line(text: string): void {
  console.log(`  ${text}`);
}

/** Prints the one line that says why a section (or a part of one) could not run. */
export function skipped(why: string): void {
  console.log(`  skipped: ${why}`);
}

/** Absolute path of an executable on PATH (or in the sbin directories a login shell adds), or undefined. */
export function findTool(name: string): string | undefined {
  const path = `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin`;
  const r = spawnSync('sh', ['-c', 'PATH="$1"; command -v "$2"', 'sh', path, name], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.trim() : '';
  return found.startsWith('/') ? found : undefined;
}

/** Size of a file's contents after gzip at level 9 (what a download or a .vsix zip roughly costs). */
export function gzipBytes(data: Buffer | string): number {
  return gzipSync(data, { level: 9 }).length;
}

export function fileBytes(path: string): { raw: number; gzip: number } | undefined {
  if (!existsSync(path)) return undefined;
  const data = readFileSync(path);
  return { raw: data.length, gzip: gzipBytes(data) };
}

/** GNU time, which reports a child's peak RSS (`%M`, kilobytes) from the kernel's rusage. */
export const GNU_TIME = '/usr/bin/time';

export interface ChildRun {
  stdout: string;
  stderr: string;
  code: number | null;
  /** Process start to exit, ms, seen from here. */
  wallMs: number;
  /** Peak resident set size in kilobytes as the kernel accounted it (ru_maxrss), when GNU time is present. */
  maxRssKb?: number;
}

/**
 * Runs a command to completion, under GNU time when it exists so its peak RSS is measured by the same
 * kernel counter whatever the program is. Killed after `timeoutMs` (then `code` is null).
 */
export function runMeasured(
  cmd: string,
  args: readonly string[],
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): Promise<ChildRun> {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-bench-time-'));
  const rssFile = join(dir, 'rss');
  const useTime = existsSync(GNU_TIME);
  const [file, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, [...args]];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const rss = useTime && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
      rmSync(dir, { recursive: true, force: true });
      resolve({ stdout, stderr, code, wallMs, ...(Number.isFinite(rss) ? { maxRssKb: rss } : {}) });
    });
  });
}
