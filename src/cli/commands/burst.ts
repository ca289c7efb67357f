import { english, type Localizer } from '../../shared/l10n/localizer';
import { usageText } from '../io';
import { parseArgs } from 'node:util';
import { runBurst } from '../../core/probes/burst';
import { runSweep } from '../../core/probes/sweep';
import {
  CONFIRM_COUNT,
  CONFIRM_CONCURRENCY,
  DEFAULT_CONCURRENCY,
  DEFAULT_COUNT,
  HARD_MAX_COUNT,
  HARD_MAX_CONCURRENCY,
  needsConfirmation,
} from '../../core/probes/burstLimits';
import { HTTP_PATH } from '../../core/probes/burstHttp';
import { burstText, sweepText } from '../../core/report/burstText';
import { CliError, EXIT, type Output } from '../io';
import { HTTP_PATH_RULE, intOption, interruptible, parseHostPort } from '../target';

export const burstUsage = (l: Localizer = english): string =>
  usageText(
    'vps-doctor burst HOST:PORT [--count N] [--concurrency C] [--http PATH] [--sweep] [--yes] [--json]',
    l.t(
      "  Opens N new TCP connections, C at a time, from this machine (like `ab -n 32 -c 4`), times each\n  connect, infers lost SYNs from the client's own retransmission schedule, and keeps one existing\n  connection open as a control. Only full handshakes, never half-open SYNs.\n\n  --count N         connections (default {0}, at most {1})\n  --concurrency C   at a time (default {2}, at most {3})\n  --http PATH       send one HTTP/1.1 GET per connection; the control reuses one keep-alive connection\n  --sweep           also estimate the filter: spaced connects, rising bursts, pauses (up to ~3 min)\n  --yes             required above {4} connections or {5} at a time\n  --json            the raw result\nCtrl-C stops the probe and prints what was measured.",
      DEFAULT_COUNT,
      HARD_MAX_COUNT,
      DEFAULT_CONCURRENCY,
      HARD_MAX_CONCURRENCY,
      CONFIRM_COUNT,
      CONFIRM_CONCURRENCY,
    ),
  );

export async function burstCommand(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      count: { type: 'string' },
      concurrency: { type: 'string' },
      http: { type: 'string' },
      sweep: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(burstUsage(io.l));
    return EXIT.ok;
  }
  const l = io.l ?? english;
  if (positionals.length !== 1)
    throw new CliError(l.t('burst: give exactly one HOST:PORT (try --help)'), EXIT.badInput);
  const { host, port } = parseHostPort(positionals[0], l);
  const count = intOption(values.count, 'count', 1, HARD_MAX_COUNT, l);
  const concurrency = intOption(values.concurrency, 'concurrency', 1, HARD_MAX_CONCURRENCY, l);
  if (values.http !== undefined && !HTTP_PATH.test(values.http)) {
    throw new CliError(l.t(HTTP_PATH_RULE), EXIT.badInput);
  }
  if (needsConfirmation(count ?? DEFAULT_COUNT, concurrency ?? DEFAULT_CONCURRENCY) && !values.yes) {
    throw new CliError(
      l.t(
        "burst: {0} connections at {1} at a time is a lot for someone else's filter to see; add --yes if you mean it",
        count ?? DEFAULT_COUNT,
        concurrency ?? DEFAULT_CONCURRENCY,
      ),
      EXIT.badInput,
    );
  }
  const cancel = interruptible();
  try {
    let done = 0;
    const result = await runBurst({
      host,
      port,
      count,
      concurrency,
      httpPath: values.http,
      signal: cancel.signal,
      onAttempt: () => {
        done++;
        if (io.isTty) process.stderr.write(`\r${l.t('probing: {0}/{1} connections', done, count ?? DEFAULT_COUNT)}`);
      },
    });
    if (io.isTty) process.stderr.write('\r\x1b[K');
    const sweep =
      values.sweep && !cancel.signal.aborted ? await runSweep({ host, port, signal: cancel.signal }) : undefined;
    io.out(
      values.json
        ? JSON.stringify(sweep ? { ...result, sweep } : result, null, 2)
        : [burstText(result, l), ...(sweep ? ['', sweepText(sweep, l)] : [])].join('\n'),
    );
    return EXIT.ok;
  } catch (err) {
    if (cancel.signal.aborted) throw new CliError(l.t('burst: cancelled before the burst started'), EXIT.failure);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      throw new CliError(l.t('burst: cannot resolve "{0}" ({1})', host, code), EXIT.failure);
    throw err;
  } finally {
    cancel.dispose();
  }
}
