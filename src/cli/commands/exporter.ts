import { english, list, type Localizer } from '../../shared/l10n/localizer';
import { usageText } from '../io';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Exporter } from '../../core/exporter/exporter';
import { parseListen, startExporterServer } from '../../core/exporter/exporterServer';
import { parseFleet, type Fleet } from '../../core/exporter/fleetFile';
import { formatParseError } from '../../core/result';
import { cliStateDir } from '../cliSession';
import { CliError, EXIT, FILE_KINDS, readTextFile, type Output } from '../io';
import { untilStopped } from '../target';
import { TOOL } from '../version';

export const exporterUsage = (l: Localizer = english): string =>
  usageText(
    'vps-doctor exporter --config FLEET [--listen 127.0.0.1:9947] [--check] [--verbose]',
    l.t(
      "  A Prometheus exporter for a fleet of hosts, on the multi-target pattern: Prometheus scrapes\n  /probe?target=HOST&module=MODULE and the exporter does the work then, within the scrape's timeout\n  (X-Prometheus-Scrape-Timeout-Seconds). Modules are defined in the fleet file: snapshot (one sample\n  over the host's pooled SSH connection), tcp_burst (a small burst with a keep-alive control, under a\n  min_interval and a max_syns_per_minute cap), ping, and diagnose (the full diagnosis, same caps).\n  /metrics has the exporter's own metrics, /sd the fleet for http_sd_configs.\n\n  --config FLEET    the fleet file (YAML): hosts (ssh config alias or user@host:port, labels) and modules\n  --listen H:P      where to listen (default 127.0.0.1:9947)\n  --check           only read the fleet file and say what it defines\n  --verbose         log every probe that starts working again, not only failures\n\n  Host keys are checked strictly: an unknown or changed key is an error metric and a log line, never\n  accepted. Trust a new host once with `vps-doctor snapshot HOST --accept-new` or `ssh HOST`.\nExit codes: 0 stopped by SIGINT/SIGTERM (or --check passed), 1 failed, 2 bad fleet file or arguments.",
    ),
  );

/** Reads and checks the fleet file: one line naming the file and line on any problem. */
export async function loadFleet(path: string, l: Localizer = english): Promise<Fleet> {
  const text = await readTextFile(path, FILE_KINDS.fleet, l);
  const r = parseFleet(text, path, dirname(resolve(path)));
  if (!r.ok) throw new CliError(`exporter: ${formatParseError(r.error, l)}`, EXIT.badInput);
  return r.value;
}

export async function exporterCommand(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c' },
      listen: { type: 'string', default: '127.0.0.1:9947' },
      check: { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(exporterUsage(io.l));
    return EXIT.ok;
  }
  const l = io.l ?? english;
  if (positionals.length > 0) throw new CliError(l.t('exporter: no positional arguments (try --help)'), EXIT.badInput);
  if (values.config === undefined)
    throw new CliError(l.t('exporter: --config FLEET is required (try --help)'), EXIT.badInput);
  let listen: { host: string; port: number };
  try {
    listen = parseListen(values.listen);
  } catch (err) {
    throw new CliError(`exporter: ${(err as Error).message}`, EXIT.badInput);
  }
  const fleet = await loadFleet(values.config, l);
  if (values.check) {
    io.out(
      l.t(
        '{0}: {1} hosts, modules {2}',
        values.config,
        fleet.hosts.length,
        list(
          l,
          [...fleet.modules.values()].map((m) => `${m.name} (${m.prober})`),
        ),
      ),
    );
    return EXIT.ok;
  }
  const log = (level: 'info' | 'warn' | 'error', message: string): void => {
    if (level !== 'info' || values.verbose) io.err(`${new Date().toISOString()} ${level}: ${message}`);
  };
  const exporter = new Exporter({ fleet, tool: TOOL, storeDir: cliStateDir(process.env), env: process.env, log });
  let server;
  try {
    server = await startExporterServer(exporter, listen);
  } catch (err) {
    exporter.dispose();
    throw new CliError(l.t('exporter: cannot listen on {0}: {1}', values.listen, (err as Error).message), EXIT.failure);
  }
  io.err(
    `${new Date().toISOString()} info: ${l.t('listening on {0} with {1} hosts and modules {2}', `http://${server.address}/`, fleet.hosts.length, list(l, [...fleet.modules.keys()]))}`,
  );
  await untilStopped();
  await server.close();
  exporter.dispose();
  return EXIT.ok;
}
