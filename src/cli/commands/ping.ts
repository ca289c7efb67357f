import { parseArgs } from 'node:util';
import { PingError, runPing } from '../../core/probes/ping';
import { pingText } from '../../core/report/pingText';
import { CliError, EXIT, type Output } from '../io';
import { interruptible } from '../target';

export const pingUsage = `vps-doctor ping HOST [--count N] [--interval S] [--json]

  Sends N pings with the system ping and reports loss with a 95% Wilson interval, which sequence
  numbers were lost, and RTT min/avg/max/mdev/p50/p95. 100 or more probes are needed to tell a few
  percent of loss from none.

  --count N      probes (default 100, at most 10000)
  --interval S   seconds between probes (default 0.2; 1 on macOS)
  --json         the raw result`;

export async function pingCommand(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      count: { type: 'string' },
      interval: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(pingUsage);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new CliError('ping: give exactly one HOST (try --help)', EXIT.badInput);
  const count = values.count === undefined ? undefined : Number(values.count);
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 10000)) {
    throw new CliError('--count must be a whole number from 1 to 10000', EXIT.badInput);
  }
  const interval = values.interval === undefined ? undefined : Number(values.interval);
  if (interval !== undefined && (!Number.isFinite(interval) || interval < 0.01 || interval > 60)) {
    throw new CliError('--interval must be seconds from 0.01 to 60', EXIT.badInput);
  }
  const cancel = interruptible();
  try {
    if (io.isTty) process.stderr.write(`pinging ${positionals[0]} (${count ?? 100} probes)...`);
    const result = await runPing({ host: positionals[0], count, intervalSeconds: interval, signal: cancel.signal });
    if (io.isTty) process.stderr.write('\r\x1b[K');
    io.out(values.json ? JSON.stringify(result, null, 2) : pingText(result, io.l));
    return EXIT.ok;
  } catch (err) {
    if (io.isTty) process.stderr.write('\n');
    if (cancel.signal.aborted) throw new CliError('ping: cancelled', EXIT.failure);
    if (err instanceof PingError) throw new CliError(`ping: ${err.message}`, err.reason === 'options' ? EXIT.badInput : EXIT.failure);
    throw err;
  } finally {
    cancel.dispose();
  }
}
