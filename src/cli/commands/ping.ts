import { parseArgs } from 'node:util';
import { PingError, runPing } from '../../core/probes/ping';
import { pingText } from '../../core/report/pingText';
import { CliError, EXIT, type Output } from '../io';
import { intOption, interruptible } from '../target';
import { DEFAULT_PING_COUNT, MAX_PING_COUNT } from '../../core/probes/pingLimits';

export const pingUsage = `vps-doctor ping HOST [--count N] [--interval S] [--json]

  Sends N pings with the system ping and reports loss with a 95% Wilson interval, which sequence
  numbers were lost, and RTT min/avg/max/mdev/p50/p95. 100 or more probes are needed to tell a few
  percent of loss from none.

  --count N      probes (default ${DEFAULT_PING_COUNT}, at most ${MAX_PING_COUNT})
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
  const count = intOption(values.count, 'count', 1, MAX_PING_COUNT);
  const interval = values.interval === undefined ? undefined : Number(values.interval);
  if (interval !== undefined && (!Number.isFinite(interval) || interval < 0.01 || interval > 60)) {
    throw new CliError('--interval must be seconds from 0.01 to 60', EXIT.badInput);
  }
  const cancel = interruptible();
  try {
    if (io.isTty) process.stderr.write(`pinging ${positionals[0]} (${count ?? DEFAULT_PING_COUNT} probes)...`);
    const result = await runPing({ host: positionals[0], count, intervalSeconds: interval, signal: cancel.signal });
    if (io.isTty) process.stderr.write('\r\x1b[K');
    io.out(values.json ? JSON.stringify(result, null, 2) : pingText(result, io.l));
    return EXIT.ok;
  } catch (err) {
    if (io.isTty) process.stderr.write('\n');
    if (cancel.signal.aborted) throw new CliError('ping: cancelled', EXIT.failure);
    if (err instanceof PingError)
      throw new CliError(`ping: ${err.message}`, err.reason === 'options' ? EXIT.badInput : EXIT.failure);
    throw err;
  } finally {
    cancel.dispose();
  }
}
