import type uPlot from 'uplot';
import type { TimelineRoundView, TimelineView } from '../shared/timelineView';
import { axis, drawInPlot, type Charts, type ChartSpec } from './chartFrame';
import { h, ms, pct } from './dom';
import { gradeName } from '../shared/l10n/terms';
import { pageLocalizer, t } from './l10n';
import type { Palette } from './theme';

/** Charts of one timeline share their cursor and their zoom. */
const SYNC = 'vpsd-timeline';

const seconds = (v: TimelineView): number[] => v.rounds.map((r) => r.atMs / 1000);
const percent = (x: number | null): number | null => (x === null ? null : x * 100);

/**
 * Verdict bands behind the data: each round's slot (up to the next round) is tinted by its verdict, strong for
 * the SYN-drop verdicts, faint for other problems, grey for a failed round, none when healthy.
 */
function drawBands(u: uPlot, v: TimelineView, p: Palette): void {
  const rounds = v.rounds;
  if (rounds.length === 0) return;
  drawInPlot(u, (ctx, box) => {
    rounds.forEach((r, i) => {
      if (r.verdict === 'healthy') return;
      const next = rounds[i + 1]?.atMs ?? r.atMs + (i > 0 ? r.atMs - rounds[i - 1]!.atMs : 60_000);
      const x0 = Math.max(box.left, u.valToPos(r.atMs / 1000, 'x', true));
      const x1 = Math.min(box.left + box.width, u.valToPos(next / 1000, 'x', true));
      if (x1 <= x0) return;
      ctx.globalAlpha = r.synDrop ? 0.28 : 0.12;
      ctx.fillStyle = r.verdict === null ? p.muted : r.synDrop ? p.k2 : p.k1;
      ctx.fillRect(x0, box.top, x1 - x0, box.height);
    });
  });
}

/** Delayed share with its interval, pooled ping loss with its interval, over the verdict bands. */
function lossChart(v: TimelineView): ChartSpec {
  const r = v.rounds;
  return {
    height: 260,
    label: t('Verdict bands, the delayed share of each burst and the pooled ping loss, with their 95 % intervals'),
    data: () =>
      [
        seconds(v),
        r.map((x) => percent(x.delayed)),
        r.map((x) => percent(x.delayedCi95?.[0] ?? null)),
        r.map((x) => percent(x.delayedCi95?.[1] ?? null)),
        r.map((x) => percent(x.pingLoss)),
        r.map((x) => percent(x.pingLossCi95?.[1] ?? null)),
      ] as uPlot.AlignedData,
    options: (p) => ({
      legend: { show: true },
      cursor: { drag: { x: true, y: false }, sync: { key: SYNC } },
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, Math.max(10, Math.min(100, (max ?? 0) * 1.15))] },
      },
      axes: [axis(p), axis(p, { label: t('% of probes'), size: 60 })],
      series: [
        {},
        {
          label: t('delayed connects'),
          stroke: p.k2,
          width: 2,
          points: { show: r.length <= 400, size: 4, fill: p.k2 },
        },
        { label: t('delayed, 95 % low'), stroke: p.k2, width: 1, dash: [4, 4] },
        { label: t('delayed, 95 % high'), stroke: p.k2, width: 1, dash: [4, 4] },
        { label: t('ping loss (pooled)'), stroke: p.line, width: 2 },
        { label: t('ping loss, 95 % high'), stroke: p.line, width: 1, dash: [2, 4] },
      ],
      hooks: { drawClear: [(u: uPlot) => drawBands(u, v, p)] },
    }),
  };
}

function connectChart(v: TimelineView): ChartSpec {
  return {
    height: 200,
    label: t('Connect time percentiles of each burst'),
    data: () => [seconds(v), v.rounds.map((r) => r.connectP50), v.rounds.map((r) => r.connectP90)] as uPlot.AlignedData,
    options: (p) => ({
      legend: { show: true },
      cursor: { drag: { x: true, y: false }, sync: { key: SYNC } },
      scales: { x: { time: true } },
      axes: [axis(p), axis(p, { label: t('connect (ms)'), size: 60 })],
      series: [
        {},
        { label: t('median'), stroke: p.fast, width: 2 },
        { label: t('90th percentile'), stroke: p.k1, width: 2 },
      ],
    }),
  };
}

