import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Exporter } from '../../core/exporter/exporter';
import { parseListen, startExporterServer } from '../../core/exporter/exporterServer';
import { parseFleet, type Fleet } from '../../core/exporter/fleetFile';
import { formatParseError } from '../../core/result';
import { cliStateDir } from '../cliSession';
import { CliError, EXIT, readTextFile, type Output } from '../io';
import { untilStopped } from '../target';
import { TOOL } from '../version';

export const exporterUsage = `vps-doctor exporter --config FLEET [--listen 127.0.0.1:9947] [--check] [--verbose]

  A Prometheus exporter for a fleet of hosts, on the multi-target pattern: Prometheus scrapes
  /probe?target=HOST&module=MODULE and the exporter does the work then, within the scrape's timeout
  (X-Prometheus-Scrape-Timeout-Seconds). Modules are defined in the fleet file: snapshot (one sample
  over the host's pooled SSH connection), tcp_burst (a small burst with a keep-alive control, under a
  min_interval and a max_syns_per_minute cap), ping, and diagnose (the full diagnosis, same caps).
  /metrics has the exporter's own metrics, /sd the fleet for http_sd_configs.

  --config FLEET    the fleet file (YAML): hosts (ssh config alias or user@host:port, labels) and modules
  --listen H:P      where to listen (default 127.0.0.1:9947)
  --check           only read the fleet file and say what it defines
  --verbose         log every probe that starts working again, not only failures

  Host keys are checked strictly: an unknown or changed key is an error metric and a log line, never
  accepted. Trust a new host once with \`vps-doctor snapshot HOST --accept-new\` or \`ssh HOST\`.
Exit codes: 0 stopped by SIGINT/SIGTERM (or --check passed), 1 failed, 2 bad fleet file or arguments.`;

/** Reads and checks the fleet file: one line naming the file and line on any problem. */
export async function loadFleet(path: string): Promise<Fleet> {
  const text = await readTextFile(path, 'fleet file');
  const r = parseFleet(text, path, dirname(resolve(path)));
  if (!r.ok) throw new CliError(`exporter: ${formatParseError(r.error)}`, EXIT.badInput);
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
    io.out(exporterUsage);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new CliError('exporter: no positional arguments (try --help)', EXIT.badInput);
  if (values.config === undefined)
    throw new CliError('exporter: --config FLEET is required (try --help)', EXIT.badInput);
  let listen: { host: string; port: number };
  try {
    listen = parseListen(values.listen);
  } catch (err) {
    throw new CliError(`exporter: ${(err as Error).message}`, EXIT.badInput);
  }
  const fleet = await loadFleet(values.config);
  if (values.check) {
    io.out(
      `${values.config}: ${fleet.hosts.length} hosts, modules ${[...fleet.modules.values()].map((m) => `${m.name} (${m.prober})`).join(', ')}`,
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
    throw new CliError(`exporter: cannot listen on ${values.listen}: ${(err as Error).message}`, EXIT.failure);
  }
  io.err(
    `${new Date().toISOString()} info: listening on http://${server.address}/ with ${fleet.hosts.length} hosts and modules ${[...fleet.modules.keys()].join(', ')}`,
  );
  await untilStopped();
  await server.close();
  exporter.dispose();
  return EXIT.ok;
}
