import type { BurstView, PingView } from '../shared/reportView';
import { burstChart, histogramChart, keepAliveChart } from './burstChart';
import type { Charts } from './chartFrame';
import { custom, h, interval, ms, pct, section } from './dom';
import { pingChart, type PingSeries } from './pingChart';

const POSITION = {
  'front-fast-then-delayed': 'the first attempts went through, the delays came after them: the signature of a per-source SYN limit',
  random: 'spread over the burst rather than bunched after its first attempts (the verdict weighs this with the ping and the server counters)',
  none: 'no attempt was delayed',
} as const;

function legend(): HTMLElement {
  const item = (cls: string, text: string): HTMLElement => h('span', { class: 'legend-item' }, h('span', { class: `swatch ${cls}` }), text);
  return h('p', { class: 'legend' }, item('swatch-fast', 'k = 0 (no SYN lost)'), item('swatch-k1', 'k = 1'), item('swatch-k2', 'k ≥ 2'),
    item('swatch-latency', 'slow without a retransmission'), item('swatch-failed', '× failed'), item('swatch-band', 'SYN retransmission points'));
}

/** Burst stats in one line: delayed with its interval, failed, where in the burst. */
export function burstStats(b: BurstView): string {
  const n = b.attempts.length;
  const position = b.firstDelayedIndex === null ? POSITION[b.positionSignature] : `${POSITION[b.positionSignature]} (first delayed: #${b.firstDelayedIndex})`;
  return `${b.delayed} of ${n} delayed by SYN retransmission (${pct(n > 0 ? b.delayed / n : 0)}, 95 % interval ${interval(b.delayedCi95)}), ` +
    `${b.failed} failed; ${position}. Baseline round trip ${ms(b.baselineRttMs)}.`;
}

function keepAliveText(b: BurstView): string {
  const k = b.keepAlive;
  const why = k.error ? `: ${k.error}` : '';
  if (b.mode === 'tcp') return k.failed === 0 ? `One connection opened before the burst stayed up through it${why}.` : `The held connection was lost${why}.`;
  return `${k.requests} requests over one kept-alive connection, ${k.failed} failed${why}.`;
}

/**
 * The burst: the chart of every attempt beside the keep-alive control (same y scale), the legend, the
 * stats line, the histogram of k, and every attempt as a table folded away. While the probe runs
 * (`live`), only what is known so far: the attempts chart, the legend, the running count and the histogram.
 */
export function burstSection(get: () => BurstView, charts: Charts, live = false): HTMLElement {
  const b = get();
  const main = h('div', { class: 'chart', id: 'chart-burst' });
  const control = h('div', { class: 'chart', id: 'chart-keepalive' });
  const hist = h('div', { class: 'chart', id: 'chart-histogram' });
  const caption = h('figcaption', {}, 'Connect time of every attempt by its position in the burst');
  const el = section(`Burst: ${b.count} new connections, ${b.concurrency} at a time${live ? '' : ` (${b.mode === 'http' ? 'HTTP' : 'TCP'})`}`, 'burst',
    live
      ? h('figure', {}, main, caption)
      : h('div', { class: 'pair' },
        h('figure', { class: 'wide' }, main, caption),
        h('figure', { class: 'narrow' }, control, h('figcaption', { id: 'keepalive-text' }, `Keep-alive control: ${keepAliveText(b)}`))),
    legend(), h('p', { class: 'stats', id: 'burst-stats' }, live ? '' : burstStats(b)),
    h('figure', { class: 'histogram' }, hist, h('figcaption', {}, 'Inferred SYN retransmissions per attempt (k)')),
    live ? null : h('p', { class: 'muted' }, `Client schedule: ${b.scheduleSource}.`),
    live ? null : attemptTable(b));
  charts.mount(main, burstChart(get));
  if (!live) charts.mount(control, keepAliveChart(get));
  charts.mount(hist, histogramChart(get));
  return el;
}

function attemptTable(b: BurstView): HTMLElement {
  return custom('vscode-collapsible', { heading: `Every attempt (${b.attempts.length})` },
    h('table', { class: 'attempts' },
      h('thead', {}, h('tr', {}, h('th', { class: 'num' }, '#'), h('th', { class: 'num' }, 'connect'), h('th', { class: 'num' }, 'k'), h('th', {}, 'result'))),
      h('tbody', {}, ...b.attempts.map((a) => h('tr', { class: `kind-${a.kind}` },
        h('td', { class: 'num' }, String(a.index)),
        h('td', { class: 'num' }, a.connectMs === null ? '–' : ms(a.connectMs)),
        h('td', { class: 'num' }, a.k === null ? '–' : String(a.k)),
        h('td', {}, a.kind === 'failed' ? `failed${a.error ? ` (${a.error})` : ''}` : a.kind === 'latency' ? 'slow, no retransmission' : a.kind === 'retransmit' ? 'SYN retransmitted' : 'fast'))))));
}

/** Ping loss with its interval, then RTT over time with the lost probes marked. */
export function pingSection(p: PingView, charts: Charts): HTMLElement {
  const chart = h('div', { class: 'chart', id: 'chart-ping' });
  const rtt = p.rtt ? `Round trip: median ${ms(p.rtt.p50)}, p95 ${ms(p.rtt.p95)}, min ${ms(p.rtt.min)}, max ${ms(p.rtt.max)}.` : 'No replies.';
  const el = section(`Ping to ${p.host}`, 'ping',
    h('p', { class: 'stats', id: 'ping-stats' },
      h('strong', {}, `${pct(p.lossFraction)} loss`), ` (95 % interval ${interval(p.lossCi95)}): ${p.sent - p.received} of ${p.sent} unanswered in ${p.episodes} episodes, longest ${p.longestRun} in a row. ${rtt}`),
    h('figure', {}, chart, h('figcaption', {}, 'Round-trip time by sequence number; red ticks: no reply')),
    h('p', { class: 'muted' }, 'Losses come in bursts, so the real uncertainty is wider than the interval; routers may deprioritise ICMP.'));
  charts.mount(chart, pingChart(() => p));
  return el;
}

/** A ping chart for a live run, fed from `series`. */
export function livePingFigure(series: () => PingSeries, charts: Charts): HTMLElement {
  const chart = h('div', { class: 'chart', id: 'chart-ping-live' });
  const fig = h('figure', {}, chart, h('figcaption', {}, 'Round-trip time so far; red ticks: no reply'));
  charts.mount(chart, pingChart(series));
  return fig;
}
