import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Server, type AuthContext, type Connection, type ParsedKey, type ServerChannel, type Session } from 'ssh2';
import { LocalRunner } from '../core/remote/localRunner';
import { DEFAULT_SAMPLE_MAX_OUTPUT_BYTES } from '../core/remote/sampleLimits';
import { allowExec, type AllowedExec } from './execAllowlist';

/** The exit status `sh` uses for "found but cannot execute": what a refused command gets. */
export const REFUSED_STATUS = 126;
/** 128 + SIGKILL: what `timeout -s KILL` reports when its watchdog fires. */
const KILLED_STATUS = 137;
/** Deadline for a command sent without the watchdog, ms. */
const DEFAULT_DEADLINE_MS = 30_000;

export interface DemoSshServerOptions {
  /** The host's private key, OpenSSH text. */
  hostKey: string;
  /** The one public key allowed to log in. */
  clientKey: ParsedKey;
  /** The one user name allowed to log in. */
  user: string;
  /** The scenario's file root, served to the catalog scripts as `VPSD_ROOT`. */
  root: string;
  /** Called with every refused command line and why (for a log). */
  onRefused?: (line: string, reason: string) => void;
  /** Port on 127.0.0.1 (default: any free one); a restarted host keeps its port. */
  port?: number;
  /** While true, allowed commands are accepted and never answered: a hung command, for fault tests. */
  hung?: () => boolean;
}

export interface DemoSshServer {
  port: number;
  /** Closes the listener and every connection; resolves when the listener is closed. */
  close(): Promise<void>;
}

/**
 * An SSH server on 127.0.0.1 (ephemeral port) that behaves like a locked-down host: publickey login
 * for one user and one key (the signature verified, as in ssh2's server example), exec requests only,
 * and only command lines that `allowExec` recognises as catalog renderings, each run for real in a
 * local `sh` by `LocalRunner` with the scenario as its file root. Everything else is refused: other
 * commands get a message on stderr and exit status 126; shells, subsystems, pty, env, agent and X11
 * requests and every non-session channel or forwarding request are rejected.
 */
export function startDemoSshServer(opts: DemoSshServerOptions): Promise<DemoSshServer> {
  const runner = new LocalRunner({ root: opts.root });
  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [opts.hostKey], ident: 'VPSDoctorDemo' }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => authenticate(ctx, opts));
    client.on('tcpip', (_accept, reject) => reject());
    client.on('openssh.streamlocal', (_accept, reject) => reject());
    client.on('request', (_accept, reject) => reject?.());
    client.on('session', (accept) => serveSession(accept(), runner, opts));
  });
  return new Promise<DemoSshServer>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', () => undefined);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const c of clients) c.end();
          }),
      });
    });
  });
}

/** ssh2's server example: the user, the key type and blob, and (when sent) the signature must all check out. */
function authenticate(ctx: AuthContext, opts: DemoSshServerOptions): void {
  if (ctx.method !== 'publickey' || !sameBytes(Buffer.from(ctx.username), Buffer.from(opts.user)))
    return ctx.reject(['publickey']);
  const allowed = opts.clientKey;
  if (ctx.key.algo !== allowed.type || !sameBytes(ctx.key.data, allowed.getPublicSSH()))
    return ctx.reject(['publickey']);
  // Without a signature the client only asks whether this key would do; accept() answers "yes, sign".
  if (
    ctx.signature !== undefined &&
    (ctx.blob === undefined || allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true)
  ) {
    return ctx.reject(['publickey']);
  }
  ctx.accept();
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function serveSession(session: Session, runner: LocalRunner, opts: DemoSshServerOptions): void {
  for (const request of [
    'pty',
    'env',
    'x11',
    'auth-agent',
    'shell',
    'subsystem',
    'sftp',
    'signal',
    'window-change',
  ] as const) {
    session.on(request, (_accept: unknown, reject?: () => void) => reject?.());
  }
  session.on('exec', (accept, _reject, info) => {
    const channel = accept();
    const decision = allowExec(info.command);
    if (!decision.ok) {
      opts.onRefused?.(info.command, decision.reason);
      channel.stderr.write(`${decision.reason}\n`);
      channel.exit(REFUSED_STATUS);
      channel.end();
      return;
    }
    if (opts.hung?.() === true) return; // the channel stays open and silent until the client gives up
    void run(channel, decision.exec, runner);
  });
}

/** Runs an allowed command; the client closing the channel cancels it. */
async function run(channel: ServerChannel, exec: AllowedExec, runner: LocalRunner): Promise<void> {
  const abort = new AbortController();
  channel.on('close', () => abort.abort());
  channel.on('error', () => abort.abort());
  try {
    const r = await runner.exec({
      command: exec.command,
      args: exec.args,
      timeoutMs: exec.remoteTimeoutSeconds > 0 ? exec.remoteTimeoutSeconds * 1000 : DEFAULT_DEADLINE_MS,
      maxOutputBytes: DEFAULT_SAMPLE_MAX_OUTPUT_BYTES,
      signal: abort.signal,
    });
    channel.write(r.stdout);
    channel.stderr.write(r.stderr);
    // Report what the real command line would have: a watchdog kill is 137, any other kill a signal.
    if (r.timedOut) channel.exit(KILLED_STATUS);
    else if (r.exitCode !== null) channel.exit(r.exitCode);
    else channel.exit(r.exitSignal ?? 'KILL', false, '');
    channel.end();
  } catch {
    // Aborted: the client went away, there is nobody to answer.
  }
}
