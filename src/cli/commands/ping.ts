import { english, type Localizer } from '../../shared/l10n/localizer';
import { usageText } from '../io';
import { parseArgs } from 'node:util';
import { PingError, runPing } from '../../core/probes/ping';
import { renderPhrase } from '../../shared/l10n/phrase';
import { pingText } from '../../core/report/pingText';
import { CliError, EXIT, type Output } from '../io';
import { intOption, interruptible } from '../target';
import { DEFAULT_PING_COUNT, MAX_PING_COUNT } from '../../core/probes/pingLimits';

export const pingUsage = (l: Localizer = english): string =>
  usageText(
    'vps-doctor ping HOST [--count N] [--interval S] [--json]',
    l.t(
      '  Sends N pings with the system ping and reports loss with a 95% Wilson interval, which sequence\n  numbers were lost, and RTT min/avg/max/mdev/p50/p95. 100 or more probes are needed to tell a few\n  percent of loss from none.\n\n  --count N      probes (default {0}, at most {1})\n  --interval S   seconds between probes (default 0.2; 1 on macOS)\n  --json         the raw result',
      DEFAULT_PING_COUNT,
      MAX_PING_COUNT,
    ),
  );

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
    io.out(pingUsage(io.l));
    return EXIT.ok;
  }
  const l = io.l ?? english;
  if (positionals.length !== 1) throw new CliError(l.t('ping: give exactly one HOST (try --help)'), EXIT.badInput);
  const count = intOption(values.count, 'count', 1, MAX_PING_COUNT, l);
  const interval = values.interval === undefined ? undefined : Number(values.interval);
  if (interval !== undefined && (!Number.isFinite(interval) || interval < 0.01 || interval > 60)) {
    throw new CliError(l.t('--interval must be seconds from 0.01 to 60'), EXIT.badInput);
  }
  const cancel = interruptible();
  try {
    if (io.isTty) process.stderr.write(l.t('pinging {0} ({1} probes)...', positionals[0], count ?? DEFAULT_PING_COUNT));
    const result = await runPing({ host: positionals[0], count, intervalSeconds: interval, signal: cancel.signal });
    if (io.isTty) process.stderr.write('\r\x1b[K');
    io.out(values.json ? JSON.stringify(result, null, 2) : pingText(result, l));
    return EXIT.ok;
  } catch (err) {
    if (io.isTty) process.stderr.write('\n');
    if (cancel.signal.aborted) throw new CliError(l.t('ping: cancelled'), EXIT.failure);
    if (err instanceof PingError)
      throw new CliError(
        `ping: ${renderPhrase(err.phrase, l)}`,
        err.reason === 'options' ? EXIT.badInput : EXIT.failure,
      );
    throw err;
  } finally {
    cancel.dispose();
  }
}
