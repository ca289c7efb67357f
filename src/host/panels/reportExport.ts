import * as vscode from 'vscode';
import { loadReportAssets, reportHtml } from '../../core/report/reportHtml';
import { reportMarkdown } from '../../core/report/reportMarkdown';
import { maskResultIps } from '../../core/resultModel/resultIpMask';
import { serializeResult, type DiagnosisReport } from '../../core/resultModel/resultSchema';
import type { ExportFormat } from '../../shared/protocol';

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  html: { 'HTML page': ['html'] },
  md: { Markdown: ['md'] },
  json: { 'RESULT.json': ['json'] },
};

/**
 * Asks where to save, and whether public IP addresses may be included, then writes the report as a
 * self-contained HTML page, Markdown or RESULT.json. Returns the saved file, or undefined on cancel.
 */
export async function exportReport(extensionUri: vscode.Uri, report: DiagnosisReport, format: ExportFormat): Promise<vscode.Uri | undefined> {
  const keep = vscode.l10n.t('Include them');
  const mask = vscode.l10n.t('Mask them');
  const choice = await vscode.window.showQuickPick([mask, keep], {
    title: vscode.l10n.t('Public IP addresses in the exported report'),
    placeHolder: vscode.l10n.t('Masked addresses (203.0.x.x) are safer in tickets and shared files'),
  });
  if (choice === undefined) return undefined;
  const includePublicIps = choice === keep;
  const stamp = report.createdAt.slice(0, 10);
  const base = `vps-doctor-${report.target.label.replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(`${base}.${format === 'json' ? 'result.json' : format}`),
    filters: FILTERS[format],
    saveLabel: vscode.l10n.t('Save Report'),
  });
  if (!target) return undefined;
  let text: string;
  if (format === 'md') text = reportMarkdown(report, { includePublicIps });
  else if (format === 'json') text = serializeResult(includePublicIps ? report : maskResultIps(report));
  else text = reportHtml(report, await loadReportAssets(extensionUri.fsPath), { includePublicIps });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  return target;
}