function sockbufChart(v: TimelineView): ChartSpec {
  return {
    height: 160,
    label: t('Growth of the tcpsndbuf, tcprcvbuf and othersockbuf failcnt during each burst'),
    data: () => [seconds(v), v.rounds.map((r) => r.sockbufFailcnt)] as uPlot.AlignedData,
    options: (p) => ({
      legend: { show: true },
      cursor: { drag: { x: true, y: false }, sync: { key: SYNC } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, (max ?? 0) * 1.15)] } },
      axes: [axis(p), axis(p, { label: 'failcnt +', size: 60 })],
      series: [{}, { label: t('socket-buffer failcnt growth'), stroke: p.band, width: 2 }],
    }),
  };
}

/** The evidence of one round, shown under the charts when the round is clicked. */
function roundDetail(r: TimelineRoundView): HTMLElement {
  return h(
    'div',
    { id: 'timeline-round' },
    h(
      'h3',
      {},
      `${t('Round {0}, {1}: {2}', r.seq, new Date(r.atMs).toLocaleString(pageLocalizer().lang), r.title)}${r.confidence ? t(' ({0} confidence)', gradeName(r.confidence, pageLocalizer())) : ''}${r.changed ? t(', changed') : ''}`,
    ),
    h('p', {}, r.summary),
    h(
      'p',
      {},
      [
        r.delayed === null ? '' : t('Delayed connects {0}.', pct(r.delayed)),
        r.connectP50 === null ? '' : t(' Median connect {0}.', ms(r.connectP50)),
        r.pingLoss === null ? '' : t(' Ping loss {0} (pooled).', pct(r.pingLoss)),
      ].join(''),
    ),
    h('ul', {}, ...r.evidence.map((e) => h('li', e.decisive ? { class: 'decisive' } : {}, `${e.label}: ${e.value}`))),
  );
}

/**
 * A host's watch timeline: the signature-window sentence, then three synchronised, zoomable charts (drag to
 * zoom, double-click to reset) over hours to days of rounds. Clicking a round shows its full evidence.
 */
export function renderTimeline(root: HTMLElement, v: TimelineView, charts: Charts): void {
  charts.clear();
  const detail = h(
    'div',
    { id: 'timeline-detail' },
    h('p', {}, v.rounds.length === 0 ? t('No round has run yet.') : t('Click a round in a chart to see its evidence.')),
  );
  const boxes = [lossChart(v), connectChart(v), sockbufChart(v)].map((s, i) => {
    const el = h('div', { class: 'chart', id: `timeline-chart-${i}` });
    charts.mount(el, s);
    // A click (not a drag) picks the round under the cursor.
    let down: number | undefined;
    el.addEventListener('mousedown', (e) => {
      down = e.clientX;
    });
    el.addEventListener('click', (e) => {
      if (down !== undefined && Math.abs(e.clientX - down) > 3) return;
      const idx = nearestRound(v, el, charts.plotOf(el), e.clientX);
      if (idx !== undefined) detail.replaceChildren(roundDetail(v.rounds[idx]!));
    });
    return el;
  });
  root.replaceChildren(
    h('h1', {}, v.title),
    h('p', { id: 'timeline-headline' }, v.headline),
    h(
      'p',
      { class: 'muted' },
      t(
        '{0} rounds. Shaded: red for a SYN-drop verdict, orange for another problem, grey for a failed round. Drag to zoom, double-click to zoom out.',
        v.rounds.length,
      ),
    ),
    ...boxes,
    detail,
  );
}

/** The round nearest the clicked x position, read from the chart's own scale. */
function nearestRound(v: TimelineView, el: HTMLElement, plot: uPlot | null, clientX: number): number | undefined {
  const over = el.querySelector('.u-over');
  if (!(over instanceof HTMLElement) || plot === null || v.rounds.length === 0) return undefined;
  const x = plot.posToVal(clientX - over.getBoundingClientRect().left, 'x') * 1000;
  let best = 0;
  v.rounds.forEach((r, i) => {
    if (Math.abs(r.atMs - x) < Math.abs(v.rounds[best]!.atMs - x)) best = i;
  });
  return best;
}
