import { english, msg, type Localizer } from '../../shared/l10n/localizer';
import { usageText } from '../io';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { runFullDiagnosis, DiagnosisSampleError, type DiagnosisStage } from '../../core/diagnosis/fullDiagnosis';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_COUNT,
  HARD_MAX_CONCURRENCY,
  HARD_MAX_COUNT,
  needsConfirmation,
} from '../../core/probes/burstLimits';
import { DEFAULT_PING_COUNT, MAX_PING_COUNT } from '../../core/probes/pingLimits';
import { DEFAULT_SAMPLE_MAX_OUTPUT_BYTES, DEFAULT_SAMPLE_TIMEOUT_MS } from '../../core/remote/sampleLimits';
import { reportHtml } from '../../core/report/reportHtml';
import { reportText } from '../../core/report/reportText';
import { maskResultIps } from '../../core/resultModel/resultIpMask';
import { serializeResult, type DiagnosisReport } from '../../core/resultModel/resultSchema';
import type { HostSession } from '../../core/session/hostSession';
import { detectVirtualization } from '../../core/remote/detectVirtualization';
import type { HostFacts } from '../../core/remote/hostFacts';
import { reportAssets } from '../assets';
import { htmlLanguage } from '../cliL10n';
import { cliSession, sessionFailure, targetFor } from '../cliSession';
import { CliError, EXIT, type Output } from '../io';
import { intOption, interruptible, serviceTarget } from '../target';
import { TOOL } from '../version';

export const diagnoseUsage = (l: Localizer = english): string =>
  usageText(
    'vps-doctor diagnose TARGET --port P [-F ssh_config] [--count N] [--concurrency C] [--ping-count N] [--http PATH] [--json] [-o RESULT.json] [--html FILE]',
    l.t(
      "  One full diagnosis: connects over SSH (as `vps-doctor snapshot`), reads the server's counters,\n  opens a burst of new connections to TARGET's port from this machine with a keep-alive control,\n  reads the counters again, waits an idle control interval of the same length, pings the host,\n  and says where the SYNs died (upstream filter, host firewall, accept queue, path loss...) with\n  the evidence, plus the beancounter growth and the TCP buffer risk.\n\n  --port P          the TCP port to probe (your web server, e.g. 80)\n  --http PATH       send one HTTP GET per connection (keep-alive control over one connection)\n  --count N         new connections (default {0}), --concurrency C at a time (default {1})\n  --ping-count N    pings (default {2}; 0 skips the ping)\n  --json            print RESULT.json (public IPs masked unless --public-ips)\n  -o FILE           also write RESULT.json to FILE;  --html FILE  also write the HTML report\n  -F, --accept-new, --verbose: as for `snapshot`;  --yes: allow big bursts\nExit codes: 0 whatever the verdict; non-zero only when the diagnosis could not run (as `snapshot`).",
      DEFAULT_COUNT,
      DEFAULT_CONCURRENCY,
      DEFAULT_PING_COUNT,
    ),
  );

export async function diagnoseCommand(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      config: { type: 'string', short: 'F' },
      count: { type: 'string' },
      concurrency: { type: 'string' },
      'ping-count': { type: 'string' },
      http: { type: 'string' },
      json: { type: 'boolean', default: false },
      output: { type: 'string', short: 'o' },
      html: { type: 'string' },
      'public-ips': { type: 'boolean', default: false },
      'accept-new': { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      yes: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(diagnoseUsage(io.l));
    return EXIT.ok;
  }
  const l = io.l ?? english;
  const { port } = serviceTarget('diagnose', positionals, values.port, values.http, l);
  const count = intOption(values.count, 'count', 1, HARD_MAX_COUNT, l);
  const concurrency = intOption(values.concurrency, 'concurrency', 1, HARD_MAX_CONCURRENCY, l);
  const pingCount = intOption(values['ping-count'], 'ping-count', 0, MAX_PING_COUNT, l);
  if (needsConfirmation(count ?? DEFAULT_COUNT, concurrency ?? DEFAULT_CONCURRENCY) && !values.yes) {
    throw new CliError(
      l.t(
        'diagnose: a burst of {0} at {1} at a time needs --yes',
        count ?? DEFAULT_COUNT,
        concurrency ?? DEFAULT_CONCURRENCY,
      ),
      EXIT.badInput,
    );
  }
  const session = cliSession(targetFor(positionals[0]), {
    command: 'diagnose',
    io,
    env: process.env,
    configFile: values.config,
    acceptNew: values['accept-new'],
    verbose: values.verbose,
  });
  const cancel = interruptible();
  try {
    const report = await diagnoseOverSession(session, {
      io,
      port,
      count,
      concurrency,
      pingCount,
      httpPath: values.http,
      signal: cancel.signal,
      demo: false,
    });
    await emit(report, io, {
      json: values.json,
      output: values.output,
      html: values.html,
      publicIps: values['public-ips'],
      ...(session.facts ? { facts: session.facts } : {}),
    });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof DiagnosisSampleError) throw new CliError(`diagnose: ${err.message}`, EXIT.failure);
    if (cancel.signal.aborted) throw new CliError(l.t('diagnose: cancelled'), 130);
    throw sessionFailure('diagnose', err, session, l);
  } finally {
    cancel.dispose();
    session.dispose();
  }
}

