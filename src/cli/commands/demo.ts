import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoHost, DEMO_HOST_ALIAS } from '../../demo/demoHost';
import { cliSession, cliStateDir, sessionFailure } from '../cliSession';
import { CliError, EXIT, type Output } from '../io';
import { interruptible } from '../target';
import { diagnoseOverSession, emit } from './diagnose';
import { DEFAULT_CONCURRENCY, DEFAULT_COUNT } from '../../core/probes/burstLimits';
import { DEFAULT_PING_COUNT } from '../../core/probes/pingLimits';

export const demoUsage = `vps-doctor demo [--html FILE] [--json] [-o RESULT.json]

  Starts the built-in demo host on 127.0.0.1 (a simulated OpenVZ container with the figures of the
  VPS this project was born from, behind an SSH server and a web service that drops bursts of new
  connections like that VPS's provider did) and runs the full diagnosis against it through the same
  code as a real host: SSH with host-key checking, the sampler, a burst with a keep-alive control, a
  ping of loopback, the buffer risk. Needs no server, no root and no network.

  --html FILE   where to write the HTML report (default ./vps-doctor-demo-report.html)
  --json        print RESULT.json instead of the summary;  -o FILE  also write RESULT.json
The client-side timings are real; the server counters are simulated, and every report says so.`;

export async function demoCommand(argv: string[], io: Output): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      html: { type: 'string' },
      json: { type: 'boolean', default: false },
      output: { type: 'string', short: 'o' },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(demoUsage);
    return EXIT.ok;
  }
  const html = resolve(values.html ?? 'vps-doctor-demo-report.html');
  const cancel = interruptible();
  if (io.isTty) process.stderr.write('starting the demo host (simulated OpenVZ container)...');
  const demo = await startDemoHost({ stateDir: join(cliStateDir(process.env), 'demo') });
  const session = cliSession(
    { id: `ssh:${DEMO_HOST_ALIAS}`, label: `${DEMO_HOST_ALIAS} (simulated OpenVZ host)`, alias: demo.hostAlias, source: 'ssh-config' },
    { command: 'demo', io, env: process.env, configFile: demo.sshConfigFile, acceptNew: false, verbose: values.verbose },
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
    await emit(report, io, { json: values.json, output: values.output, html, publicIps: false });
    return EXIT.ok;
  } catch (err) {
    if (cancel.signal.aborted) throw new CliError('demo: cancelled', 130);
    if (err instanceof CliError) throw err;
    const mapped = sessionFailure('demo', err, session);
    throw mapped instanceof CliError ? mapped : new CliError(`demo: ${(err as Error).message}`, EXIT.failure);
  } finally {
    cancel.dispose();
    session.dispose();
    await demo.stop();
  }
}
