import { ELAPSED_SECONDS } from './counterDeltas';

/** One server counter during the burst, set against what it does when nothing is probing. */
export interface CounterChange {
  name: string;
  /** Growth between the before-burst and after-burst snapshots (counts). */
  delta: number;
  /**
   * Growth over the idle control pair, scaled to the burst interval's length; null without a control
   * (or when the control lacks this counter).
   */
  background: number | null;
  /** `delta − background` (or `delta` without a control). */
  excess: number;
  /** The excess is more than noise: at least 1 and more than 3 × sqrt(background) (Poisson, 3 sigma). */
  aboveBackground: boolean;
}

/**
 * Background correction (docs/method.md §3.4: "≈0 means not above background", §6.3: an idle
 * control pair of equal length). When both pairs carry `uptime.seconds`, the control is scaled to the
 * burst's length, so a control that came out a little longer or shorter still compares fairly.
 * Returns a reader that gives null for a counter the burst pair does not have.
 */
export function withBackground(
  deltas: Record<string, number>,
  idle?: Record<string, number>,
): (name: string) => CounterChange | null {
  const scale = idleScale(deltas, idle);
  return (name) => {
    const delta = read(deltas, name);
    if (delta === undefined) return null;
    const idleDelta = idle === undefined ? undefined : read(idle, name);
    const background = idleDelta === undefined ? null : Math.max(0, idleDelta * scale);
    const excess = delta - (background ?? 0);
    // Counts of independent arrivals (scanners, other clients) fluctuate like a Poisson variable, whose
    // standard deviation is the square root of its mean: 3 of them is a conventional "clearly above".
    const aboveBackground = excess >= 1 && excess > 3 * Math.sqrt(background ?? 0);
    return { name, delta, background, excess, aboveBackground };
  };
}

/** Burst length / control length, when both are known and positive; else 1 (the pairs are taken equally long). */
function idleScale(deltas: Record<string, number>, idle?: Record<string, number>): number {
  const burstSeconds = read(deltas, ELAPSED_SECONDS);
  const idleSeconds = idle === undefined ? undefined : read(idle, ELAPSED_SECONDS);
  if (burstSeconds === undefined || idleSeconds === undefined || !(burstSeconds > 0) || !(idleSeconds > 0)) return 1;
  return burstSeconds / idleSeconds;
}

/** A finite own value; anything else (absent, NaN, a prototype member) is "not known". */
function read(record: Record<string, number>, name: string): number | undefined {
  const v = Object.hasOwn(record, name) ? record[name] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
