import type { LatestView } from '../shared/reportView';
import type { Bridge } from './bridge';
import { h, interval, pct } from './dom';
import { gradeName } from '../shared/l10n/terms';
import { pageLocalizer, t } from './l10n';
import { attemptColour, palette } from './theme';

/**
 * The "Latest Result" view: the verdict line, a strip with one mark per burst attempt coloured by k, ping
 * loss with its interval and the fastest-growing failcnt; each opens the full report.
 */
export function renderSidebar(root: HTMLElement, latest: LatestView | null, bridge: Bridge): void {
  if (!latest) {
    root.replaceChildren(h('p', { class: 'muted' }, t('No result yet. Run a diagnosis on a host to see it here.')));
    return;
  }
  const open = (): void => bridge.post({ type: 'openReport', hostId: latest.hostId });
  const link = (text: string, cls: string): HTMLElement => {
    const a = h('a', { href: '#', class: cls, title: t('Open the full report') }, text);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      open();
    });
    return a;
  };
  const strip = h('canvas', { class: 'strip', role: 'img', 'aria-label': stripLabel(latest.strip) });
  strip.addEventListener('click', open);
  const parts: (HTMLElement | null)[] = [
    h('p', { class: 'side-title' }, latest.title),
    h('p', {}, link(latest.verdictTitle, 'side-verdict'), t(' ({0})', gradeName(latest.confidence, pageLocalizer()))),
    h('p', { class: 'muted' }, latest.summary),
    strip,
    latest.ping
      ? h(
          'p',
          {},
          link(t('Ping loss {0}', pct(latest.ping.lossFraction)), 'side-ping'),
          t(' (95 % interval {0}, {1} sent)', interval(latest.ping.lossCi95), latest.ping.sent),
        )
      : null,
    latest.topFailcnt
      ? h(
          'p',
          {},
          link(`${latest.topFailcnt.name} failcnt +${latest.topFailcnt.delta}`, 'side-failcnt'),
          t(' since the baseline'),
        )
      : null,
  ];
  root.replaceChildren(...parts.filter((x): x is HTMLElement => x !== null));
  drawStrip(strip, latest.strip);
}

function stripLabel(strip: number[]): string {
  const delayed = strip.filter((k) => k > 0).length;
  const failed = strip.filter((k) => k === -1).length;
  return t('{0} attempts: {1} delayed, {2} failed', strip.length, delayed, failed);
}

/** One mark per attempt, as wide as the view allows (at least one pixel). */
export function drawStrip(canvas: HTMLCanvasElement, strip: number[]): void {
  const p = palette();
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(100, canvas.clientWidth || 240);
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(14 * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx || strip.length === 0) return;
  const w = canvas.width / strip.length;
  strip.forEach((k, i) => {
    ctx.fillStyle = attemptColour(p, k < 0 ? null : k, k === -1 ? 'failed' : 'ok');
    ctx.fillRect(Math.floor(i * w), 0, Math.max(1, Math.ceil(w) - (w > 3 ? 1 : 0)), canvas.height);
  });
}
