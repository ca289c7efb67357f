import * as vscode from 'vscode';
import type { ExportFormat } from '../../shared/protocol';
import { exportReport } from '../panels/reportExport';
import type { ProbeServices } from '../probes/probeServices';
import { hostIdOf } from './commandIds';
import { pickHost } from './pickHost';

/** The listed hosts with a stored result; the host of the latest result first when it is listed. */
async function hostsWithResults(s: ProbeServices): Promise<Set<string>> {
  const ids = await Promise.all(s.registry.targets.map(async (t) => ((await s.views.stored(t.id)) ? t.id : undefined)));
  return new Set(ids.filter((id): id is string => id !== undefined));
}

/** The host whose result a report command acts on: the node or id given, else picked among hosts with a result. */
async function resultHost(s: ProbeServices, arg: unknown, placeHolder: string): Promise<string> {
  const given = hostIdOf(arg);
  if (given !== undefined) return given;
  const withResults = await hostsWithResults(s);
  const latest = s.views.latestHost();
  // A saved file opened earlier is not a listed host, but it is a result the user may want back.
  if (withResults.size === 0 && latest !== undefined) return latest;
  return pickHost(s.registry, undefined, {
    placeHolder,
    eligible: (t) => withResults.has(t.id),
    none: vscode.l10n.t('No result yet: run the full diagnosis of a host first.'),
  });
}

/** Open Report: the host's report panel, from its stored result. */
export async function openReport(s: ProbeServices, arg: unknown): Promise<void> {
  const hostId = await resultHost(s, arg, vscode.l10n.t('Open the report of which host?'));
  if (!(await s.views.reveal(hostId))) {
    throw new Error(
      vscode.l10n.t(
        'No result of {0} is stored: run the full diagnosis first.',
        s.registry.target(hostId)?.label ?? hostId,
      ),
    );
  }
}

const formats = (): { label: string; description: string; format: ExportFormat }[] => [
  {
    label: 'HTML',
    description: vscode.l10n.t('a self-contained page with the charts, for a browser or a ticket'),
    format: 'html',
  },
  { label: 'Markdown', description: vscode.l10n.t('text with tables, for a ticket or a chat'), format: 'md' },
  {
    label: 'RESULT.json',
    description: vscode.l10n.t('the machine-readable result, for scripts or "Open a Saved Result…"'),
    format: 'json',
  },
];

/** Export Report: a format, whether public IPs stay (masked by default), and where to save. */
export async function exportReportCommand(s: ProbeServices, arg: unknown): Promise<void> {
  const hostId = await resultHost(s, arg, vscode.l10n.t('Export the report of which host?'));
  const report = await s.views.stored(hostId);
  if (report === undefined)
    throw new Error(
      vscode.l10n.t(
        'No result of {0} is stored: run the full diagnosis first.',
        s.registry.target(hostId)?.label ?? hostId,
      ),
    );
  const picked = await vscode.window.showQuickPick(formats(), {
    title: vscode.l10n.t('Export the report of {0}', report.target.label),
    placeHolder: vscode.l10n.t('Which format?'),
  });
  if (picked === undefined) throw new vscode.CancellationError();
  const saved = await exportReport(s.extensionUri, report, picked.format);
  if (saved === undefined) throw new vscode.CancellationError();
  s.log.info(`exported the report of ${report.target.label} to ${saved.fsPath}`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('VPS Doctor: saved {0}', vscode.workspace.asRelativePath(saved)),
  );
}
