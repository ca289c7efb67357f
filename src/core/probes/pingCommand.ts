import { existsSync, realpathSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { basename, delimiter, join } from 'node:path';
import type { PingConfig } from 'ping';
import type { PingPlatform } from './pingResult';

/** What to ask of the system ping: N probes, spaced, each given a timeout. */
export interface PingPlanInput {
  host: string;
  /** Echo requests to send, 1..65535 (ICMP sequence numbers are 16 bits). */
  count: number;
  /** Seconds between probes. Ignored on Windows, whose ping has no interval option and waits 1 s. */
  intervalSeconds: number;
  /** Whole seconds to wait for a reply, 1..60. */
  timeoutSeconds: number;
}

/**
 * Which ping output to expect on this machine, or null where the `ping` package cannot run one we read
 * (AIX). FreeBSD's ping prints like macOS's; Android's is iputils.
 */
export function pingPlatformFor(platform: NodeJS.Platform, busyBox: () => boolean): PingPlatform | null {
  if (platform === 'win32') return 'win32';
  if (platform === 'darwin' || platform === 'freebsd') return 'darwin';
  if (platform === 'linux' || platform === 'android') return busyBox() ? 'busybox' : 'linux';
  return null;
}

/**
 * Whether the first `ping` on PATH is BusyBox (Alpine and many containers link /bin/ping to it). It takes no
 * `-O` and prints its own formats (docs/method.md §4.3).
 */
export function busyBoxPingOnPath(path: string | undefined = process.env.PATH): boolean {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'ping');
    if (!existsSync(candidate)) continue;
    try {
      return basename(realpathSync(candidate)) === 'busybox';
    } catch {
      // Unreadable (permissions, or removed since existsSync): not a ping that can run, so the spawn searches on.
    }
  }
  return false;
}

/**
 * Whole seconds after which ping must exit even if replies are missing: the last probe goes out at
 * (count − 1) × interval and gets the full timeout, plus one second of slack for start-up.
 */
export function pingDeadlineSeconds(p: PingPlanInput): number {
  return Math.ceil((p.count - 1) * p.intervalSeconds + p.timeoutSeconds) + 1;
}

/**
 * The `ping` package's options for this run; it turns them into each platform's flags (§4.3 table).
 *
 * - `deadline` (`-w` on Linux, `-t` on macOS) bounds the child, which the package gives no way to kill. On
 *   iputils `-w` turns `-c` into a count of *replies*, so with loss ping sends a few more probes until the
 *   deadline; the parser is told `count` and ignores those.
 * - `-O` (iputils) prints "no answer yet for icmp_seq=N", making each loss visible in the output.
 * - IPv6 literals: Linux uses `ping -6`, because the package's `ping6` binary is gone from many distributions
 *   (#79); macOS keeps its `/sbin/ping6`, which takes neither `-W` (the package throws) nor `-t`.
 * - Windows has no deadline (the package throws) and no interval (`-i` is its TTL): it is bounded by
 *   count × max(1 s, timeout) on its own.
 */
export function pingConfig(platform: PingPlatform, p: PingPlanInput): PingConfig {
  const v6 = isIPv6(p.host);
  const interval = ['-i', String(p.intervalSeconds)];
  switch (platform) {
    case 'linux':
    case 'busybox':
      return {
        numeric: true,
        timeout: p.timeoutSeconds,
        deadline: pingDeadlineSeconds(p),
        min_reply: p.count,
        v6: false,
        extra: [...interval, ...(platform === 'linux' ? ['-O'] : []), ...(v6 ? ['-6'] : [])],
      };
    case 'darwin':
      // The package's types say `timeout` and `deadline` are numbers, but it leaves a boolean `false` alone
      // (its defaults fill only non-booleans) and then omits the flag, which is what ping6 needs.
      return {
        numeric: true,
        timeout: v6 ? false : p.timeoutSeconds,
        deadline: v6 ? false : pingDeadlineSeconds(p),
        min_reply: p.count,
        v6,
        extra: interval,
      } as PingConfig;
    case 'win32':
      return { numeric: true, timeout: p.timeoutSeconds, min_reply: p.count, v6 };
  }
}
