import { MIN_INTERVAL_MS, planWatch, settingIntervalMs, type WatchPlan } from '../../core/watch/watchBudget';
import type { ProbeHost } from '../probes/probeHost';

/** The setting that paces the watches of the user's hosts (package.json `vpsDoctor.watch.intervalMinutes`). */
export const INTERVAL_SETTING = 'vpsDoctor.watch.intervalMinutes';

/**
 * What a watch started from VS Code runs. A user's host: a round every `intervalMinutes` (held to the floor of
 * one minute, with a warning), the watch's own light round of 32 connections 4 at a time and 20 pings
 * (docs/method.md §3.6), not the one-shot probes' sizes of `vpsDoctor.probes.*`; the port and HTTP path are the
 * host's service, as for the diagnosis. The demo host: every minute with its small burst, so its timeline fills
 * while one looks at it. Pure, so that the choice is tested without VS Code.
 */
export function watchPlanFor(demo: ProbeHost['demo'], intervalMinutes: number): { plan: WatchPlan; warning?: string } {
  if (demo !== undefined)
    return {
      plan: planWatch({
        intervalMs: 60_000,
        count: 8,
        concurrency: demo.concurrency,
        pingCount: 5,
        pingIntervalSeconds: demo.pingIntervalSeconds,
      }),
    };
  const intervalMs = settingIntervalMs(intervalMinutes);
  const plan = planWatch({ intervalMs });
  return intervalMs > intervalMinutes * 60_000
    ? {
        plan,
        warning: `${INTERVAL_SETTING} is ${intervalMinutes}, below the floor of ${MIN_INTERVAL_MS / 60_000} minute (docs/method.md §3.6): the watch runs every minute.`,
      }
    : { plan };
}
