import type { WatchRound } from '../watch/watchRound';
import { timelineView } from '../watch/timelineView';
import { standalonePage } from './htmlCsp';
import type { ReportAssets } from './reportHtml';

/**
 * A host's watch timeline as one self-contained HTML file: the panel's timeline page (verdict bands, the
 * delayed share and ping loss with their intervals, connect times, socket-buffer failcnt growth, each round's
 * evidence on click), drawn by the same bundle from embedded JSON under the strict standalone CSP.
 */
export function timelineHtml(label: string, rounds: readonly WatchRound[], assets: ReportAssets): string {
  return standalonePage({
    title: `VPS Doctor watch: ${label}`,
    css: assets.css,
    script: assets.script,
    data: { type: 'timeline', view: timelineView(label, rounds) },
    view: 'report',
  });
}
