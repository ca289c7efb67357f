import type { BurstView, PingView } from '../shared/reportView';
import { burstChart, histogramChart, keepAliveChart } from './burstChart';
import type { Charts } from './chartFrame';
import { custom, h, interval, ms, pct, section } from './dom';
import { msg } from '../shared/l10n/localizer';
import { t } from './l10n';
import { pingChart, type PingSeries } from './pingChart';

const POSITION = {
  'front-fast-then-delayed': msg(
    'the first attempts went through, the delays came after them: the signature of a per-source SYN limit',
  ),
  random: msg(
    'spread over the burst rather than bunched after its first attempts (the verdict weighs this with the ping and the server counters)',
  ),
  none: msg('no attempt was delayed'),
} as const;

function legend(): HTMLElement {
  const item = (cls: string, text: string): HTMLElement =>
    h('span', { class: 'legend-item' }, h('span', { class: `swatch ${cls}` }), text);
  return h(
    'p',
    { class: 'legend' },
    item('swatch-fast', t('k = 0 (no SYN lost)')),
    item('swatch-k1', 'k = 1'),
    item('swatch-k2', 'k ≥ 2'),
    item('swatch-latency', t('slow without a retransmission')),
    item('swatch-failed', t('× failed')),
    item('swatch-band', t('SYN retransmission points')),
  );
}

/** Burst stats in one line: delayed with its interval, failed, where in the burst. */
export function burstStats(b: BurstView): string {
  const n = b.attempts.length;
  const position =
    b.firstDelayedIndex === null
      ? t(POSITION[b.positionSignature])
      : t('{0} (first delayed: #{1})', t(POSITION[b.positionSignature]), b.firstDelayedIndex);
  return t(
    '{0} of {1} delayed by SYN retransmission ({2}, 95 % interval {3}), {4} failed; {5}. Baseline round trip {6}.',
    b.delayed,
    n,
    pct(n > 0 ? b.delayed / n : 0),
    interval(b.delayedCi95),
    b.failed,
    position,
    ms(b.baselineRttMs),
  );
}

function keepAliveText(b: BurstView): string {
  const k = b.keepAlive;
  const why = k.error ? `: ${k.error}` : '';
  if (b.mode === 'tcp')
    return k.failed === 0
      ? t('One connection opened before the burst stayed up through it{0}.', why)
      : t('The held connection was lost{0}.', why);
  return t('{0} requests over one kept-alive connection, {1} failed{2}.', k.requests, k.failed, why);
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
  const caption = h('figcaption', {}, t('Connect time of every attempt by its position in the burst'));
  const el = section(
    `${t('Burst: {0} new connections, {1} at a time', b.count, b.concurrency)}${live ? '' : ` (${b.mode === 'http' ? 'HTTP' : 'TCP'})`}`,
    'burst',
    live
      ? h('figure', {}, main, caption)
      : h(
          'div',
          { class: 'pair' },
          h('figure', { class: 'wide' }, main, caption),
          h(
            'figure',
            { class: 'narrow' },
            control,
            h('figcaption', { id: 'keepalive-text' }, t('Keep-alive control: {0}', keepAliveText(b))),
          ),
        ),
    legend(),
    h('p', { class: 'stats', id: 'burst-stats' }, live ? '' : burstStats(b)),
    h('figure', { class: 'histogram' }, hist, h('figcaption', {}, t('Inferred SYN retransmissions per attempt (k)'))),
    live ? null : h('p', { class: 'muted' }, t('Client schedule: {0}.', b.scheduleSource)),
    live ? null : attemptTable(b),
  );
  charts.mount(main, burstChart(get));
  if (!live) charts.mount(control, keepAliveChart(get));
  charts.mount(hist, histogramChart(get));
  return el;
}

function attemptTable(b: BurstView): HTMLElement {
  return custom(
    'vscode-collapsible',
    { heading: t('Every attempt ({0})', b.attempts.length) },
    h(
      'table',
      { class: 'attempts' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { class: 'num' }, '#'),
          h('th', { class: 'num' }, t('connect')),
          h('th', { class: 'num' }, 'k'),
          h('th', {}, t('result')),
        ),
      ),
      h(
        'tbody',
        {},
        ...b.attempts.map((a) =>
          h(
            'tr',
            { class: `kind-${a.kind}` },
            h('td', { class: 'num' }, String(a.index)),
            h('td', { class: 'num' }, a.connectMs === null ? '–' : ms(a.connectMs)),
            h('td', { class: 'num' }, a.k === null ? '–' : String(a.k)),
            h(
              'td',
              {},
              a.kind === 'failed'
                ? `${t('failed')}${a.error ? ` (${a.error})` : ''}`
                : a.kind === 'latency'
                  ? t('slow, no retransmission')
                  : a.kind === 'retransmit'
                    ? t('SYN retransmitted')
                    : t('fast'),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Ping loss with its interval, then RTT over time with the lost probes marked. */
export function pingSection(p: PingView, charts: Charts): HTMLElement {
  const chart = h('div', { class: 'chart', id: 'chart-ping' });
  const rtt = p.rtt
    ? t(
        'Round trip: median {0}, p95 {1}, min {2}, max {3}.',
        ms(p.rtt.p50),
        ms(p.rtt.p95),
        ms(p.rtt.min),
        ms(p.rtt.max),
      )
    : t('No replies.');
  const el = section(
    t('Ping to {0}', p.host),
    'ping',
    h(
      'p',
      { class: 'stats', id: 'ping-stats' },
      h('strong', {}, t('{0} loss', pct(p.lossFraction))),
      t(
        ' (95 % interval {0}): {1} of {2} unanswered in {3} episodes, longest {4} in a row. {5}',
        interval(p.lossCi95),
        p.sent - p.received,
        p.sent,
        p.episodes,
        p.longestRun,
        rtt,
      ),
    ),
    h('figure', {}, chart, h('figcaption', {}, t('Round-trip time by sequence number; red ticks: no reply'))),
    h(
      'p',
      { class: 'muted' },
      t('Losses come in bursts, so the real uncertainty is wider than the interval; routers may deprioritise ICMP.'),
    ),
  );
  charts.mount(
    chart,
    pingChart(() => p),
  );
  return el;
}

/** A ping chart for a live run, fed from `series`. */
export function livePingFigure(series: () => PingSeries, charts: Charts): HTMLElement {
  const chart = h('div', { class: 'chart', id: 'chart-ping-live' });
  const fig = h('figure', {}, chart, h('figcaption', {}, t('Round-trip time so far; red ticks: no reply')));
  charts.mount(chart, pingChart(series));
  return fig;
}
