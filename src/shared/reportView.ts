/**
 * What the report webview draws: a chart-ready digest of one RESULT.json, built by the extension
 * (`src/core/resultModel/resultView.ts`) and posted to the webview, or embedded in an exported HTML file.
 * Plain data only (no Node or DOM types) so the host and the webview share it. Times are ms; fractions 0..1.
 */
import { english, msg, type Lang, type Localizer } from './l10n/localizer';
import { gradeName } from './l10n/terms';

export type ConfidenceLevel = 'low' | 'medium' | 'high';
export type AttemptKind = 'fast' | 'retransmit' | 'latency' | 'failed';
export type FindingStatus = 'ok' | 'warning' | 'problem' | 'unknown';
export type RiskGradeName = 'low' | 'medium' | 'high' | 'critical' | 'unknown';
export type ResourceSeverity = 'ok' | 'warn' | 'critical';

/** One connect of the burst at its position. `k` = SYN retransmissions (null: latency or failed). */
export interface AttemptView {
  index: number;
  connectMs: number | null;
  k: number | null;
  kind: AttemptKind;
  /** The error code of a failed attempt, e.g. `ETIMEDOUT`. */
  error?: string;
}

export interface BurstView {
  mode: 'tcp' | 'http';
  /** Connects planned, and how many at a time. */
  count: number;
  concurrency: number;
  baselineRttMs: number;
  /** Cumulative send times of SYN retransmissions 1, 2, … (the chart's bands), ms. */
  scheduleMs: number[];
  scheduleSource: string;
  attempts: AttemptView[];
  keepAlive: { requests: number; failed: number; timesMs: number[]; error?: string };
  delayed: number;
  failed: number;
  /** Wilson 95 % interval of the delayed fraction. */
  delayedCi95: [number, number];
  positionSignature: 'front-fast-then-delayed' | 'random' | 'none';
  firstDelayedIndex: number | null;
}

export interface PingView {
  host: string;
  sent: number;
  received: number;
  /** First reply per answered probe, in sequence order. */
  replies: { seq: number; rttMs: number }[];
  lostSeqs: number[];
  lossFraction: number;
  lossCi95: [number, number];
  episodes: number;
  longestRun: number;
  rtt: { min: number; p50: number; avg: number; p95: number; max: number; mdev: number } | null;
}

/** One server counter's growth during the burst, and over the idle control when there was one. */
export interface CounterView {
  name: string;
  delta: number;
  idle: number | null;
  /** The verdict rests on it. */
  decisive: boolean;
}

/** A beancounter row; values in the row's `unit` (pages stay pages), null = unlimited. */
export interface ResourceView {
  name: string;
  unit: 'bytes' | 'pages' | 'count';
  held: number;
  maxheld: number;
  barrier: number | null;
  limit: number | null;
  failcnt: number;
  /** failcnt growth over the sampled interval; null without a baseline. */
  failcntDelta: number | null;
  severity: ResourceSeverity;
}

export interface BufferRiskView {
  grade: RiskGradeName;
  sides: { side: 'send' | 'receive'; grade: RiskGradeName; derivation: string[]; mitigations: string[] }[];
  wmemMaxExplanation?: string;
}

export interface ReportView {
  /** The language of the texts below; the page's own labels follow it. Absent in views saved before it existed: English. */
  lang?: Lang;
  /** The user's name for the host. */
  title: string;
  /** `host:port`, as tested. */
  target: string;
  /** The simulated OpenVZ host of the demo: the page says so. */
  demo: boolean;
  createdAt: string;
  verdict: {
    id: string;
    title: string;
    confidence: ConfidenceLevel;
    summary: string;
    explanation: string;
    user: string[];
    provider: string[];
    /** Where the method explains this verdict, as a reader can search for it (`VPS Doctor method, §3.4 …, row 2`). */
    method?: string;
  };
  evidence: { label: string; value: string; decisive: boolean }[];
  findings: { title: string; status: FindingStatus; lines: string[] }[];
  burst: BurstView;
  ping?: PingView;
  counters: CounterView[];
  beancounters?: { container: string; rows: ResourceView[] };
  bufferRisk?: BufferRiskView;
  /** "Tested from …", "Probes ran from: …" and "Server: …" lines. */
  provenance: string[];
  /** Shown beside the verdict when the probes ran on VS Code's workspace side (a server), not the user's machine. */
  vantageWarning?: string;
}

/** The compact digest the "Latest Result" sidebar shows. */
export interface LatestView {
  /** The host the full report belongs to (the panel to open). */
  hostId: string;
  title: string;
  verdictTitle: string;
  confidence: ConfidenceLevel;
  summary: string;
  /** One mark per attempt in burst order: k >= 0, or -1 failed, -2 slow without a retransmission. */
  strip: number[];
  ping: { sent: number; lossFraction: number; lossCi95: [number, number] } | null;
  /** The beancounter whose failcnt grew most, when one grew. */
  topFailcnt: { name: string; delta: number } | null;
}

/**
 * The verdicts of the SYN-drop diagnosis, one per row group of docs/method.md §3.4. A new one also needs its title in
 * {@link VERDICT_TITLES} (the compiler checks), its row in src/core/diagnosis/decide.ts and its texts in verdictText.ts.
 */
export type VerdictId =
  | 'healthy'
  | 'upstream-syn-filter'
  | 'host-firewall-drop'
  | 'path-loss'
  | 'return-path-loss'
  | 'accept-queue-overflow'
  | 'syn-queue-full'
  | 'conntrack-full'
  | 'beancounter-numtcpsock'
  | 'beancounter-sockbuf'
  | 'connection-refused'
  | 'inconclusive';

/** The verdicts in a few words, for headings (docs/method.md §3.4 row names). */
export const VERDICT_TITLES: Record<VerdictId, string> = {
  healthy: msg('Healthy'),
  'upstream-syn-filter': msg('Upstream SYN filter'),
  'host-firewall-drop': msg('Firewall on the server drops SYNs'),
  'path-loss': msg('Packet loss on the path'),
  'return-path-loss': msg('SYN-ACKs lost on the way back'),
  'accept-queue-overflow': msg('Accept queue overflow'),
  'syn-queue-full': msg('SYN queue full'),
  'conntrack-full': msg('Conntrack table full'),
  'beancounter-numtcpsock': msg('Beancounter limit: numtcpsock'),
  'beancounter-sockbuf': msg('Beancounter limit: socket buffers'),
  'connection-refused': msg('Connection refused'),
  inconclusive: msg('Inconclusive'),
};

/** A verdict id in words; an unknown id is shown as it is. */
export function verdictTitle(id: string, l: Localizer = english): string {
  return Object.hasOwn(VERDICT_TITLES, id) ? l.t(VERDICT_TITLES[id as VerdictId]) : id;
}

/** The summary a user pastes into a chat or a ticket: verdict, sentence, next steps. */
export function reportSummaryText(v: ReportView, l: Localizer = english): string {
  const lines = [
    l.t('{0} ({1}): {2}, confidence {3}.', v.title, v.target, v.verdict.title, gradeName(v.verdict.confidence, l)),
    v.verdict.summary,
  ];
  if (v.verdict.user.length > 0) lines.push('', l.t('What you can do:'), ...v.verdict.user.map((s) => `- ${s}`));
  if (v.verdict.provider.length > 0)
    lines.push('', l.t('What to tell the provider:'), ...v.verdict.provider.map((s) => `- ${s}`));
  return lines.join('\n');
}
