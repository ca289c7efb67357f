import * as vscode from 'vscode';
import { sshErrorText } from '../../core/ssh/sshErrors';
import type { DiagnosisReport } from '../../core/resultModel/resultSchema';
import { resultView } from '../../core/resultModel/resultView';
import type { TimelineView } from '../../shared/timelineView';
import { displayLocalizer } from '../l10n';
import { parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../../shared/protocol';
import { reportSummaryText } from '../../shared/reportView';
import { isReportView, isRecord } from '../../shared/reportViewCheck';
import { LiveRun, type ProgressUpdate } from './liveRun';
import { exportReport } from './reportExport';
import type { ReportStore } from './reportStore';
import { REPORT_PANEL_TYPE } from './reportViewIds';
import { setUpWebview } from './webviewSetup';

/** What the report views ask of the rest of the extension. */
export interface ReportViewDeps {
  log: vscode.LogOutputChannel;
  /** Runs the full diagnosis of this host again (its results come back through `show`). */
  rerun(hostId: string): unknown;
  /** Runs the connection-rate sweep against this host. */
  sweep(hostId: string): unknown;
}

interface Entry {
  hostId: string;
  panel: vscode.WebviewPanel;
  ready: boolean;
  live?: LiveRun;
  /** Set while the panel shows the host's watch timeline instead of a report. */
  timeline?: TimelineView;
  flush?: ReturnType<typeof setTimeout>;
}

/** Live updates are batched: at most one message per this many ms. */
const FLUSH_MS = 100;

/**
 * The report panels: one per host beside the editor, revealed rather than duplicated, restored after a
 * reload from the state the webview saved. Every message from a panel is validated before use.
 */
export class ReportPanels implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ReportStore,
    private readonly deps: ReportViewDeps,
  ) {}

  /** Shows a finished report in this host's panel (and ends its live run). */
  async show(hostId: string, report: DiagnosisReport): Promise<void> {
    await this.store.put(hostId, report);
    const e = this.open(hostId, report.target.label);
    e.live = undefined;
    e.timeline = undefined;
    if (e.ready) this.post(e, { type: 'report', hostId: e.hostId, view: resultView(report, displayLocalizer()) });
  }

  /** Shows a host's watch timeline in its panel; `reveal` false only refreshes a panel already showing it. */
  showTimeline(hostId: string, label: string, view: TimelineView, reveal = true): void {
    const known = this.entries.get(hostId);
    if (!reveal && known?.timeline === undefined) return;
    const e = known ?? this.open(hostId, label);
    if (reveal) e.panel.reveal(undefined, false);
    e.live = undefined;
    e.timeline = view;
    if (e.ready) this.post(e, { type: 'timeline', view });
  }

  /** Feeds a running probe's progress to this host's panel, opening it without taking focus. */
  progress(hostId: string, label: string, update: ProgressUpdate): void {
    const e = this.open(hostId, label, true);
    e.live ??= new LiveRun();
    e.live.add(update);
    if (e.ready && !e.flush) {
      e.flush = setTimeout(() => {
        e.flush = undefined;
        for (const m of e.live?.flush(false) ?? []) this.post(e, m);
      }, FLUSH_MS);
    }
  }

  /** Starts a new live run in this host's panel (clears the previous run's charts). */
  startRun(hostId: string, label: string): void {
    const e = this.open(hostId, label, true);
    e.live = new LiveRun();
    if (e.ready) for (const m of e.live.flush(true)) this.post(e, m);
  }

  /** Reveals this host's report: its open panel, or a new one from the stored result. False when there is none. */
  async reveal(hostId: string): Promise<boolean> {
    const open = this.entries.get(hostId);
    if (open) {
      open.panel.reveal(undefined, false);
      return true;
    }
    const report = await this.store.get(hostId);
    if (!report) return false;
    await this.show(hostId, report);
    return true;
  }

  /** The serializer's half: a panel VS Code restored after a reload, with the state its webview saved. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const hostId = isRecord(state) && typeof state.hostId === 'string' ? state.hostId : undefined;
    const view = isRecord(state) && isReportView(state.view) ? state.view : undefined;
    if (!hostId || this.entries.has(hostId)) {
      // Nothing to show, or the host already has a panel: never two panels for one host.
      panel.dispose();
      return;
    }
    this.attach(hostId, panel, view?.title ?? hostId);
  }

  private open(hostId: string, label: string, preserveFocus = false): Entry {
    const known = this.entries.get(hostId);
    if (known) {
      if (!known.panel.visible) known.panel.reveal(undefined, preserveFocus);
      return known;
    }
    const panel = vscode.window.createWebviewPanel(
      REPORT_PANEL_TYPE,
      this.title(label),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      {},
    );
    return this.attach(hostId, panel, label);
  }

  private title(label: string): string {
    return vscode.l10n.t('VPS Doctor: {0}', label);
  }

  private attach(hostId: string, panel: vscode.WebviewPanel, label: string): Entry {
    const e: Entry = { hostId, panel, ready: false };
    this.entries.set(hostId, e);
    panel.title = this.title(label);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    setUpWebview(panel.webview, this.extensionUri, 'report', panel.title);
    const subs = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parseWebviewMessage(raw);
        if (!msg) {
          this.deps.log.warn(`report panel of ${hostId}: ignored a malformed message`);
          return;
        }
        void this.handle(e, msg).catch((err: unknown) => {
          this.deps.log.error(`report panel of ${hostId}: ${(err as Error).message}`);
          this.post(e, { type: 'notice', text: vscode.l10n.t('Failed: {0}', sshErrorText(err, displayLocalizer())) });
        });
      }),
      // Reloaded when it becomes visible again (no retainContextWhenHidden): wait for its next `ready`.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) e.ready = false;
      }),
    ];
    panel.onDidDispose(() => {
      if (e.flush) clearTimeout(e.flush);
      subs.forEach((s) => s.dispose());
      this.entries.delete(hostId);
    });
    return e;
  }

  private async handle(e: Entry, msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready': {
        e.ready = true;
        if (e.timeline) {
          this.post(e, { type: 'timeline', view: e.timeline });
          return;
        }
        if (e.live) {
          for (const m of e.live.flush(true)) this.post(e, m);
          return;
        }
        const report = await this.store.get(e.hostId);
        if (report) this.post(e, { type: 'report', hostId: e.hostId, view: resultView(report, displayLocalizer()) });
        return;
      }
      case 'rerun':
        this.deps.rerun(e.hostId);
        return;
      case 'sweep':
        this.deps.sweep(e.hostId);
        return;
      case 'copySummary': {
        const report = await this.store.get(e.hostId);
        if (!report) return;
        await vscode.env.clipboard.writeText(
          reportSummaryText(resultView(report, displayLocalizer()), displayLocalizer()),
        );
        this.post(e, { type: 'notice', text: vscode.l10n.t('Summary copied.') });
        return;
      }
      case 'copyText':
        await vscode.env.clipboard.writeText(msg.text);
        return;
      case 'export': {
        const report = await this.store.get(e.hostId);
        if (!report) {
          this.post(e, {
            type: 'notice',
            text: vscode.l10n.t('This result is no longer stored: run the diagnosis again to export it.'),
          });
          return;
        }
        const saved = await exportReport(this.extensionUri, report, msg.format);
        if (saved)
          this.post(e, { type: 'notice', text: vscode.l10n.t('Saved {0}', vscode.workspace.asRelativePath(saved)) });
        return;
      }
      case 'openReport':
        // Only the sidebar sends this; a panel already shows its host.
        return;
    }
  }

  private post(e: Entry, message: HostToWebview): void {
    void e.panel.webview.postMessage(message);
  }

  dispose(): void {
    for (const e of [...this.entries.values()]) e.panel.dispose();
  }
}
