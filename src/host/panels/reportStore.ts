import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { parseResultJson } from '../../core/resultModel/resultParse';
import { serializeResult, type DiagnosisReport } from '../../core/resultModel/resultSchema';

const LATEST_KEY = 'vpsDoctor.report.latestHost';

/**
 * The latest result of each host, in memory and as RESULT.json under the extension's global storage, so
 * a panel restored after a reload can still export and the sidebar still shows the last run.
 */
export class ReportStore {
  private readonly reports = new Map<string, DiagnosisReport>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private uri(hostId: string): vscode.Uri {
    const name = createHash('sha256').update(hostId).digest('hex').slice(0, 32);
    return vscode.Uri.joinPath(this.context.globalStorageUri, 'results', `${name}.json`);
  }

  /** Keeps the report as this host's latest and as the latest overall. */
  async put(hostId: string, report: DiagnosisReport): Promise<void> {
    this.reports.set(hostId, report);
    await this.context.globalState.update(LATEST_KEY, hostId);
    try {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.context.globalStorageUri, 'results'));
      await vscode.workspace.fs.writeFile(this.uri(hostId), new TextEncoder().encode(serializeResult(report)));
    } catch (err) {
      this.log.warn(`could not save the result of ${hostId}: ${(err as Error).message}`);
    }
  }

  /** This host's latest report, from memory or disk; undefined when none was kept or it no longer reads. */
  async get(hostId: string): Promise<DiagnosisReport | undefined> {
    const known = this.reports.get(hostId);
    if (known) return known;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.uri(hostId)));
      const parsed = parseResultJson(text, `saved result of ${hostId}`);
      if (!parsed.ok) {
        this.log.warn(`ignoring the saved result of ${hostId}: ${parsed.error.message}`);
        return undefined;
      }
      this.reports.set(hostId, parsed.value);
      return parsed.value;
    } catch {
      return undefined;
    }
  }

  /** The host of the most recent report, if any. */
  latestHost(): string | undefined {
    const id = this.context.globalState.get<unknown>(LATEST_KEY);
    return typeof id === 'string' ? id : undefined;
  }

  has(hostId: string): boolean {
    return this.reports.has(hostId);
  }
}
