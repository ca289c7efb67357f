import * as vscode from 'vscode';
import { analyzeBeancounterText } from '../../core/beancounters/analyzeBeancounters';
import { beancounterMarkdown } from '../../core/report/beancounterMarkdown';
import { formatParseError } from '../../core/result';
import { displayLocalizer } from '../l10n';
import { openMarkdown } from './openMarkdown';

/**
 * Reads a saved copy of /proc/user_beancounters (e.g. one a support desk sent, or `sudo cat` output) and
 * opens the explained table as a Markdown preview. Works with no server at all.
 */
export async function analyzeFile(log: vscode.LogOutputChannel, uri?: vscode.Uri): Promise<void> {
  const target =
    uri instanceof vscode.Uri
      ? uri
      : (
          await vscode.window.showOpenDialog({
            canSelectMany: false,
            openLabel: vscode.l10n.t('Analyze'),
            title: vscode.l10n.t('Choose a saved copy of /proc/user_beancounters'),
          })
        )?.[0];
  if (!target) throw new vscode.CancellationError();
  const bytes = await vscode.workspace.fs.readFile(target);
  const l = displayLocalizer();
  const analysis = analyzeBeancounterText(new TextDecoder().decode(bytes), target.fsPath, undefined, l);
  if (!analysis.ok) {
    log.warn(`analyze ${target.fsPath}: ${formatParseError(analysis.error)}`);
    throw new Error(formatParseError(analysis.error, l));
  }
  log.info(`analyzed ${target.fsPath}: ${analysis.value.containers.length} container(s)`);
  await openMarkdown(beancounterMarkdown(analysis.value, { title: target.fsPath, l }));
}
