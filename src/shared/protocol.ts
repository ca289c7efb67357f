import { isTimelineView, type TimelineView } from './timelineView';
/**
 * The one typed protocol between the extension host and its webviews: discriminated unions keyed on
 * `type`. The webview posts `ready` first; the host posts nothing before it. Every incoming message is
 * validated with the guards below before use (never trust the other side's shape).
 */
import type { AttemptView, LatestView, ReportView } from './reportView';
import { isAttemptView, isLatestView, isRecord, isReply, isReportView, isText } from './reportViewCheck';

/** A line of the verdict summary shown at the top of a report. */
export interface SummaryLine {
  severity: 'ok' | 'warn' | 'critical';
  text: string;
}

/** What a probe run has planned, sent with the first `progress` message so the charts can size their axes. */
export interface ProgressPlan {
  burst?: { count: number; concurrency: number; scheduleMs: number[]; baselineRttMs: number };
  ping?: { count: number };
}

/**
 * Live data while a probe runs. Incremental: `attempts`, `replies` and `lost` are what arrived since the
 * previous message; `reset: true` starts over (a new run, or a webview that reloaded and needs it all).
 */
export interface ProgressMessage {
  type: 'progress';
  reset: boolean;
  /** What is running, in words: `Burst: 12 of 32 connects`. */
  phase: string;
  plan?: ProgressPlan;
  attempts: AttemptView[];
  replies: { seq: number; rttMs: number }[];
  /** Ping sequence numbers that got no reply. */
  lost: number[];
}

export type HostToWebview =
  | { type: 'summary'; title: string; lines: SummaryLine[] }
  /** `hostId` names the panel's host so the webview can save it with its state (restored after a reload). */
  | { type: 'report'; view: ReportView; hostId?: string }
  | ProgressMessage
  /** The sidebar's digest of the latest result; null before any run. */
  | { type: 'latest'; latest: LatestView | null }
  /** A short confirmation or failure to show in the page (`Copied`, `Saved report.html`). */
  | { type: 'notice'; text: string }
  /** A host's watch timeline (`vps-doctor watch`, Start Watching). */
  | { type: 'timeline'; view: TimelineView };

export type ExportFormat = 'html' | 'md' | 'json';

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'copyText'; text: string }
  /** Run the full diagnosis again against this panel's host. */
  | { type: 'rerun' }
  /** Run the connection-rate sweep against this panel's host. */
  | { type: 'sweep' }
  | { type: 'export'; format: ExportFormat }
  | { type: 'copySummary' }
  /** From the sidebar: reveal the full report of this host. The host checks that it knows the id. */
  | { type: 'openReport'; hostId: string };

/**
 * The id of the `<script type="application/json">` element of an exported page: it holds one
 * `HostToWebview` message (a `report`), which the page's script validates and renders as the panel would.
 */
export const DATA_ELEMENT_ID = 'vps-doctor-data';
/** The id of the `<script type="application/json">` holding the page's l10n bundle (none for English). */
export const L10N_ELEMENT_ID = 'vps-doctor-l10n';

const SEVERITIES = new Set(['ok', 'warn', 'critical']);
const FORMATS = new Set(['html', 'md', 'json']);
const MAX_HOST_ID = 512;
/** Items per progress message: the host batches, so more means a broken or hostile sender. */
const MAX_BATCH = 10_000;

const isHostId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_HOST_ID;
const only = (v: Record<string, unknown>, n: number): boolean => Object.keys(v).length === n;

/** Validates a message from a webview; anything else (unknown type, wrong fields, extra size) is rejected. */
export function parseWebviewMessage(v: unknown): WebviewToHost | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'ready':
    case 'rerun':
    case 'sweep':
    case 'copySummary':
      return only(v, 1) ? { type: v.type } : undefined;
    case 'copyText':
      return isText(v.text) && only(v, 2) ? { type: 'copyText', text: v.text } : undefined;
    case 'export':
      return typeof v.format === 'string' && FORMATS.has(v.format) && only(v, 2)
        ? { type: 'export', format: v.format as ExportFormat }
        : undefined;
    case 'openReport':
      return isHostId(v.hostId) && only(v, 2) ? { type: 'openReport', hostId: v.hostId } : undefined;
    default:
      return undefined;
  }
}

/** Validates a message from the host (the webview checks too: defence in depth). */
export function parseHostMessage(v: unknown): HostToWebview | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'summary':
      return parseSummary(v);
    case 'report':
      if (!isReportView(v.view)) return undefined;
      if (v.hostId === undefined) return { type: 'report', view: v.view };
      return isHostId(v.hostId) ? { type: 'report', view: v.view, hostId: v.hostId } : undefined;
    case 'progress':
      return parseProgress(v);
    case 'latest':
      return v.latest === null || isLatestView(v.latest) ? { type: 'latest', latest: v.latest } : undefined;
    case 'notice':
      return isText(v.text) ? { type: 'notice', text: v.text } : undefined;
    case 'timeline':
      return isTimelineView(v.view) ? { type: 'timeline', view: v.view } : undefined;
    default:
      return undefined;
  }
}

function parseSummary(v: Record<string, unknown>): HostToWebview | undefined {
  if (!isText(v.title) || !Array.isArray(v.lines)) return undefined;
  const lines: SummaryLine[] = [];
  for (const l of v.lines) {
    if (!isRecord(l) || !isText(l.text) || typeof l.severity !== 'string' || !SEVERITIES.has(l.severity))
      return undefined;
    lines.push({ severity: l.severity as SummaryLine['severity'], text: l.text });
  }
  return { type: 'summary', title: v.title, lines };
}

const batch = <T>(v: unknown, guard: (x: unknown) => x is T): v is T[] =>
  Array.isArray(v) && v.length <= MAX_BATCH && v.every(guard);
const isSeq = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
const isMs = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

function parsePlan(v: unknown): ProgressPlan | undefined | false {
  if (v === undefined) return undefined;
  if (!isRecord(v)) return false;
  const plan: ProgressPlan = {};
  if (v.burst !== undefined) {
    const b = v.burst;
    if (
      !isRecord(b) ||
      !isSeq(b.count) ||
      !isSeq(b.concurrency) ||
      !isMs(b.baselineRttMs) ||
      !Array.isArray(b.scheduleMs) ||
      b.scheduleMs.length > 200 ||
      !b.scheduleMs.every(isMs)
    )
      return false;
    plan.burst = {
      count: b.count,
      concurrency: b.concurrency,
      scheduleMs: b.scheduleMs,
      baselineRttMs: b.baselineRttMs,
    };
  }
  if (v.ping !== undefined) {
    if (!isRecord(v.ping) || !isSeq(v.ping.count)) return false;
    plan.ping = { count: v.ping.count };
  }
  return plan;
}

function parseProgress(v: Record<string, unknown>): ProgressMessage | undefined {
  const plan = parsePlan(v.plan);
  if (plan === false || typeof v.reset !== 'boolean' || !isText(v.phase)) return undefined;
  if (!batch(v.attempts, isAttemptView) || !batch(v.replies, isReply) || !batch(v.lost, isSeq)) return undefined;
  return {
    type: 'progress',
    reset: v.reset,
    phase: v.phase,
    ...(plan ? { plan } : {}),
    attempts: v.attempts,
    replies: v.replies,
    lost: v.lost,
  };
}
