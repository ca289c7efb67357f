import type { ResourceView } from '../shared/reportView';
import { formatBytes, formatInteger } from '../shared/units';
import { h, section } from './dom';
import { t } from './l10n';

/** Bytes per page on x86 (docs/method.md §1.4). */
const PAGE_BYTES = 4096;

const value = (n: number | null, unit: ResourceView['unit']): string =>
  n === null
    ? t('unlimited')
    : unit === 'count'
      ? formatInteger(n)
      : formatBytes(unit === 'pages' ? n * PAGE_BYTES : n);

/** Share of `scale` as a CSS width, clipped to the track. */
const share = (n: number, scale: number): string => `${Math.min(100, Math.max(0, (n / scale) * 100)).toFixed(2)}%`;

/** Rows whose failcnt is growing first, then by severity, then in the file's order. */
function ordered(rows: ResourceView[]): ResourceView[] {
  const rank = (r: ResourceView): number =>
    (r.failcntDelta ?? 0) > 0 ? 0 : r.severity === 'critical' ? 1 : r.severity === 'warn' ? 2 : r.failcnt > 0 ? 3 : 4;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map((x) => x.r);
}

/**
 * One bar per beancounter: held (solid) and maxheld (light) against the track of the limit (or the barrier
 * when the limit is unlimited), the barrier as a tick, and failcnt with its growth. Widths are set through
 * the CSSOM (allowed by the CSP), never through a style attribute.
 */
export function beancounterSection(bc: { container: string; rows: ResourceView[] }): HTMLElement {
  return section(
    t('OpenVZ beancounters (container {0})', bc.container),
    'beancounters',
    h(
      'p',
      { class: 'muted' },
      t('Solid: held now. Light: maxheld, the peak since the container started. Tick: the barrier. Track: the limit.'),
    ),
    h('div', { class: 'bc-list' }, ...ordered(bc.rows).map(row)),
  );
}

function row(r: ResourceView): HTMLElement {
  const scale = r.limit !== null && r.limit > 0 ? r.limit : r.barrier !== null && r.barrier > 0 ? r.barrier : null;
  const track = h('div', { class: 'bc-track' });
  if (scale !== null) {
    const max = h('div', { class: 'bc-maxheld' });
    max.style.width = share(r.maxheld, scale);
    const held = h('div', { class: 'bc-held' });
    held.style.width = share(r.held, scale);
    track.append(max, held);
    if (r.barrier !== null && r.barrier > 0 && r.barrier < scale) {
      const tick = h('div', { class: 'bc-barrier' });
      tick.style.left = share(r.barrier, scale);
      track.append(tick);
    }
    if (Math.max(r.held, r.maxheld) > scale) track.classList.add('bc-over');
  } else {
    track.classList.add('bc-unlimited');
    track.append(h('span', {}, t('unlimited')));
  }
  const growth = r.failcntDelta === null ? '' : r.failcntDelta > 0 ? ` (+${formatInteger(r.failcntDelta)})` : ' (+0)';
  return h(
    'div',
    { class: `bc-row severity-${r.severity}${(r.failcntDelta ?? 0) > 0 ? ' growing' : ''}` },
    h('span', { class: 'bc-name mono' }, r.name),
    track,
    h(
      'span',
      { class: 'bc-nums' },
      t(
        '{0} held · {1} peak · barrier {2} · limit {3}',
        value(r.held, r.unit),
        value(r.maxheld, r.unit),
        value(r.barrier, r.unit),
        value(r.limit, r.unit),
      ),
    ),
    h('span', { class: 'bc-fail' }, `failcnt ${formatInteger(r.failcnt)}${growth}`),
  );
}
