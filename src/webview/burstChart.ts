import uPlot from 'uplot';
import type { BurstView } from '../shared/reportView';
import { axis, drawInPlot, type ChartSpec } from './chartFrame';
import type { Palette } from './theme';
import { t } from './l10n';

/** Tick steps for axes that count attempts: whole numbers only. */
const INTEGER_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];

/** Half-width of the band around a retransmission point: the classifier's tolerance (docs/method.md §3.2 step 4). */
const MATCH_SLACK_MS = 150;

/** The y range both burst charts share, so the keep-alive control reads on the same scale (ms). */
export function burstRangeMs(b: BurstView): number {
  const connects = b.attempts.map((a) => a.connectMs ?? 0);
  const first = b.baselineRttMs + (b.scheduleMs[0] ?? 1000);
  return Math.max(first, ...connects, ...b.keepAlive.timesMs) * 1.15;
}

/** Attempts as aligned series by class: k = 0, k = 1, k >= 2, slow without retransmission. */
function burstData(b: BurstView): uPlot.AlignedData {
  const n = Math.max(b.count, ...b.attempts.map((a) => a.index + 1), 1);
  const xs = Array.from({ length: n }, (_, i) => i);
  const series: (number | null)[][] = [0, 1, 2, 3].map(() => new Array<number | null>(n).fill(null));
  for (const a of b.attempts) {
    if (a.connectMs === null || a.kind === 'failed') continue;
    const s = a.k === null ? 3 : Math.min(a.k, 2);
    series[s][a.index] = a.connectMs;
  }
  return [xs, ...series];
}

function scatter(label: string, colour: string, size: number): uPlot.Series {
  return {
    label,
    stroke: colour,
    fill: colour,
    paths: () => null,
    points: { show: true, size, stroke: colour, fill: colour, width: 1 },
  };
}

/**
 * Every attempt of the burst: x = position in the burst, y = connect time (ms), with bands at the client's
 * SYN retransmission points (baseline RTT + each point, ± the classifier's tolerance) and failed attempts
 * marked × along the top. Readable at 1,000 attempts: points shrink as they multiply.
 */
export function burstChart(get: () => BurstView): ChartSpec {
  return {
    height: 260,
    label: t('Connect time of every attempt by its position in the burst, with the SYN retransmission points as bands'),
    data: () => burstData(get()),
    options: (p: Palette) => {
      const size = Math.max(3, Math.min(8, 900 / Math.max(1, get().count)));
      return {
        legend: { show: false },
        cursor: { drag: { x: true, y: false } },
        scales: {
          x: { time: false, range: (_u, min, max) => [Math.min(min, 0) - 0.5, max + 0.5] },
          y: { range: () => [0, burstRangeMs(get())] },
        },
        axes: [
          axis(p, { label: t('position in the burst'), incrs: INTEGER_STEPS }),
          axis(p, { label: t('connect (ms)'), size: 60 }),
        ],
        series: [
          {},
          scatter('k = 0', p.fast, size),
          scatter('k = 1', p.k1, size),
          scatter('k ≥ 2', p.k2, size),
          scatter('slow', p.latency, size),
        ],
        hooks: { draw: [(u: uPlot) => drawBandsAndFailures(u, get(), p)] },
      };
    },
  };
}

function drawBandsAndFailures(u: uPlot, b: BurstView, p: Palette): void {
  const yMax = u.scales.y.max ?? 0;
  const dpr = window.devicePixelRatio || 1;
  drawInPlot(u, (ctx, box) => {
    ctx.font = `${Math.round(11 * dpr)}px ${p.family}`;
    b.scheduleMs.forEach((point, i) => {
      const centre = b.baselineRttMs + point;
      if (centre > yMax) return;
      const tol = MATCH_SLACK_MS + b.baselineRttMs;
      const y0 = u.valToPos(centre + tol, 'y', true);
      const y1 = u.valToPos(Math.max(0, centre - tol), 'y', true);
      ctx.globalAlpha = 0.12;
      ctx.fillStyle = p.band;
      ctx.fillRect(box.left, y0, box.width, y1 - y0);
      ctx.globalAlpha = 0.8;
      ctx.strokeStyle = p.band;
      ctx.setLineDash([4 * dpr, 4 * dpr]);
      ctx.lineWidth = dpr;
      const y = u.valToPos(centre, 'y', true);
      ctx.beginPath();
      ctx.moveTo(box.left, y);
      ctx.lineTo(box.left + box.width, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
      ctx.fillStyle = p.muted;
      ctx.textAlign = 'right';
      // Above the band, where no point of this k can sit.
      ctx.fillText(`k=${i + 1} (${point / 1000} s)`, box.left + box.width - 4 * dpr, y0 - 3 * dpr);
    });
    const failed = b.attempts.filter((a) => a.kind === 'failed');
    if (failed.length === 0) return;
    ctx.strokeStyle = p.failed;
    ctx.lineWidth = 2 * dpr;
    const r = 4 * dpr;
    const y = box.top + 8 * dpr;
    for (const a of failed) {
      const x = u.valToPos(a.index, 'x', true);
      ctx.beginPath();
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y + r);
      ctx.moveTo(x + r, y - r);
      ctx.lineTo(x - r, y + r);
      ctx.stroke();
    }
  });
}

