import { parseArgs } from 'node:util';
import { openMetrics, type MetricsFormat } from '../../core/report/openMetrics';
import { HostSession, type SessionDeps, type SessionPrompts } from '../../core/session/hostSession';
import { SshError } from '../../core/ssh/sshErrors';
import { CliError, EXIT, type Output } from '../io';
import { cliStateDir, SNAPSHOT_EXIT, targetFor } from './snapshot';
import { askTerminal, hasTerminal } from './snapshotTty';

export const metricsUsage = `vps-doctor metrics TARGET [-F ssh_config] [--accept-new] [--format openmetrics|prometheus]

  Connects over SSH exactly as \`vps-doctor snapshot\` does, takes one sample and prints it as
  metrics: beancounters (held, maxheld, barrier, limit, failcnt per container and resource),
  key kernel counters (ListenOverflows, ListenDrops, TCPSynRetrans, PassiveOpens, InReceives,
  InDelivers, conntrack), the TCP buffer risk grade, uptime and the host's kernel. Use it from a
  cron job or a textfile collector; nothing is changed on the server.

  TARGET            an ssh config Host alias, or user@host[:port]
  -F FILE           read only this ssh config file (like ssh -F)
  --accept-new      trust an unknown host key and record it (OpenSSH accept-new)
  --format F        openmetrics (default: OpenMetrics 1.0, ends with # EOF) or prometheus
                    (text format 0.0.4, for node_exporter's textfile collector)

  Beancounter numbers keep the kernel's units (_bytes, _pages, plain counts); an unlimited
  barrier or limit has no sample. Host keys and the trust store are as for \`snapshot\`.
Exit codes: 0 ok, 1 sampling failed, 2 bad arguments or ssh config, 3 host key unknown,
  4 host key changed or revoked, 5 authentication failed, 6 unreachable or timed out.`;

/** How the command reaches the world; injectable for tests. */
export interface MetricsEnv {
  env: NodeJS.ProcessEnv;
}

export async function metricsCommand(argv: string[], io: Output, runtime: MetricsEnv = { env: process.env }): Promise<number> {
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
    io.out(metricsUsage);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new CliError('metrics: exactly one TARGET is needed (try --help)', EXIT.badInput);
  const format = values.format;
  if (format !== 'openmetrics' && format !== 'prometheus') throw new CliError('metrics: --format is openmetrics or prometheus', EXIT.badInput);
  const target = targetFor(positionals[0]!);
  const deps: SessionDeps = {
    prompts: passphrasePrompts(),
    // Only problems: stdout carries nothing but the metrics.
    log: (level, message) => {
      if (level !== 'info') io.err(`${level}: ${message}`);
    },
    storeDir: cliStateDir(runtime.env),
    env: runtime.env,
    settings: {
      hostKeyChecking: values['accept-new'] ? 'accept-new' : 'ask',
      sampleIntervalMs: 5000,
      hiddenIntervalMs: null,
      useSudo: true,
      timeoutMs: 20_000,
      maxOutputBytes: 4 * 1024 * 1024,
      ...(values.config !== undefined ? { sshConfigFile: values.config } : {}),
    },
    sshTuning: { backoff: { maxAttempts: 0 } },
  };
  const session = new HostSession(target, deps);
  try {
    await session.connect();
    const view = await session.sampleNow();
    io.out(openMetrics({ snapshot: view.snapshot }, format satisfies MetricsFormat));
    return EXIT.ok;
  } catch (err) {
    throw failure(err, session);
  } finally {
    session.dispose();
  }
}

/** A key's passphrase on the terminal; nothing else is asked (an unknown host key ends with exit 3). */
function passphrasePrompts(): SessionPrompts {
  if (!hasTerminal()) return {};
  return { passphrase: (keyPath, wrong) => askTerminal(`${wrong ? 'Wrong passphrase. ' : ''}Enter passphrase for key '${keyPath}': `) };
}

/** The exit codes of `snapshot`, so scripts can treat both commands alike. */
function failure(err: unknown, session: HostSession): unknown {
  if (!(err instanceof SshError)) {
    if (err instanceof Error && err.name === 'SampleFailedError') return new CliError(`metrics: ${err.message}`, EXIT.failure);
    return err;
  }
  const say = (code: number, extra = ''): CliError => new CliError(`metrics: ${err.message}${extra}`, code);
  switch (err.kind) {
    case 'hostKeyUnknown':
    case 'hostKeyDeclined': {
      const r = session.hostKeyRefusal;
      const key = r === undefined ? '' : ` (${r.keyType} ${r.fingerprint})`;
      return say(SNAPSHOT_EXIT.hostKeyUnknown, `${key} Check the fingerprint, then rerun with --accept-new or log in once with \`ssh ${session.target.alias}\`.`);
    }
    case 'hostKeyChanged':
    case 'hostKeyRevoked':
      return say(SNAPSHOT_EXIT.hostKeyRejected);
    case 'auth':
      return say(SNAPSHOT_EXIT.auth);
    case 'timeout':
    case 'refused':
    case 'unreachable':
    case 'dns':
    case 'closed':
    case 'protocol':
    case 'permission':
      return say(SNAPSHOT_EXIT.unreachable);
    case 'cancelled':
      return say(SNAPSHOT_EXIT.interrupted);
    case 'config':
      return say(EXIT.badInput);
    case 'algorithm':
      return say(EXIT.failure);
  }
}
