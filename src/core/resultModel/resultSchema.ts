import type { Diagnosis } from '../diagnosis/types';
import type { BufferRisk } from '../kernel/bufferRiskTypes';
import type { BurstAttempt, BurstResult } from '../probes/burst';
import type { PingResult } from '../probes/pingResult';
import type { SynSchedule } from '../probes/synSchedule';
import type { BeancounterAnalysis } from '../beancounters/analyzeBeancounters';
import type { Vantage } from './resultVantage';

/** The `schema` value every RESULT.json carries. */
export const RESULT_SCHEMA = 'vps-doctor/result';
/** The newest RESULT.json version this code writes and reads. Readers refuse newer versions with a clear error. */
export const RESULT_VERSION = 1;

/** Where the probe ran: the user's machine, or the server when VS Code ran it on the workspace side (see `vantage`). */
export interface ClientInfo {
  /** `process.platform`, e.g. `linux`. */
  platform: string;
  /** `os.release()`, e.g. `6.18.4`. */
  release: string;
  /** `process.version`, e.g. `v20.20.2`. */
  node: string;
  /** The SYN retransmission schedule the burst was classified against (docs/method.md §3.1). */
  synSchedule: SynSchedule;
  /** Which machine, and which side of VS Code, the probes went out from; absent in older results. */
  vantage?: Vantage;
}

/** What was learned about the server, and its counter deltas around the burst. */
export interface ServerInfo {
  /** The detected virtualization (`openvz-container`, `kvm`...), when the server was sampled. */
  virtualization?: string;
  /** `uname -r` of the server. */
  osRelease?: string;
  /** The server's SSH identification, e.g. `SSH-2.0-OpenSSH_9.2p1`. */
  sshVersion?: string;
  /** Counter name -> growth during the burst (`counterDeltas` keys: `Tcp.PassiveOpens`, `ubc.12345.tcpsndbuf.failcnt`...); {} without SSH. */
  deltas: Record<string, number>;
  /** The same over an idle control interval of equal length, when one was taken. */
  idleDeltas?: Record<string, number>;
}

/**
 * One full diagnosis run in memory: what was tested from where and when, the evidence and the verdict.
 * On disk it is written by {@link toResultJson} and read back by `parseResultJson`.
 */
export interface DiagnosisReport {
  schema: typeof RESULT_SCHEMA;
  version: typeof RESULT_VERSION;
  /** ISO 8601 timestamp of the run's end. */
  createdAt: string;
  tool: { name: string; version: string };
  /** True when the server was the simulated OpenVZ host of the demo: every report says so. */
  demo: boolean;
  /** `label` is the user's name for the host (ssh alias); `host` what was connected to. */
  target: { label: string; host: string; port: number };
  client: ClientInfo;
  server: ServerInfo;
  diagnosis: Diagnosis;
  burst: BurstResult;
  ping?: PingResult;
  beancounters?: BeancounterAnalysis;
  bufferRisk?: BufferRisk;
}

/** The burst as RESULT.json stores it: counts at the paths scripts read, the attempts themselves in `attemptLog`. */
export type BurstJson = Omit<BurstResult, 'attempts'> & {
  /** Number of attempts that finished (= `attemptLog.length`). */
  attempts: number;
  /** Attempts delayed by k >= 1 SYN retransmissions. */
  delayed: number;
  /** Attempts that made no connection. */
  failed: number;
  attemptLog: BurstAttempt[];
};

/** The ping as RESULT.json stores it: `lossCi95` repeats `loss.ci95` (fractions) at a stable path. */
export type PingJson = PingResult & { lossCi95: [number, number] };

/**
 * RESULT.json, version 1. Scripts may rely on these paths: `verdict`, `summary`, `confidence`,
 * `burst.attempts`, `burst.delayed`, `burst.failed`, `burst.keepAlive.failed`, `ping.sent`, `ping.received`,
 * `ping.lossCi95` ([low, high] fractions) and `server.deltas` (counter name -> delta). The duplicated
 * values must agree with `diagnosis` and `burst.attemptLog`; the reader checks that they do.
 */
export interface ResultJson {
  schema: typeof RESULT_SCHEMA;
  version: typeof RESULT_VERSION;
  createdAt: string;
  tool: { name: string; version: string };
  demo: boolean;
  target: DiagnosisReport['target'];
  client: ClientInfo;
  verdict: Diagnosis['verdict'];
  confidence: Diagnosis['confidence'];
  summary: string;
  server: ServerInfo;
  burst: BurstJson;
  ping?: PingJson;
  diagnosis: Diagnosis;
  beancounters?: BeancounterAnalysis;
  bufferRisk?: BufferRisk;
}

/** The on-disk shape of a report, with the stable top-level paths filled in. */
export function toResultJson(r: DiagnosisReport): ResultJson {
  const { attempts, ...burst } = r.burst;
  return {
    schema: r.schema,
    version: r.version,
    createdAt: r.createdAt,
    tool: r.tool,
    demo: r.demo,
    target: r.target,
    client: r.client,
    verdict: r.diagnosis.verdict,
    confidence: r.diagnosis.confidence,
    summary: r.diagnosis.summary,
    server: r.server,
    burst: {
      ...burst,
      attempts: attempts.length,
      delayed: r.burst.summary.delayed,
      failed: r.burst.summary.failed,
      attemptLog: attempts,
    },
    ...(r.ping ? { ping: { ...r.ping, lossCi95: r.ping.loss.ci95 } } : {}),
    diagnosis: r.diagnosis,
    ...(r.beancounters ? { beancounters: r.beancounters } : {}),
    ...(r.bufferRisk ? { bufferRisk: r.bufferRisk } : {}),
  };
}

/** RESULT.json text, indented for people and diffs. */
export function serializeResult(r: DiagnosisReport): string {
  return `${JSON.stringify(toResultJson(r), null, 2)}\n`;
}

/** The parts of a report a run produces; {@link createReport} adds the schema header. */
export type ReportParts = Omit<DiagnosisReport, 'schema' | 'version' | 'createdAt'> & { createdAt?: string };

/** A report with the schema header and, unless given, `createdAt` = now. */
export function createReport(parts: ReportParts): DiagnosisReport {
  return {
    schema: RESULT_SCHEMA,
    version: RESULT_VERSION,
    ...parts,
    createdAt: parts.createdAt ?? new Date().toISOString(),
  };
}