/**
 * The keep-alive control on the burst's y scale: each request over the one connection (HTTP mode), or
 * the held connection's connect time (TCP mode).
 */
export function keepAliveChart(get: () => BurstView): ChartSpec {
  return {
    height: 260,
    label: t('Time of each request over the kept-alive connection, on the same scale as the burst'),
    data: () => {
      const t = get().keepAlive.timesMs;
      return [t.map((_, i) => i + 1), t];
    },
    options: (p: Palette) => ({
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
        y: { range: () => [0, burstRangeMs(get())] },
      },
      axes: [
        axis(p, { label: t('request over one connection'), incrs: INTEGER_STEPS }),
        axis(p, { label: 'ms', size: 60 }),
      ],
      series: [
        {},
        {
          label: t('keep-alive'),
          stroke: p.fast,
          width: 1.5,
          points: { show: true, size: 5, fill: p.fast, stroke: p.fast },
        },
      ],
    }),
  };
}

/** The histogram of inferred retransmissions: one bar per k, then "slow" and "failed". */
export function histogramChart(get: () => BurstView): ChartSpec {
  const buckets = (): { label: string; count: number; colour: keyof Palette }[] => {
    const b = get();
    const maxK = Math.max(1, ...b.attempts.map((a) => a.k ?? 0));
    const out = Array.from({ length: maxK + 1 }, (_, k) => ({
      label: `k=${k}`,
      count: 0,
      colour: (k === 0 ? 'fast' : k === 1 ? 'k1' : 'k2') as keyof Palette,
    }));
    const slow = { label: t('slow'), count: 0, colour: 'latency' as const };
    const failed = { label: t('failed'), count: 0, colour: 'failed' as const };
    for (const a of b.attempts) {
      if (a.kind === 'failed') failed.count++;
      else if (a.k === null) slow.count++;
      else out[a.k].count++;
    }
    return [...out, slow, failed];
  };
  return {
    height: 200,
    label: t('How many attempts lost 0, 1, 2… SYNs'),
    data: () => {
      const bs = buckets();
      return [bs.map((_, i) => i), bs.map((x) => x.count)];
    },
    options: (p: Palette) => ({
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - 0.6, max + 0.6] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.15] },
      },
      axes: [
        axis(p, {
          splits: () => buckets().map((_, i) => i),
          values: (_u, splits) => splits.map((i) => buckets()[i]?.label ?? ''),
          grid: { show: false },
        }),
        axis(p, { label: t('attempts'), size: 50 }),
      ],
      series: [
        {},
        {
          label: t('attempts'),
          stroke: p.fg,
          width: 0,
          paths: uPlot.paths.bars?.({ size: [0.6, 80] }),
          points: { show: false },
          fill: (u: uPlot) => {
            // One colour per bar: paint with a horizontal gradient that changes at each bucket boundary.
            const bs = buckets();
            const g = u.ctx.createLinearGradient(u.bbox.left, 0, u.bbox.left + u.bbox.width, 0);
            bs.forEach((bucket, i) => {
              const from = (u.valToPos(i - 0.5, 'x', true) - u.bbox.left) / u.bbox.width;
              const to = (u.valToPos(i + 0.5, 'x', true) - u.bbox.left) / u.bbox.width;
              g.addColorStop(Math.min(1, Math.max(0, from)), p[bucket.colour]);
              g.addColorStop(Math.min(1, Math.max(0, to)), p[bucket.colour]);
            });
            return g;
          },
        },
      ],
      hooks: {
        draw: [
          (u: uPlot) =>
            drawCounts(
              u,
              buckets().map((x) => x.count),
              p,
            ),
        ],
      },
    }),
  };
}

function drawCounts(u: uPlot, counts: number[], p: Palette): void {
  const dpr = window.devicePixelRatio || 1;
  drawInPlot(u, (ctx) => {
    ctx.fillStyle = p.fg;
    ctx.textAlign = 'center';
    ctx.font = `${Math.round(11 * dpr)}px ${p.family}`;
    counts.forEach((c, i) => {
      if (c > 0) ctx.fillText(String(c), u.valToPos(i, 'x', true), u.valToPos(c, 'y', true) - 4 * dpr);
    });
  });
}
