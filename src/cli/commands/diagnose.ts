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
import { reportAssets } from '../assets';
import { htmlLanguage } from '../cliL10n';
import { cliSession, sessionFailure, targetFor } from '../cliSession';
import { CliError, EXIT, type Output } from '../io';
import { intOption, interruptible, serviceTarget } from '../target';
import { TOOL } from '../version';

export const diagnoseUsage = `vps-doctor diagnose TARGET --port P [-F ssh_config] [--count N] [--concurrency C] [--ping-count N] [--http PATH] [--json] [-o RESULT.json] [--html FILE]

  One full diagnosis: connects over SSH (as \`vps-doctor snapshot\`), reads the server's counters,
  opens a burst of new connections to TARGET's port from this machine with a keep-alive control,
  reads the counters again, waits an idle control interval of the same length, pings the host,
  and says where the SYNs died (upstream filter, host firewall, accept queue, path loss...) with
  the evidence, plus the beancounter growth and the TCP buffer risk.

  --port P          the TCP port to probe (your web server, e.g. 80)
  --http PATH       send one HTTP GET per connection (keep-alive control over one connection)
  --count N         new connections (default ${DEFAULT_COUNT}), --concurrency C at a time (default ${DEFAULT_CONCURRENCY})
  --ping-count N    pings (default ${DEFAULT_PING_COUNT}; 0 skips the ping)
  --json            print RESULT.json (public IPs masked unless --public-ips)
  -o FILE           also write RESULT.json to FILE;  --html FILE  also write the HTML report
  -F, --accept-new, --verbose: as for \`snapshot\`;  --yes: allow big bursts
Exit codes: 0 whatever the verdict; non-zero only when the diagnosis could not run (as \`snapshot\`).`;

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
    io.out(diagnoseUsage);
    return EXIT.ok;
  }
  const { port } = serviceTarget('diagnose', positionals, values.port, values.http);
  const count = intOption(values.count, 'count', 1, HARD_MAX_COUNT);
  const concurrency = intOption(values.concurrency, 'concurrency', 1, HARD_MAX_CONCURRENCY);
  const pingCount = intOption(values['ping-count'], 'ping-count', 0, MAX_PING_COUNT);
  if (needsConfirmation(count ?? DEFAULT_COUNT, concurrency ?? DEFAULT_CONCURRENCY) && !values.yes) {
    throw new CliError(
      `diagnose: a burst of ${count} at ${concurrency ?? DEFAULT_CONCURRENCY} at a time needs --yes`,
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
    });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof DiagnosisSampleError) throw new CliError(`diagnose: ${err.message}`, EXIT.failure);
    if (cancel.signal.aborted) throw new CliError('diagnose: cancelled', 130);
    throw sessionFailure('diagnose', err, session);
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
  snapshot: 'reading the server counters',
  burst: 'burst',
  idle: 'idle control interval',
  ping: 'pinging',
  verdict: 'deciding',
};

/** Connects the session, pauses its sampling, and runs the full diagnosis over its runner with a progress line. */
export async function diagnoseOverSession(session: HostSession, o: SessionDiagnosisOptions): Promise<DiagnosisReport> {
  const progress = (text: string) => {
    if (o.io.isTty) process.stderr.write(`\r\x1b[K${text}`);
  };
  progress(`connecting to ${session.target.label}...`);
  await session.connect(o.signal);
  // The diagnosis takes its own samples; the background loop would only add traffic.
  session.setVisible(false);
  const host = o.probeHost ?? session.address?.hostName;
  if (host === undefined) throw new CliError('diagnose: the host has no network address to probe', EXIT.failure);
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
      onStage: (s) => progress(s === 'burst' ? `burst: 0/${o.count ?? DEFAULT_COUNT} connections` : `${STAGES[s]}...`),
      onWarning: (message) => {
        progress('');
        o.io.err(`warning: ${message}`);
      },
      onAttempt: (a) => {
        done++;
        progress(
          `burst: ${done}/${o.count ?? DEFAULT_COUNT} connections${a.kind === 'retransmit' ? ` (#${a.index + 1} waited for ${a.retransmissions} SYN retransmission(s))` : ''}`,
        );
      },
    });
  } finally {
    progress('');
  }
}

/** Prints the report (text or RESULT.json) and writes the requested files. Public IPs are masked unless asked. */
export async function emit(
  report: DiagnosisReport,
  io: Output,
  o: { json: boolean; output?: string; html?: string; publicIps: boolean },
): Promise<void> {
  const shared = o.publicIps ? report : maskResultIps(report);
  if (o.output) await writeFile(o.output, serializeResult(shared));
  if (o.html)
    await writeFile(
      o.html,
      reportHtml(report, await reportAssets('diagnose'), { includePublicIps: o.publicIps, ...htmlLanguage(io) }),
    );
  io.out(o.json ? serializeResult(shared) : reportText(report, { color: io.isTty, ...(io.l ? { l: io.l } : {}) }));
  if (o.output) io.err(`wrote ${o.output}`);
  if (o.html) io.err(`wrote ${o.html}`);
}
