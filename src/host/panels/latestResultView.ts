import * as vscode from 'vscode';
import { latestView } from '../../core/resultModel/resultView';
import { displayLocalizer } from '../l10n';
import { parseWebviewMessage } from '../../shared/protocol';
import type { LatestView } from '../../shared/reportView';
import type { ReportStore } from './reportStore';
import { setUpWebview } from './webviewSetup';

/**
 * The sidebar's "Latest Result" view: the verdict line, one mark per burst attempt, ping loss and the
 * fastest-growing failcnt, each opening the full report. Light while hidden: nothing is kept alive, and
 * it is sent the digest only when its webview says `ready`, or on a new result while visible.
 */
export class LatestResultView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private latest: LatestView | null = null;
  private loaded = false;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ReportStore,
    private readonly openReport: (hostId: string) => Promise<boolean>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    // VS Code resolves the view again after it is moved or re-shown: drop the old listeners first.
    this.subs.splice(0).forEach((s) => s.dispose());
    this.view = view;
    this.ready = false;
    setUpWebview(view.webview, this.extensionUri, 'sidebar', vscode.l10n.t('Latest Result'));
    this.subs.push(
      view.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
      }),
    );
  }

  /** A new result: shown at once when the view is up, otherwise when it next loads. */
  update(hostId: string, report: Parameters<typeof latestView>[1]): void {
    this.latest = latestView(hostId, report, displayLocalizer());
    this.loaded = true;
    this.post();
  }

  private async receive(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.log.warn('Latest Result view: ignored a malformed message');
      return;
    }
    if (msg.type === 'ready') {
      this.ready = true;
      if (!this.loaded) await this.loadStored();
      this.post();
    } else if (msg.type === 'openReport') {
      // The id must be a host with a stored result; anything else is ignored.
      if (this.latest?.hostId === msg.hostId && !(await this.openReport(msg.hostId))) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('That result is no longer stored; run the diagnosis again.'),
        );
      }
    }
  }

  /** After a reload: the most recent result kept by the store. */
  private async loadStored(): Promise<void> {
    this.loaded = true;
    const hostId = this.store.latestHost();
    const report = hostId === undefined ? undefined : await this.store.get(hostId);
    if (hostId !== undefined && report) this.latest = latestView(hostId, report, displayLocalizer());
  }

  private post(): void {
    if (this.view && this.ready && this.view.visible)
      void this.view.webview.postMessage({ type: 'latest', latest: this.latest });
  }

  dispose(): void {
    this.subs.forEach((s) => s.dispose());
  }
}
