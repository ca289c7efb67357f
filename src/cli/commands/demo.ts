import { english, type Localizer } from '../../shared/l10n/localizer';
import { usageText } from '../io';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoFleet } from '../../demo/demoFleet';
import { startDemoHost, DEMO_HOST_ALIAS } from '../../demo/demoHost';
import { cliSession, cliStateDir, sessionFailure } from '../cliSession';
import { CliError, EXIT, type Output } from '../io';
import { intOption, interruptible, untilStopped } from '../target';
import { diagnoseOverSession, emit } from './diagnose';
import { DEFAULT_CONCURRENCY, DEFAULT_COUNT } from '../../core/probes/burstLimits';
import { DEFAULT_PING_COUNT } from '../../core/probes/pingLimits';

export const demoUsage = (l: Localizer = english): string =>
  usageText(
    'vps-doctor demo [--html FILE] [--json] [-o RESULT.json] | --hosts N --write-config DIR',
    l.t(
      "  Starts the built-in demo host on 127.0.0.1 (a simulated OpenVZ container with the figures of the\n  VPS this project was born from, behind an SSH server and a web service that drops bursts of new\n  connections like that VPS's provider did) and runs the full diagnosis against it through the same\n  code as a real host: SSH with host-key checking, the sampler, a burst with a keep-alive control, a\n  ping of loopback, the buffer risk. Needs no server, no root and no network.\n\n  --html FILE   where to write the HTML report (default ./vps-doctor-demo-report.html)\n  --json        print RESULT.json instead of the summary;  -o FILE  also write RESULT.json\n\n  --hosts N --write-config DIR\n                starts a fleet of N simulated hosts instead (distinct ports and host keys; every fourth\n                host has the seed's SYN filter and failcnt growth, the next one only the failcnt growth,\n                the rest are healthy), writes DIR/ssh_config, DIR/known_hosts and DIR/fleet.yml for\n                `vps-doctor exporter --config DIR/fleet.yml`, and runs until interrupted.\nThe client-side timings are real; the server counters are simulated, and every report says so.",
    ),
  );

export async function demoCommand(argv: string[], io: Output): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      html: { type: 'string' },
      json: { type: 'boolean', default: false },
      output: { type: 'string', short: 'o' },
      verbose: { type: 'boolean', short: 'v', default: false },
      hosts: { type: 'string' },
      'write-config': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(demoUsage(io.l));
    return EXIT.ok;
  }
  const l = io.l ?? english;
  if (values.hosts !== undefined || values['write-config'] !== undefined)
    return demoFleetCommand(values.hosts, values['write-config'], io, l);
  const html = resolve(values.html ?? 'vps-doctor-demo-report.html');
  const cancel = interruptible();
  if (io.isTty) process.stderr.write(l.t('starting the demo host (simulated OpenVZ container)...'));
  const demo = await startDemoHost({ stateDir: join(cliStateDir(process.env), 'demo') });
  const session = cliSession(
    {
      id: `ssh:${DEMO_HOST_ALIAS}`,
      label: `${DEMO_HOST_ALIAS} (simulated OpenVZ host)`,
      alias: demo.hostAlias,
      source: 'ssh-config',
    },
    {
      command: 'demo',
      io,
      env: process.env,
      configFile: demo.sshConfigFile,
      acceptNew: false,
      verbose: values.verbose,
    },
  );
  try {
    const report = await diagnoseOverSession(session, {
      io,
      port: demo.servicePort,
      probeHost: '127.0.0.1',
      count: DEFAULT_COUNT,
      concurrency: DEFAULT_CONCURRENCY,
      pingCount: DEFAULT_PING_COUNT,
      pingIntervalSeconds: 0.05,
      signal: cancel.signal,
      demo: true,
    });
    await emit(report, io, {
      json: values.json,
      output: values.output,
      html,
      publicIps: false,
      ...(session.facts ? { facts: session.facts } : {}),
    });
    return EXIT.ok;
  } catch (err) {
    if (cancel.signal.aborted) throw new CliError(l.t('demo: cancelled'), 130);
    if (err instanceof CliError) throw err;
    const mapped = sessionFailure('demo', err, session, l);
    throw mapped instanceof CliError ? mapped : new CliError(`demo: ${(err as Error).message}`, EXIT.failure);
  } finally {
    cancel.dispose();
    session.dispose();
    await demo.stop();
  }
}

/** `demo --hosts N --write-config DIR`: the fleet runs until SIGINT or SIGTERM. */
async function demoFleetCommand(
  hostsText: string | undefined,
  dir: string | undefined,
  io: Output,
  l: Localizer,
): Promise<number> {
  const count = intOption(hostsText, 'hosts', 1, 1000, l);
  if (count === undefined || dir === undefined)
    throw new CliError(l.t('demo: --hosts N and --write-config DIR go together'), EXIT.badInput);
  const fleet = await startDemoFleet({ count, dir });
  const by = (kind: string) => fleet.hosts.filter((h) => h.scenario === kind).length;
  io.err(
    [
      l.t(
        'demo fleet: {0} simulated hosts on 127.0.0.1 ({1} behind an upstream SYN filter with failcnt growth, {2} with failcnt growth only, {3} healthy)',
        count,
        by('upstream-filter'),
        by('beancounters'),
        by('healthy'),
      ),
      `  ${fleet.sshConfigFile}`,
      `  ${fleet.knownHostsFile}`,
      `  ${fleet.fleetFile}`,
      l.t('next: {0}', `vps-doctor exporter --config ${fleet.fleetFile}`),
      l.t('Ctrl-C stops the fleet.'),
    ].join('\n'),
  );
  await untilStopped();
  await fleet.stop();
  return EXIT.ok;
}
