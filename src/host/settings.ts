import * as vscode from 'vscode';
import { CONFIRM_CONCURRENCY, CONFIRM_COUNT, DEFAULT_CONCURRENCY, DEFAULT_COUNT } from '../core/probes/burstLimits';
import { DEFAULT_PING_COUNT } from '../core/probes/pingLimits';
import { WATCH_DEFAULTS } from '../core/watch/watchBudget';
import { DEFAULT_SAMPLE_MAX_OUTPUT_BYTES, DEFAULT_SAMPLE_TIMEOUT_MS } from '../core/remote/sampleLimits';
import type { ProbeSettings } from './probes/burstRequest';
import type { Settings } from './sessions/sessionSettings';

export type { Settings } from './sessions/sessionSettings';

/**
 * Reads the extension's settings. Every connection and command setting is declared with
 * `"scope": "application"` in package.json, so only the user's own settings count: a cloned workspace
 * cannot change where VPS Doctor connects or what it runs.
 */
export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('vpsDoctor');
  const checking = c.get<string>('ssh.hostKeyChecking', 'ask');
  return {
    hosts: c.get<string[]>('hosts.list', []).filter((h) => typeof h === 'string' && h.trim() !== ''),
    useSudo: c.get<boolean>('remote.useSudo', true),
    timeoutSeconds: c.get<number>('remote.timeoutSeconds', DEFAULT_SAMPLE_TIMEOUT_MS / 1000),
    maxOutputBytes: c.get<number>('remote.maxOutputBytes', DEFAULT_SAMPLE_MAX_OUTPUT_BYTES),
    hostKeyChecking: checking === 'yes' || checking === 'accept-new' ? checking : 'ask',
    sshConfigFile: c.get<string>('ssh.configFile', '').trim(),
    intervalSeconds: c.get<number>('sampling.intervalSeconds', 10),
    hiddenIntervalSeconds: c.get<number>('sampling.hiddenIntervalSeconds', 0),
    failcntAlerts: c.get<boolean>('alerts.failcntGrowth', true),
  };
}

/** Adds or removes hand-added hosts in the user's settings (never the workspace's). */
export async function writeHostList(hosts: string[]): Promise<void> {
  await vscode.workspace.getConfiguration('vpsDoctor').update('hosts.list', hosts, vscode.ConfigurationTarget.Global);
}

/** The probe settings (package.json `vpsDoctor.probes.*`, application scope like every other). */
export function readProbeSettings(): ProbeSettings {
  const c = vscode.workspace.getConfiguration('vpsDoctor.probes');
  return {
    burstCount: c.get<number>('burstCount', DEFAULT_COUNT),
    burstConcurrency: c.get<number>('burstConcurrency', DEFAULT_CONCURRENCY),
    maxCount: c.get<number>('maxCount', CONFIRM_COUNT),
    maxConcurrency: c.get<number>('maxConcurrency', CONFIRM_CONCURRENCY),
    pingCount: c.get<number>('pingCount', DEFAULT_PING_COUNT),
  };
}

/** Minutes between the rounds of a watch of the user's hosts (`vpsDoctor.watch.intervalMinutes`), as set. */
export function readWatchIntervalMinutes(): number {
  return vscode.workspace
    .getConfiguration('vpsDoctor.watch')
    .get<number>('intervalMinutes', WATCH_DEFAULTS.intervalMs / 60_000);
}
