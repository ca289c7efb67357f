import { readFileSync } from 'node:fs';
import type { PingPlatform } from '../../src/core/probes/pingResult';

/** Shared by the ping parser tests: the captured and written outputs in test/fixtures/ping (see its README). */
export function pingFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/ping/${name}`, import.meta.url), 'utf8');
}

export const PING_FIXTURES: { file: string; platform: PingPlatform }[] = [
  { file: 'linux-loopback.txt', platform: 'linux' },
  { file: 'linux-loss-O.txt', platform: 'linux' },
  { file: 'linux-dup.txt', platform: 'linux' },
  { file: 'linux-zero-replies.txt', platform: 'linux' },
  { file: 'linux-deadline-extra.txt', platform: 'linux' },
  { file: 'linux-unreachable.txt', platform: 'linux' },
  { file: 'linux-de-nls.txt', platform: 'linux' },
  { file: 'busybox-loss.txt', platform: 'busybox' },
  { file: 'busybox-dup.txt', platform: 'busybox' },
  { file: 'busybox-zero-replies.txt', platform: 'busybox' },
  { file: 'darwin-loss.txt', platform: 'darwin' },
  { file: 'darwin-single-nan.txt', platform: 'darwin' },
  { file: 'win32-english.txt', platform: 'win32' },
  { file: 'win32-loopback.txt', platform: 'win32' },
  { file: 'win32-french.txt', platform: 'win32' },
  { file: 'win32-german-oem.txt', platform: 'win32' },
];

/** The platform's own `min/avg/max[/mdev|stddev] = a/b/c[/d] ms` line, for cross-checking; null values for `nan`. */
export function platformRttSummary(text: string): { min: number; avg: number; max: number; dev: number | null } | null {
  const m = /min\/avg\/max(?:\/(?:mdev|stddev))? = ([\d.]+)\/([\d.]+)\/([\d.]+)(?:\/([\d.]+|nan))? ms/.exec(text);
  if (m === null) return null;
  const dev = m[4] === undefined || m[4] === 'nan' ? null : Number(m[4]);
  return { min: Number(m[1]), avg: Number(m[2]), max: Number(m[3]), dev };
}
