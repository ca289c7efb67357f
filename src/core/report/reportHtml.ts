import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { english, type L10nBundle, type Localizer } from '../../shared/l10n/localizer';
import { verdictTitle } from '../../shared/reportView';
import { standalonePage } from './htmlCsp';
import { maskResultIps } from '../resultModel/resultIpMask';
import type { DiagnosisReport } from '../resultModel/resultSchema';
import { resultView } from '../resultModel/resultView';

/** The webview bundle and its stylesheet, inlined into an exported page. */
export interface ReportAssets {
  /** dist/webview.js */
  script: string;
  /** media/report.css */
  css: string;
}

export interface HtmlOptions {
  /** Keep public IP addresses; by default they are masked, as in the Markdown export. */
  includePublicIps: boolean;
  /** The language of the page (English by default). */
  l?: Localizer;
  /** The bundle of that language, loaded by the page script for its own labels (none for English). */
  bundle?: L10nBundle;
}

/**
 * The report as one self-contained HTML file: the same page and charts as the panel, drawn by the same
 * bundle from data embedded as JSON, under its own strict CSP (see `standalonePage`). Opens offline.
 */
export function reportHtml(report: DiagnosisReport, assets: ReportAssets, opts: HtmlOptions): string {
  const l = opts.l ?? english;
  const r = opts.includePublicIps ? report : maskResultIps(report);
  return standalonePage({
    title: `VPS Doctor: ${r.target.label}: ${verdictTitle(r.diagnosis.verdict, l)}`,
    css: assets.css,
    script: assets.script,
    data: { type: 'report', view: resultView(r, l) },
    view: 'report',
    l10n: { lang: l.lang, ...(l.lang !== 'en' && opts.bundle ? { bundle: opts.bundle } : {}) },
  });
}

/**
 * Reads the assets from an installed extension or a built checkout: `<root>/dist/webview.js` and
 * `<root>/media/report.css`. Rejects with the fs error when one is missing (run the build first).
 */
export async function loadReportAssets(root: string): Promise<ReportAssets> {
  const [script, css] = await Promise.all([
    readFile(join(root, 'dist', 'webview.js'), 'utf8'),
    readFile(join(root, 'media', 'report.css'), 'utf8'),
  ]);
  return { script, css };
}
