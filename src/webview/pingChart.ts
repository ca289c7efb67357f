import type uPlot from 'uplot';
import { axis, drawInPlot, type ChartSpec } from './chartFrame';
import type { Palette } from './theme';
import { t } from './l10n';

/** The ping run as the chart reads it: replies and losses by sequence number, and how many were sent. */
export interface PingSeries {
  sent: number;
  replies: { seq: number; rttMs: number }[];
  lostSeqs: number[];
}

/** RTT by sequence number with gaps at lost probes; aligned on every sequence number seen. */
function pingData(s: PingSeries): uPlot.AlignedData {
  const seqs = [...s.replies.map((r) => r.seq), ...s.lostSeqs].sort((a, b) => a - b);
  const rtt = new Map(s.replies.map((r) => [r.seq, r.rttMs]));
  return [seqs, seqs.map((q) => rtt.get(q) ?? null)];
}

/**
 * Round-trip time over the run (x = ICMP sequence number, y = ms), lost probes as red ticks along the
 * bottom. A line, not points, so 10,000 samples stay legible.
 */
export function pingChart(get: () => PingSeries): ChartSpec {
  return {
    height: 220,
    label: t('Ping round-trip time by sequence number, lost probes marked along the bottom'),
    data: () => pingData(get()),
    options: (p: Palette) => ({
      legend: { show: false },
      cursor: { drag: { x: true, y: false } },
      scales: {
        x: { time: false },
        y: { range: (_u, _min, max) => [0, Math.max(1, max ?? 1) * 1.15] },
      },
      axes: [axis(p, { label: t('sequence number') }), axis(p, { label: 'RTT (ms)', size: 60 })],
      series: [
        {},
        {
          label: 'RTT',
          stroke: p.line,
          width: 1,
          spanGaps: false,
          points: { show: get().sent <= 300, size: 3, fill: p.line },
        },
      ],
      hooks: { draw: [(u: uPlot) => drawLost(u, get().lostSeqs, p)] },
    }),
  };
}

function drawLost(u: uPlot, lost: number[], p: Palette): void {
  if (lost.length === 0) return;
  const dpr = window.devicePixelRatio || 1;
  drawInPlot(u, (ctx, box) => {
    ctx.strokeStyle = p.failed;
    ctx.lineWidth = Math.max(1, 1.5 * dpr);
    const bottom = box.top + box.height;
    ctx.beginPath();
    for (const seq of lost) {
      const x = u.valToPos(seq, 'x', true);
      if (x < box.left || x > box.left + box.width) continue;
      ctx.moveTo(x, bottom);
      ctx.lineTo(x, bottom - 14 * dpr);
    }
    ctx.stroke();
  });
}
