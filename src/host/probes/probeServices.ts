import type * as vscode from 'vscode';
import type { Vantage } from '../../core/resultModel/resultVantage';
import type { HostServices } from '../commands/hostServices';
import type { DemoController } from '../demo/demoController';
import type { ReportViews } from '../panels/registerReportViews';

/** What the probe, report and demo commands work with, besides the host services; built once in `activate`. */
export interface ProbeServices extends HostServices {
  views: ReportViews;
  demo: DemoController;
  /** The extension's global state: the probe target remembered per host. */
  state: vscode.Memento;
  extensionUri: vscode.Uri;
  /** Hosts with a probe running: one probe at a time per host, so its panel shows one run and its counters one burst. */
  busy: Set<string>;
  /** The tool and version every report records. */
  tool: { name: string; version: string };
  /** Where this extension host's probes go out from (see `extensionVantage`); every report records it. */
  vantage: Vantage;
}
