import { keepAliveErrorText } from '../probes/keepAliveErrors';
import { synSourceText } from '../probes/synScheduleSource';
import type { AttemptView, CounterView, LatestView, ReportView, ResourceView } from '../../shared/reportView';
import { formatDateTime } from '../../shared/l10n/format';
import { english, type Localizer } from '../../shared/l10n/localizer';
import { verdictTitle } from '../../shared/reportView';
import { readableCitations, verdictMethod } from '../../shared/methodCitations';
import { localizeReport } from './localizeReport';
import type { Diagnosis } from '../diagnosis/types';
import type { BurstAttempt } from '../probes/burstSummary';
import type { BeancounterAnalysis } from '../beancounters/analyzeBeancounters';
import type { DiagnosisReport } from './resultSchema';
import { vantageLine, vantageWarning } from './resultVantage';

/** Counters shown even when they did not move: the ones the §3.4 decision table reads. */
const KEY_COUNTERS = [
  'Tcp.PassiveOpens',
  'Ip.InReceives',
  'Ip.InDelivers',
  'Ip.InReceives-InDelivers',
  'TcpExt.ListenOverflows',
  'TcpExt.ListenDrops',
  'TcpExt.TCPSynRetrans',
  'Tcp.RetransSegs',
  'TcpExt.TCPReqQFullDrop',
  'TcpExt.TCPReqQFullDoCookies',
  'TcpExt.SyncookiesSent',
  'Tcp.OutRsts',
  'conntrack.drop',
  'conntrack.insert_failed',
  'TcpExt.TCPAbortOnMemory',
  'TcpExt.TCPMemoryPressures',
];
/** Counters of little use in a report: the clock and the reboot flag are shown elsewhere. */
const HIDDEN = new Set(['uptime.seconds', 'host.rebooted']);
/** Most counter rows a view carries: the decisive and the moving ones come first. */
const MAX_COUNTERS = 60;

/**
 * The chart-ready digest of a report that the webview draws (see `src/shared/reportView.ts`), its texts in
 * `l`'s language. The page may leave the repository (an exported HTML file), so `docs/method.md §N` in its
 * texts becomes a citation a reader can search for (`src/shared/methodCitations.ts`).
 */
export function resultView(report: DiagnosisReport, l: Localizer = english): ReportView {
  const r = localizeReport(report, l);
  const d = r.diagnosis;
  const b = r.burst;
  const shownInRisk = riskLines(r);
  const view: ReportView = {
    lang: l.lang,
    title: r.target.label,
    target: `${r.target.host}:${r.target.port}`,
    demo: r.demo,
    createdAt: r.createdAt,
    verdict: {
      id: d.verdict,
      title: verdictTitle(d.verdict, l),
      confidence: d.confidence,
      summary: readableCitations(d.summary, l),
      explanation: readableCitations(d.explanation, l),
      user: d.nextSteps.user.map((x) => readableCitations(x, l)),
      provider: d.nextSteps.provider.map((x) => readableCitations(x, l)),
      method: verdictMethod(d.row, l),
    },
    evidence: d.evidence.map((e) => ({ label: e.label, value: readableCitations(e.value, l), decisive: e.decisive })),
    // The buffer finding repeats the derivation the buffer risk section shows in full: keep only its other lines.
    findings: d.findings.map((f) => ({
      title: f.title,
      status: f.status,
      lines: f.lines.filter((line) => !shownInRisk.has(line)).map((x) => readableCitations(x, l)),
    })),
    burst: {
      mode: b.mode,
      count: b.count,
      concurrency: b.concurrency,
      baselineRttMs: b.baselineRttMs,
      scheduleMs: b.schedule.pointsMs.slice(0, 200),
      scheduleSource: synSourceText(b.schedule.source, l),
      attempts: b.attempts.map(attemptView),
      keepAlive: {
        requests: b.keepAlive.requests,
        failed: b.keepAlive.failed,
        timesMs: b.keepAlive.timesMs,
        ...(b.keepAlive.error ? { error: keepAliveErrorText(b.keepAlive.error, l) } : {}),
      },
      delayed: b.summary.delayed,
      failed: b.summary.failed,
      delayedCi95: b.summary.delayedCi95,
      positionSignature: b.summary.positionSignature,
      firstDelayedIndex: b.summary.firstDelayedIndex,
    },
    counters: counterRows(r.server.deltas, r.server.idleDeltas, d),
    provenance: provenance(r, l),
  };
  const warning = vantageWarning(r.client.vantage, l);
  if (warning !== undefined) view.vantageWarning = warning;
  if (r.ping) {
    const p = r.ping;
    view.ping = {
      host: p.host,
      sent: p.sent,
      received: p.received,
      replies: p.replies,
      lostSeqs: p.lostSeqs,
      lossFraction: p.loss.fraction,
      lossCi95: p.loss.ci95,
      episodes: p.episodes,
      longestRun: p.longestRun,
      rtt: p.rtt
        ? { min: p.rtt.min, p50: p.rtt.p50, avg: p.rtt.avg, p95: p.rtt.p95, max: p.rtt.max, mdev: p.rtt.mdev }
        : null,
    };
  }
  const bc = r.beancounters ? beancounterRows(r.beancounters) : undefined;
  if (bc) view.beancounters = bc;
  if (r.bufferRisk) {
    const risk = r.bufferRisk;
    view.bufferRisk = {
      grade: risk.grade,
      sides: [risk.send, risk.receive].map((s) => ({
        side: s.side,
        grade: s.grade,
        derivation: s.derivation.map((x) => readableCitations(x, l)),
        mitigations: s.mitigations.map((x) => readableCitations(x, l)),
      })),
      ...(risk.wmemMaxExplanation ? { wmemMaxExplanation: readableCitations(risk.wmemMaxExplanation, l) } : {}),
    };
  }
  return view;
}

