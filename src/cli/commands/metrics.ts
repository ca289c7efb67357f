import { english, type Localizer } from '../../shared/l10n/localizer';
import { usageText } from '../io';
import { parseArgs } from 'node:util';
import { openMetrics, type MetricsFormat } from '../../core/report/openMetrics';
import { cliSession, sessionFailure, targetFor } from '../cliSession';
import { CliError, EXIT, type Output } from '../io';

export const metricsUsage = (l: Localizer = english): string =>
  usageText(
    'vps-doctor metrics TARGET [-F ssh_config] [--accept-new] [--format openmetrics|prometheus]',
    l.t(
      "  Connects over SSH exactly as `vps-doctor snapshot` does, takes one sample and prints it as\n  metrics: beancounters (held, maxheld, barrier, limit, failcnt per container and resource),\n  key kernel counters (ListenOverflows, ListenDrops, TCPSynRetrans, PassiveOpens, InReceives,\n  InDelivers, conntrack), the TCP buffer risk grade, uptime and the host's kernel. Use it from a\n  cron job or a textfile collector; nothing is changed on the server.\n\n  TARGET            an ssh config Host alias, or user@host[:port]\n  -F FILE           read only this ssh config file (like ssh -F)\n  --accept-new      trust an unknown host key and record it (OpenSSH accept-new)\n  --format F        openmetrics (default: OpenMetrics 1.0, ends with # EOF) or prometheus\n                    (text format 0.0.4, for node_exporter's textfile collector)\n\n  Beancounter numbers keep the kernel's units (_bytes, _pages, plain counts); an unlimited\n  barrier or limit has no sample. Host keys and the trust store are as for `snapshot`.\nExit codes: 0 ok, 1 sampling failed, 2 bad arguments or ssh config, 3 host key unknown,\n  4 host key changed, revoked or only CA-signed, 5 authentication failed, 6 unreachable or timed out.",
    ),
  );

/** How the command reaches the world; injectable for tests. */
export interface MetricsEnv {
  env: NodeJS.ProcessEnv;
}

export async function metricsCommand(
  argv: string[],
  io: Output,
  runtime: MetricsEnv = { env: process.env },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'F' },
      'accept-new': { type: 'boolean', default: false },
      format: { type: 'string', default: 'openmetrics' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(metricsUsage(io.l));
    return EXIT.ok;
  }
  const l = io.l ?? english;
  if (positionals.length !== 1)
    throw new CliError(l.t('{0}: exactly one TARGET is needed (try --help)', 'metrics'), EXIT.badInput);
  const format = values.format;
  if (format !== 'openmetrics' && format !== 'prometheus')
    throw new CliError(l.t('metrics: --format is openmetrics or prometheus'), EXIT.badInput);
  const session = cliSession(targetFor(positionals[0]!), {
    command: 'metrics',
    io,
    env: runtime.env,
    configFile: values.config,
    acceptNew: values['accept-new'],
    // Only problems go to stderr (verbose off): stdout carries nothing but the metrics.
    allPrompts: false,
  });
  try {
    await session.connect();
    const view = await session.sampleNow();
    io.out(openMetrics({ snapshot: view.snapshot }, format satisfies MetricsFormat));
    return EXIT.ok;
  } catch (err) {
    throw sessionFailure('metrics', err, session, l);
  } finally {
    session.dispose();
  }
}
