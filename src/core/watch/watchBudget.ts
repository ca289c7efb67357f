import { phrase, renderPhrase, verbatim, type Phrase } from '../../shared/l10n/phrase';
import { DEFAULT_CONCURRENCY, DEFAULT_COUNT } from '../probes/burstLimits';
/**
 * What a watch may cost the host and its provider. A watch runs for hours against a server whose provider
 * may be watching for floods, so its load is bounded by construction: one round at a time, a floor on the
 * interval, and a cap on the new connections (each one SYN, plus retransmissions of the lost ones) an hour
 * (docs/method.md §3.6).
 */

/** No round starts less than a minute after the previous one started. */
export const MIN_INTERVAL_MS = 60_000;
/**
 * New connections an hour, control connections included: 40 a minute on average, a trickle for any web server, and
 * room for a default round (33 connections) every minute.
 */
export const MAX_CONNECTIONS_PER_HOUR = 2400;
/** A watch ends after this long at most (a week); start it again to go on: the timeline continues. */
export const MAX_DURATION_MS = 7 * 24 * 3_600_000;

/**
 * The watch's defaults: a round every 5 minutes for a day, 32 connections 4 at a time (the one-shot burst's size:
 * 16 cannot always tell a limiter from random loss, docs/method.md §3.6), 20 pings.
 */
export const WATCH_DEFAULTS = {
  intervalMs: 5 * 60_000,
  durationMs: 24 * 3_600_000,
  count: DEFAULT_COUNT,
  concurrency: DEFAULT_CONCURRENCY,
  pingCount: 20,
  pingIntervalSeconds: 1,
} as const;

export interface WatchRequest {
  intervalMs?: number;
  durationMs?: number;
  count?: number;
  concurrency?: number;
  pingCount?: number;
  pingIntervalSeconds?: number;
}

/** A checked watch: what will run, and what it costs. */
export interface WatchPlan {
  intervalMs: number;
  durationMs: number;
  count: number;
  concurrency: number;
  pingCount: number;
  pingIntervalSeconds: number;
  /** New connections a round opens: the burst plus its one keep-alive control connection. */
  connectionsPerRound: number;
  /** Rounds that can start in an hour at this interval, and their connections. */
  connectionsPerHour: number;
  /** Rounds that fit into the duration (the first starts at once). */
  maxRounds: number;
  /** The cap `connectionsPerHour` was checked against. */
  maxConnectionsPerHour: number;
}

/** A request the budget refuses, with what to change. */
export class WatchBudgetError extends Error {
  override readonly name = 'WatchBudgetError';
  /** The message as an id plus parameters, for a front end's language; `message` is English. */
  constructor(readonly phrase: Phrase) {
    super(renderPhrase(phrase));
  }
}

/** The budget's two limits. */
export interface WatchLimits {
  minIntervalMs: number;
  maxConnectionsPerHour: number;
}

export const WATCH_LIMITS: WatchLimits = {
  minIntervalMs: MIN_INTERVAL_MS,
  maxConnectionsPerHour: MAX_CONNECTIONS_PER_HOUR,
};

/**
 * Checks a request against the budget and fills in the defaults. The product always uses
 * {@link WATCH_LIMITS}; only tests pass lower ones, so that a lab watch takes seconds rather than hours.
 * @throws WatchBudgetError naming the option to change
 */
