import { english, type Localizer } from '../../shared/l10n/localizer';
import { usageText } from '../io';
import { parseArgs } from 'node:util';
import type { HostSession, HostTarget, SampleView } from '../../core/session/hostSession';
import { SshError, sshErrorText } from '../../core/ssh/sshErrors';
import { cliSession, sessionFailure, targetFor } from '../cliSession';
import { CliError, EXIT, type Output } from '../io';
import { growthLine, snapshotText } from './snapshotText';

export const snapshotUsage = (l: Localizer = english): string =>
  usageText(
    'vps-doctor snapshot TARGET [-F ssh_config] [--json] [--watch N] [--accept-new] [--verbose]',
    l.t(
      "  Connects over SSH (your ssh config, agent and known_hosts, as `ssh TARGET` would) and prints\n  one parsed sample: beancounters, key kernel counters, sysctls, the TCP buffer risk, the\n  virtualisation with its evidence, and what needed root. Nothing is changed on the server.\n\n  TARGET            an ssh config Host alias, or user@host[:port]\n  -F FILE           read only this ssh config file (like ssh -F)\n  --json            machine-readable output (with --watch: one JSON object per line)\n  --watch N         sample every N seconds and print failcnt growth until Ctrl-C\n  --accept-new      trust an unknown host key and record it (OpenSSH accept-new);\n                    a changed key is still refused\n  --verbose         also log informational messages (host key checks, facts) to stderr\n\n  Host keys are checked against your known_hosts files and VPS Doctor's own trust store,\n  $XDG_STATE_HOME/vps-doctor/known_hosts (default ~/.local/state/vps-doctor/known_hosts),\n  which also holds the failcnt history. Nothing asks about host keys here: an unknown key\n  ends with exit 3 and its fingerprint. A passphrase is asked on the terminal (/dev/tty,\n  no echo); without a terminal, keys with a passphrase must be loaded into ssh-agent.\nExit codes: 0 ok, 1 sampling failed, 2 bad arguments or ssh config, 3 host key unknown,\n  4 host key changed, revoked or only CA-signed, 5 authentication failed, 6 unreachable or timed out.",
    ),
  );

export interface SnapshotEnv {
  env: NodeJS.ProcessEnv;
  /** Resolves when the user interrupts (Ctrl-C); ends `--watch`. Called only in watch mode. */
  interrupted: () => Promise<void>;
}

const processEnv: SnapshotEnv = {
  env: process.env,
  interrupted: () => new Promise((resolve) => process.once('SIGINT', () => resolve())),
};

export async function snapshotCommand(argv: string[], io: Output, runtime: SnapshotEnv = processEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'F' },
      json: { type: 'boolean', default: false },
      watch: { type: 'string' },
      'accept-new': { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(snapshotUsage(io.l));
    return EXIT.ok;
  }
  const l = io.l ?? english;
  if (positionals.length !== 1)
    throw new CliError(l.t('{0}: exactly one TARGET is needed (try --help)', 'snapshot'), EXIT.badInput);
  const watchSeconds = values.watch === undefined ? undefined : Number(values.watch);
  if (watchSeconds !== undefined && !(Number.isInteger(watchSeconds) && watchSeconds >= 1 && watchSeconds <= 86400)) {
    throw new CliError(l.t('snapshot: --watch takes whole seconds from 1 to 86400'), EXIT.badInput);
  }
  const target = targetFor(positionals[0]!);
  // One look is not worth a long retry loop; --watch rides out a short outage (about a minute).
  const session = cliSession(target, {
    command: 'snapshot',
    io,
    env: runtime.env,
    configFile: values.config,
    acceptNew: values['accept-new'],
    verbose: values.verbose,
    sampleIntervalMs: (watchSeconds ?? 5) * 1000,
    ...(watchSeconds === undefined ? {} : { maxAttempts: 6, capMs: 30_000 }),
  });
  try {
    await session.connect();
    const first = await session.sampleNow();
    if (watchSeconds === undefined) {
      io.out(
        values.json ? JSON.stringify(jsonOf(first, target), null, 2) : snapshotText(first, target.label, io.isTty, l),
      );
      return EXIT.ok;
    }
    return await watch(session, first, values.json, io, runtime.interrupted(), l);
  } catch (err) {
    throw sessionFailure('snapshot', err, session, l);
  } finally {
    session.dispose();
  }
}

/** Prints failcnt growth for every sample until interrupted; connection trouble goes to stderr meanwhile. */
async function watch(
  session: HostSession,
  first: SampleView,
  json: boolean,
  io: Output,
  interrupted: Promise<void>,
  l: Localizer,
): Promise<number> {
  const print = (v: SampleView): void => io.out(json ? JSON.stringify(jsonOf(v, session.target)) : growthLine(v, l));
  print(first);
  let printed = first;
  session.onDidSample((v) => {
    if (v.stale || v === printed) return;
    printed = v;
    print(v);
  });
  let failed: unknown;
  const gaveUp = new Promise<void>((resolve) =>
    session.onDidChangeState((s) => {
      if (s.kind === 'reconnecting')
        io.err(
          l.t(
            'reconnecting (attempt {0}, next in {1} s): {2}',
            s.attempt,
            Math.round(s.nextAttemptInMs / 1000),
            s.lastErrorPhrase ? sshErrorText({ phrase: s.lastErrorPhrase }, l) : s.lastError,
          ),
        );
      if (s.kind === 'connected' && s.sampleProblem)
        io.err(l.t('sample failed: {0}', sshErrorText(s.sampleProblem, l)));
      if (s.kind === 'failed') {
        failed = new SshError(s.error.kind as SshError['kind'], s.error.phrase ?? s.error.message);
        resolve();
      }
    }),
  );
  await Promise.race([interrupted, gaveUp]);
  if (failed !== undefined) throw failed;
  return EXIT.ok;
}

function jsonOf(v: SampleView, target: HostTarget) {
  return {
    target: { id: target.id, alias: target.alias },
    takenAt: new Date(v.takenAtMs).toISOString(),
    deltas: v.deltas,
    assessments: v.assessments,
    ...(v.bufferRisk ? { bufferRisk: v.bufferRisk } : {}),
    snapshot: v.snapshot,
  };
}
