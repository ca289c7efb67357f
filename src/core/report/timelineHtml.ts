import { english, type L10nBundle, type Localizer } from '../../shared/l10n/localizer';
import type { WatchRound } from '../watch/watchRound';
import { timelineTitle, timelineView } from '../watch/timelineView';
import { standalonePage } from './htmlCsp';
import type { ReportAssets } from './reportHtml';

export interface TimelineHtmlOptions {
  /** The language of the page (English by default). */
  l?: Localizer;
  /** The bundle of that language, loaded by the page script for its own labels (none for English). */
  bundle?: L10nBundle;
  /** Formats a moment in the headline; local `HH:MM` by default. */
  time?: (ms: number) => string;
}

/**
 * A host's watch timeline as one self-contained HTML file: the panel's timeline page (verdict bands, the
 * delayed share and ping loss with their intervals, connect times, socket-buffer failcnt growth, each round's
 * evidence on click), drawn by the same bundle from embedded JSON under the strict standalone CSP.
 */
export function timelineHtml(
  label: string,
  rounds: readonly WatchRound[],
  assets: ReportAssets,
  o: TimelineHtmlOptions = {},
): string {
  const l = o.l ?? english;
  return standalonePage({
    title: timelineTitle(label, l),
    css: assets.css,
    script: assets.script,
    data: { type: 'timeline', view: timelineView(label, rounds, o.time, l) },
    view: 'report',
    ...(l.lang === 'en' ? {} : { l10n: { lang: l.lang, ...(o.bundle ? { bundle: o.bundle } : {}) } }),
  });
}