export function planWatch(req: WatchRequest, limits: WatchLimits = WATCH_LIMITS): WatchPlan {
  const floorMs = limits.minIntervalMs;
  const intervalMs = req.intervalMs ?? WATCH_DEFAULTS.intervalMs;
  const durationMs = req.durationMs ?? WATCH_DEFAULTS.durationMs;
  const count = req.count ?? WATCH_DEFAULTS.count;
  const concurrency = Math.min(req.concurrency ?? WATCH_DEFAULTS.concurrency, count);
  const pingCount = req.pingCount ?? WATCH_DEFAULTS.pingCount;
  const pingIntervalSeconds = req.pingIntervalSeconds ?? WATCH_DEFAULTS.pingIntervalSeconds;
  if (!(Number.isFinite(intervalMs) && intervalMs >= floorMs)) {
    throw new WatchBudgetError(
      phrase('the interval must be at least {0}, got {1}', humanPhrase(floorMs), humanPhrase(intervalMs)),
    );
  }
  if (!(Number.isFinite(durationMs) && durationMs > 0 && durationMs <= MAX_DURATION_MS)) {
    throw new WatchBudgetError(
      phrase(
        'the duration must be more than 0 and at most {0}, got {1}',
        humanPhrase(MAX_DURATION_MS),
        humanPhrase(durationMs),
      ),
    );
  }
  if (!(Number.isInteger(count) && count >= 1))
    throw new WatchBudgetError(phrase('the burst count must be a whole number of at least 1, got {0}', count));
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new WatchBudgetError(phrase('the concurrency must be a whole number of at least 1, got {0}', concurrency));
  if (!(Number.isInteger(pingCount) && pingCount >= 0))
    throw new WatchBudgetError(phrase('the ping count must be a whole number of at least 0, got {0}', pingCount));
  const connectionsPerRound = count + 1;
  const roundsPerHour = Math.ceil(3_600_000 / intervalMs);
  const connectionsPerHour = connectionsPerRound * roundsPerHour;
  if (connectionsPerHour > limits.maxConnectionsPerHour) {
    const fits = Math.floor(limits.maxConnectionsPerHour / connectionsPerRound);
    const needMs = fits >= 1 ? Math.ceil(3_600_000 / fits / 60_000) * 60_000 : Infinity;
    throw new WatchBudgetError(
      phrase(
        '{0} connections a round every {1} is {2} new connections an hour, over the cap of {3}: {4}',
        connectionsPerRound,
        humanPhrase(intervalMs),
        connectionsPerHour,
        limits.maxConnectionsPerHour,
        Number.isFinite(needMs)
          ? phrase('use an interval of {0} or more, or a smaller count', humanPhrase(Math.max(needMs, floorMs)))
          : phrase('use a smaller count'),
      ),
    );
  }
  return {
    intervalMs,
    durationMs,
    count,
    concurrency,
    pingCount,
    pingIntervalSeconds,
    connectionsPerRound,
    connectionsPerHour,
    maxRounds: Math.ceil(durationMs / intervalMs),
    maxConnectionsPerHour: limits.maxConnectionsPerHour,
  };
}

/** The longest interval a setting may ask for: a day (the default watch lasts a day, so one round). */
export const MAX_SETTING_INTERVAL_MS = 86_400_000;

/**
 * The interval a setting in minutes asks for, in ms, held between the floor and a day; anything not a number
 * gives the default. The caller tells the user when the value was raised to the floor (docs/method.md §3.6).
 */
export function settingIntervalMs(minutes: number): number {
  if (!Number.isFinite(minutes)) return WATCH_DEFAULTS.intervalMs;
  return Math.max(MIN_INTERVAL_MS, Math.min(MAX_SETTING_INTERVAL_MS, Math.round(minutes * 60_000)));
}

const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** `90s`, `5m`, `1.5h`, `2d` to ms; undefined for anything else (a bare number has no unit and is refused). */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const scale = m[2] === 'ms' ? 1 : UNITS.find(([u]) => u === m[2])![1];
  const ms = Number(m[1]) * scale;
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

/** ms as the largest whole unit that fits, as a phrase: `5 min`, `24 h`, `90 s` (`5 分` in Japanese). */
export function humanPhrase(ms: number): Phrase {
  if (!Number.isFinite(ms)) return verbatim(String(ms));
  const [unit, scale] = UNITS.find(([, scale]) => ms >= scale && ms % scale === 0) ?? ['', 0];
  const n = scale > 0 ? ms / scale : 0;
  switch (unit) {
    case 'd':
      return phrase('{0} d', n);
    case 'h':
      return phrase('{0} h', n);
    case 'm':
      return phrase('{0} min', n);
    case 's':
      return phrase('{0} s', n);
  }
  return ms >= 1000 ? phrase('{0} s', (ms / 1000).toFixed(1)) : phrase('{0} ms', ms);
}
