/** Short human texts for durations and rates in the tree and the status bar (no locale: same everywhere). */

/** A duration in ms as `40 s`, `5 min`, `2 h`, `3 d` (rounded to the unit shown; below 1 s is `0 s`). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

/** A count in at most four characters: `950`, `1.2k`, `12k`, `1.8M`, `3.1G`. */
export function compactNumber(n: number): string {
  const abs = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  const units = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const;
  for (const [i, [size, suffix]] of units.entries()) {
    if (abs < size) continue;
    const v = abs / size;
    const shown = v < 10 ? Math.round(v * 10) / 10 : Math.round(v);
    // 999,950 rounds to "1000k": say "1M" instead.
    if (shown >= 1000 && i > 0) return `${sign}1${units[i - 1]![1]}`;
    return `${sign}${shown}${suffix}`;
  }
  return `${sign}${abs < 10 && !Number.isInteger(abs) ? Math.round(abs * 10) / 10 : Math.round(abs)}`;
}
