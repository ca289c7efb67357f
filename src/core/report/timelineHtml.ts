import { english, type L10nBundle, type Localizer } from '../../shared/l10n/localizer';
import type { WatchRound } from '../watch/watchRound';
import { timelineView } from '../watch/timelineView';
import { standalonePage } from './htmlCsp';
import type { ReportAssets } from './reportHtml';

/**
 * A host's watch timeline as one self-contained HTML file: the panel's timeline page (verdict bands, the
 * delayed share and ping loss with their intervals, connect times, socket-buffer failcnt growth, each round's
 * evidence on click), drawn by the same bundle from embedded JSON under the strict standalone CSP.
 */
export function timelineHtml(
  label: string,
  rounds: readonly WatchRound[],
  assets: ReportAssets,
  opts: { l?: Localizer; bundle?: L10nBundle; time?: (ms: number) => string } = {},
): string {
  const l = opts.l ?? english;
  return standalonePage({
    title: l.t('VPS Doctor watch: {0}', label),
    css: assets.css,
    script: assets.script,
    data: { type: 'timeline', view: timelineView(label, rounds, opts.time, l) },
    view: 'report',
    l10n: { lang: l.lang, ...(l.lang !== 'en' && opts.bundle ? { bundle: opts.bundle } : {}) },
  });
}