export interface SessionDiagnosisOptions {
  io: Output;
  port: number;
  /** Where the burst goes; the session's resolved HostName when omitted. */
  probeHost?: string;
  count?: number;
  concurrency?: number;
  pingCount?: number;
  pingIntervalSeconds?: number;
  httpPath?: string;
  signal?: AbortSignal;
  demo: boolean;
}

const STAGES: Record<DiagnosisStage, string> = {
  snapshot: msg('reading the server counters...'),
  burst: msg('burst...'),
  idle: msg('idle control interval...'),
  ping: msg('pinging...'),
  verdict: msg('deciding...'),
};

/** Connects the session, pauses its sampling, and runs the full diagnosis over its runner with a progress line. */
export async function diagnoseOverSession(session: HostSession, o: SessionDiagnosisOptions): Promise<DiagnosisReport> {
  const l = o.io.l ?? english;
  const progress = (text: string) => {
    if (o.io.isTty) process.stderr.write(`\r\x1b[K${text}`);
  };
  progress(l.t('connecting to {0}...', session.target.label));
  await session.connect(o.signal);
  // The diagnosis takes its own samples; the background loop would only add traffic.
  session.setVisible(false);
  const host = o.probeHost ?? session.address?.hostName;
  if (host === undefined) throw new CliError(l.t('diagnose: the host has no network address to probe'), EXIT.failure);
  let done = 0;
  try {
    return await runFullDiagnosis({
      runner: session.runner(),
      facts: session.facts,
      virtualization: session.virtualization,
      target: { label: session.target.label, host, port: o.port, httpPath: o.httpPath },
      count: o.count,
      concurrency: o.concurrency,
      pingCount: o.pingCount,
      pingIntervalSeconds: o.pingIntervalSeconds,
      sample: { timeoutMs: DEFAULT_SAMPLE_TIMEOUT_MS, maxOutputBytes: DEFAULT_SAMPLE_MAX_OUTPUT_BYTES, useSudo: true },
      demo: o.demo,
      tool: TOOL,
      vantage: { side: 'cli', host: hostname() },
      signal: o.signal,
      l,
      onStage: (s) =>
        progress(s === 'burst' ? l.t('burst: {0}/{1} connections', 0, o.count ?? DEFAULT_COUNT) : l.t(STAGES[s])),
      onWarning: (message) => {
        progress('');
        o.io.err(l.t('warning: {0}', message));
      },
      onAttempt: (a) => {
        done++;
        const line = l.t('burst: {0}/{1} connections', done, o.count ?? DEFAULT_COUNT);
        progress(
          a.kind === 'retransmit'
            ? l.t('{0} (#{1} waited for {2} SYN retransmission(s))', line, a.index + 1, a.retransmissions ?? '?')
            : line,
        );
      },
    });
  } finally {
    progress('');
  }
}

/**
 * The report as the text shows it: the server's virtualisation classified again from the facts in the run's
 * language (RESULT.json keeps the English label).
 */
function inLanguage(report: DiagnosisReport, facts: HostFacts | undefined, l: Localizer): DiagnosisReport {
  if (l.lang === 'en' || facts === undefined || report.server.virtualization === undefined) return report;
  return { ...report, server: { ...report.server, virtualization: detectVirtualization(facts, l).label } };
}

/** Prints the report (text or RESULT.json) and writes the requested files. Public IPs are masked unless asked. */
export async function emit(
  report: DiagnosisReport,
  io: Output,
  o: { json: boolean; output?: string; html?: string; publicIps: boolean; facts?: HostFacts },
): Promise<void> {
  const shared = o.publicIps ? report : maskResultIps(report);
  if (o.output) await writeFile(o.output, serializeResult(shared));
  if (o.html)
    await writeFile(
      o.html,
      reportHtml(report, await reportAssets('diagnose'), { includePublicIps: o.publicIps, ...htmlLanguage(io) }),
    );
  const l = io.l ?? english;
  io.out(o.json ? serializeResult(shared) : reportText(inLanguage(report, o.facts, l), { color: io.isTty, l }));
  if (o.output) io.err(l.t('wrote {0}', o.output));
  if (o.html) io.err(l.t('wrote {0}', o.html));
}
