import * as vscode from 'vscode';
import { loadReportAssets, reportHtml } from '../../core/report/reportHtml';
import { reportMarkdown } from '../../core/report/reportMarkdown';
import { maskResultIps } from '../../core/resultModel/resultIpMask';
import { serializeResult, type DiagnosisReport } from '../../core/resultModel/resultSchema';
import { english, type Localizer } from '../../shared/l10n/localizer';
import type { ExportFormat } from '../../shared/protocol';
import { displayLocalizer, displayPageL10n } from '../l10n';

/** The save dialog's file type filters, named in the display language. */
const filters = (format: ExportFormat): Record<string, string[]> =>
  format === 'html'
    ? { [vscode.l10n.t('HTML page')]: ['html'] }
    : format === 'md'
      ? { Markdown: ['md'] }
      : { 'RESULT.json': ['json'] };

/**
 * Asks where to save, whether public IP addresses may be included and, outside English, in which language
 * (VS Code's or English, for a support desk that reads English), then writes the report as a self-contained
 * HTML page, Markdown or RESULT.json (the same in every language). Returns the saved file, or undefined on cancel.
 */
export async function exportReport(
  extensionUri: vscode.Uri,
  report: DiagnosisReport,
  format: ExportFormat,
): Promise<vscode.Uri | undefined> {
  const keep = vscode.l10n.t('Include them');
  const mask = vscode.l10n.t('Mask them');
  const choice = await vscode.window.showQuickPick([mask, keep], {
    title: vscode.l10n.t('Public IP addresses in the exported report'),
    placeHolder: vscode.l10n.t('Masked addresses (203.0.x.x) are safer in tickets and shared files'),
  });
  if (choice === undefined) return undefined;
  const includePublicIps = choice === keep;
  const l = format === 'json' ? english : await askLanguage();
  if (l === undefined) return undefined;
  const stamp = report.createdAt.slice(0, 10);
  const base = `vps-doctor-${report.target.label.replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(`${base}.${format === 'json' ? 'result.json' : format}`),
    filters: filters(format),
    saveLabel: vscode.l10n.t('Save Report'),
  });
  if (!target) return undefined;
  let text: string;
  if (format === 'md') text = reportMarkdown(report, { includePublicIps, l });
  else if (format === 'json') text = serializeResult(includePublicIps ? report : maskResultIps(report));
  else text = reportHtml(report, await loadReportAssets(extensionUri.fsPath), { includePublicIps, l, ...bundleOf(l) });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  return target;
}

/** The display language, or English when the user picks it; no question when the display is English. */
async function askLanguage(): Promise<Localizer | undefined> {
  const display = displayLocalizer();
  if (display.lang === 'en') return english;
  const here = { label: vscode.l10n.t('In the language of VS Code'), l: display };
  const en = { label: 'English', description: vscode.l10n.t('for a support desk that reads English'), l: english };
  const picked = await vscode.window.showQuickPick([here, en], {
    title: vscode.l10n.t('Language of the exported report'),
  });
  return picked?.l;
}

function bundleOf(l: Localizer): { bundle?: NonNullable<ReturnType<typeof displayPageL10n>['bundle']> } {
  const page = displayPageL10n(l);
  return page.bundle === undefined ? {} : { bundle: page.bundle };
}
