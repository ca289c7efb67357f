import * as vscode from 'vscode';
import type { TimelineView } from '../../shared/timelineView';
import { formatParseError } from '../../core/result';
import { parseResultJson } from '../../core/resultModel/resultParse';
import type { DiagnosisReport } from '../../core/resultModel/resultSchema';
import { LatestResultView } from './latestResultView';
import type { ProgressUpdate } from './liveRun';
import { ReportPanels, type ReportViewDeps } from './reportPanels';
import { ReportStore } from './reportStore';
import { LATEST_RESULT_VIEW, REPORT_PANEL_TYPE } from './reportViewIds';

export type { ReportViewDeps } from './reportPanels';
export type { ProgressUpdate } from './liveRun';

/** What the rest of the extension calls to show results. */
export interface ReportViews {
  /** Clears this host's panel for a new run and opens it beside the editor without taking focus. */
  startRun(hostId: string, label: string): void;
  /** One step of the running probe: the panel's charts fill in as it arrives. */
  progress(hostId: string, label: string, update: ProgressUpdate): void;
  /** The finished result: shown in the host's panel and in "Latest Result", and kept for export. */
  show(hostId: string, report: DiagnosisReport): Promise<void>;
  /** Reveals the host's report panel; false when no result of it is stored. */
  reveal(hostId: string): Promise<boolean>;
  /** The host's latest stored result, if any (for export). */
  stored(hostId: string): Promise<DiagnosisReport | undefined>;
  /** The host of the most recent result shown, if any. */
  latestHost(): string | undefined;
  /** A host's watch timeline in its panel; with `reveal` false, only a panel already showing it is refreshed. */
  showTimeline(hostId: string, label: string, view: TimelineView, reveal?: boolean): void;
  /** "Open a Saved Result…": asks for a RESULT.json, validates it and shows it (registered with the other commands). */
  openFile(): Promise<void>;
}

/**
 * Registers the report panel (with its serializer, so panels come back after a reload) and the "Latest
 * Result" sidebar view; every disposable goes to the context. The commands are registered from the one
 * command list (src/host/commands/commandIds.ts) by the caller.
 */
export function registerReportViews(context: vscode.ExtensionContext, deps: ReportViewDeps): ReportViews {
  const store = new ReportStore(context, deps.log);
  const panels = new ReportPanels(context.extensionUri, store, deps);
  const latest = new LatestResultView(context.extensionUri, store, (id) => panels.reveal(id), deps.log);
  context.subscriptions.push(
    panels,
    latest,
    vscode.window.registerWebviewPanelSerializer(REPORT_PANEL_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => panels.restore(panel, state),
    }),
    vscode.window.registerWebviewViewProvider(LATEST_RESULT_VIEW, latest),
  );
  const show = async (hostId: string, report: DiagnosisReport): Promise<void> => {
    await panels.show(hostId, report);
    latest.update(hostId, report);
  };
  return {
    startRun: (hostId, label) => panels.startRun(hostId, label),
    progress: (hostId, label, update) => panels.progress(hostId, label, update),
    show,
    reveal: (hostId) => panels.reveal(hostId),
    stored: (hostId) => store.get(hostId),
    latestHost: () => store.latestHost(),
    openFile: () => openResultFile(show),
    showTimeline: (hostId, label, view, reveal) => panels.showTimeline(hostId, label, view, reveal),
  };
}

/** Asks for a RESULT.json, validates it and shows it; a bad file is one clear error naming the field. */
async function openResultFile(show: (hostId: string, report: DiagnosisReport) => Promise<void>): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'RESULT.json': ['json'] },
    openLabel: vscode.l10n.t('Open Result'),
  });
  const uri = picked?.[0];
  if (!uri) throw new vscode.CancellationError();
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const parsed = parseResultJson(text, vscode.workspace.asRelativePath(uri));
  if (!parsed.ok) throw new Error(formatParseError(parsed.error));
  // A saved file is its own "host": its panel is keyed by the file, so it never replaces a live host's panel.
  await show(`file:${uri.toString()}`, parsed.value);
}