/** One burst attempt as the charts read it (also streamed live while a burst runs). */
export function attemptView(a: BurstAttempt): AttemptView {
  return {
    index: a.index,
    connectMs: a.connectMs,
    k: a.retransmissions,
    kind: a.kind,
    ...(a.error ? { error: a.error.code } : {}),
  };
}

/** Every line the buffer risk section shows: derivations, mitigations and the wmem_max explanation. */
export function riskLines(r: DiagnosisReport): Set<string> {
  const risk = r.bufferRisk;
  if (!risk) return new Set();
  const lines = [risk.send, risk.receive].flatMap((s) => [...s.derivation, ...s.mitigations]);
  return new Set(risk.wmemMaxExplanation ? [...lines, risk.wmemMaxExplanation] : lines);
}

/** The sidebar's digest: verdict line, one mark per attempt, ping loss, the fastest-growing failcnt. */
export function latestView(hostId: string, r: DiagnosisReport, l: Localizer = english): LatestView {
  const view = resultView(r, l);
  const grown = view.beancounters?.rows
    .filter((row) => (row.failcntDelta ?? 0) > 0)
    .sort((a, b) => (b.failcntDelta ?? 0) - (a.failcntDelta ?? 0))[0];
  return {
    hostId,
    title: view.title,
    verdictTitle: view.verdict.title,
    confidence: view.verdict.confidence,
    summary: view.verdict.summary,
    strip: view.burst.attempts.map((a) => (a.kind === 'failed' ? -1 : a.k === null ? -2 : a.k)),
    ping: view.ping
      ? { sent: view.ping.sent, lossFraction: view.ping.lossFraction, lossCi95: view.ping.lossCi95 }
      : null,
    topFailcnt: grown ? { name: grown.name, delta: grown.failcntDelta ?? 0 } : null,
  };
}

/**
 * Counter rows: decisive first, then the ones that moved (largest first), then the unmoved key counters.
 * A counter is decisive when a decisive evidence row names it.
 */
export function counterRows(
  deltas: Record<string, number>,
  idle: Record<string, number> | undefined,
  d: Diagnosis,
): CounterView[] {
  const decisiveText = d.evidence
    .filter((e) => e.decisive)
    .map((e) => e.label)
    .join('\n');
  const rows = Object.entries(deltas)
    .filter(([name, delta]) => !HIDDEN.has(name) && (delta !== 0 || KEY_COUNTERS.includes(name)))
    .map(([name, delta]): CounterView => ({
      name,
      delta,
      idle: idle?.[name] ?? null,
      decisive: namedIn(name, decisiveText),
    }));
  const rank = (c: CounterView): number => (c.decisive ? 0 : c.delta !== 0 ? 1 : 2);
  rows.sort((a, b) => rank(a) - rank(b) || Math.abs(b.delta) - Math.abs(a.delta) || a.name.localeCompare(b.name));
  return rows.slice(0, MAX_COUNTERS);
}

/** Whether evidence labels name the counter: `Tcp.PassiveOpens`, `ubc.<id>.tcpsndbuf.failcnt` as "tcpsndbuf … beancounter". */
function namedIn(name: string, text: string): boolean {
  if (name === 'Ip.InReceives-InDelivers') return text.includes('Ip.InReceives − Ip.InDelivers');
  const ubc = /^ubc\.[^.]+\.([^.]+)\.failcnt$/.exec(name);
  if (ubc)
    return text
      .split('\n')
      .some((line) => /beancounter/i.test(line) && new RegExp(`\\b${escapeRegExp(ubc[1])}\\b`).test(line));
  const conntrack = /^conntrack\.(\w+)$/.exec(name);
  if (conntrack)
    return text
      .split('\n')
      .some((line) => /conntrack/i.test(line) && new RegExp(`\\b${escapeRegExp(conntrack[1])}\\b`).test(line));
  return new RegExp(`(^|[^\\w.])${escapeRegExp(name)}(?![\\w])`).test(text);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The container a report is about: the first one that is not the host node (id 0). */
function beancounterRows(a: BeancounterAnalysis): { container: string; rows: ResourceView[] } | undefined {
  const c = a.containers.find((x) => x.id !== '0') ?? a.containers[0];
  if (!c) return undefined;
  return {
    container: c.id,
    rows: c.resources.map((r) => ({
      name: r.name,
      unit: r.unit,
      held: r.held,
      maxheld: r.maxheld,
      barrier: r.barrier,
      limit: r.limit,
      failcnt: r.failcnt,
      failcntDelta: r.failcntDelta ?? null,
      severity: r.severity,
    })),
  };
}

/** Where and when, in lines a support desk can read. */
export function provenance(r: DiagnosisReport, l: Localizer = english): string[] {
  const c = r.client;
  const lines = [
    l.t(
      'Tested {0} from {1} {2} (Node {3}) with {4} {5}.',
      formatDateTime(r.createdAt, l.lang),
      c.platform,
      c.release,
      c.node,
      r.tool.name,
      r.tool.version,
    ),
    ...(c.vantage ? [vantageLine(c.vantage, l)] : []),
    l.t('Client SYN retransmission schedule: {0}.', synSourceText(c.synSchedule.source, l)),
  ];
  const s = r.server;
  const parts = [s.virtualization, s.osRelease && l.t('kernel {0}', s.osRelease), s.sshVersion].filter(
    (x): x is string => Boolean(x),
  );
  lines.push(
    parts.length > 0
      ? l.t('Server: {0}.', parts.join(', '))
      : l.t('Server: not sampled over SSH (client-side evidence only).'),
  );
  if (r.demo) lines.push(l.t('Demo: the server is a simulated OpenVZ host, not a real one.'));
  return lines;
}
