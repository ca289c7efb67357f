import {
  DEFAULT_SAMPLE_MAX_OUTPUT_BYTES,
  DEFAULT_SAMPLE_TIMEOUT_MS,
  SAMPLE_MAX_OUTPUT_BYTES_RANGE,
  SAMPLE_TIMEOUT_SECONDS_RANGE,
} from '../../core/remote/sampleLimits';
import type { SessionSettings } from '../../core/session/sessionTypes';
/** The extension's settings as read from the user's configuration (see package.json for each one's range). */
export interface Settings {
  /** Hosts added by hand, `user@host:port` (user and port optional). */
  hosts: string[];
  useSudo: boolean;
  /** Seconds one remote sample may take. */
  timeoutSeconds: number;
  /** Bytes one remote sample may print. */
  maxOutputBytes: number;
  /** OpenSSH's `no` is deliberately not offered (docs/security.md §2.3). */
  hostKeyChecking: 'ask' | 'yes' | 'accept-new';
  /** Like `ssh -F`; empty = ~/.ssh/config. */
  sshConfigFile: string;
  /** Seconds between samples while the view is visible. */
  intervalSeconds: number;
  /** Seconds between samples while the view is hidden; 0 pauses sampling. */
  hiddenIntervalSeconds: number;
  /** Notify when a failcnt starts growing. */
  failcntAlerts: boolean;
}

/** The session's settings (milliseconds and bytes) from the user's (seconds). Values are clamped to sane ranges. */
export function sessionSettings(s: Settings): SessionSettings {
  const seconds = (v: number, min: number, max: number, fallback: number) =>
    (Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback) * 1000;
  return {
    hostKeyChecking: s.hostKeyChecking,
    sampleIntervalMs: seconds(s.intervalSeconds, 2, 3600, 10),
    hiddenIntervalMs: s.hiddenIntervalSeconds > 0 ? seconds(s.hiddenIntervalSeconds, 10, 86_400, 300) : null,
    useSudo: s.useSudo,
    timeoutMs: seconds(
      s.timeoutSeconds,
      SAMPLE_TIMEOUT_SECONDS_RANGE.min,
      SAMPLE_TIMEOUT_SECONDS_RANGE.max,
      DEFAULT_SAMPLE_TIMEOUT_MS / 1000,
    ),
    maxOutputBytes: Math.round(
      Math.min(
        SAMPLE_MAX_OUTPUT_BYTES_RANGE.max,
        Math.max(
          SAMPLE_MAX_OUTPUT_BYTES_RANGE.min,
          Number.isFinite(s.maxOutputBytes) ? s.maxOutputBytes : DEFAULT_SAMPLE_MAX_OUTPUT_BYTES,
        ),
      ),
    ),
    ...(s.sshConfigFile !== '' ? { sshConfigFile: s.sshConfigFile } : {}),
  };
}
