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
import { intOption, interruptible, parseHostPort } from '../target';

export const burstUsage = `vps-doctor burst HOST:PORT [--count N] [--concurrency C] [--http PATH] [--sweep] [--yes] [--json]

  Opens N new TCP connections, C at a time, from this machine (like \`ab -n 32 -c 4\`), times each
  connect, infers lost SYNs from the client's own retransmission schedule, and keeps one existing
  connection open as a control. Only full handshakes, never half-open SYNs.

  --count N         connections (default ${DEFAULT_COUNT}, at most ${HARD_MAX_COUNT})
  --concurrency C   at a time (default ${DEFAULT_CONCURRENCY}, at most ${HARD_MAX_CONCURRENCY})
  --http PATH       send one HTTP/1.1 GET per connection; the control reuses one keep-alive connection
  --sweep           also estimate the filter: spaced connects, rising bursts, pauses (up to ~3 min)
  --yes             required above ${CONFIRM_COUNT} connections or ${CONFIRM_CONCURRENCY} at a time
  --json            the raw result
Ctrl-C stops the probe and prints what was measured.`;

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
    io.out(burstUsage);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new CliError('burst: give exactly one HOST:PORT (try --help)', EXIT.badInput);
  const { host, port } = parseHostPort(positionals[0]);
  const count = intOption(values.count, 'count', 1, HARD_MAX_COUNT);
  const concurrency = intOption(values.concurrency, 'concurrency', 1, HARD_MAX_CONCURRENCY);
  if (values.http !== undefined && !HTTP_PATH.test(values.http)) {
    throw new CliError('--http PATH must start with / and contain no spaces or control characters', EXIT.badInput);
  }
  if (needsConfirmation(count ?? DEFAULT_COUNT, concurrency ?? DEFAULT_CONCURRENCY) && !values.yes) {
    throw new CliError(
      `burst: ${count} connections at ${concurrency ?? DEFAULT_CONCURRENCY} at a time is a lot for someone else's filter to see; add --yes if you mean it`,
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
        if (io.isTty) process.stderr.write(`\rprobing: ${done}/${count ?? DEFAULT_COUNT} connections`);
      },
    });
    if (io.isTty) process.stderr.write('\r\x1b[K');
    const sweep =
      values.sweep && !cancel.signal.aborted ? await runSweep({ host, port, signal: cancel.signal }) : undefined;
    io.out(
      values.json
        ? JSON.stringify(sweep ? { ...result, sweep } : result, null, 2)
        : [burstText(result, io.l), ...(sweep ? ['', sweepText(sweep)] : [])].join('\n'),
    );
    return EXIT.ok;
  } catch (err) {
    if (cancel.signal.aborted) throw new CliError('burst: cancelled before the burst started', EXIT.failure);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      throw new CliError(`burst: cannot resolve "${host}" (${code})`, EXIT.failure);
    throw err;
  } finally {
    cancel.dispose();
  }
}
