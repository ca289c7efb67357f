import { phrase } from '../../shared/l10n/phrase';
import { performance } from 'node:perf_hooks';
import {
  assertValidRequest,
  renderCommandLine,
  type CommandRunner,
  type ExecRequest,
  type ExecResult,
} from '../remote/runner';
import type { ExitStatus, OpenedChannel, SshConnection } from './sshConnection';
import { SshError } from './sshErrors';
import { CappedBuffer } from '../remote/cappedBuffer';

/** Exit status of a process killed by SIGKILL (128 + 9), which is what `timeout -s KILL` reports. */
const KILLED_STATUS = 137;

/** What the runner needs from the connection (an `SshConnection`; a fake in unit tests). */
export type ChannelSource = Pick<SshConnection, 'openExec' | 'where' | 'state'>;

export interface SshRunnerOptions {
  /**
   * Wrap each command in a remote `timeout -s KILL` (default true). Turn it off for hosts whose
   * `timeout` lacks `-s` (old BusyBox; see `HostFacts.tools.timeoutKill`).
   */
  remoteWatchdog?: boolean;
  /** How long an abandoned channel may take to close before its connection is recycled, in ms (default 5000). */
  abandonGraceMs?: number;
  /** Clock in ms, for `durationMs`. */
  now?: () => number;
}

/**
 * Runs catalog commands over the host's shared SSH connection. Killing a remote command is
 * unreliable (docs/security.md §4.2), so time is layered: a remote `timeout -s KILL`, then
 * the local deadline (`signal('KILL')`, `close()`, settle at once), then, if the channel still does
 * not close, a fresh connection. Both output streams are always drained and each is capped.
 */
export class SshRunner implements CommandRunner {
  private readonly watchdog: boolean;
  private readonly graceMs: number;
  private readonly now: () => number;

  constructor(
    private readonly connection: ChannelSource,
    opts: SshRunnerOptions = {},
  ) {
    this.watchdog = opts.remoteWatchdog ?? true;
    this.graceMs = opts.abandonGraceMs ?? 5000;
    this.now = opts.now ?? (() => performance.now());
  }

  async exec(req: ExecRequest): Promise<ExecResult> {
    assertValidRequest(req);
    if (req.signal?.aborted) throw req.signal.reason;
    const started = this.now();
    // The remote watchdog fires a little before our deadline so the normal path reports it.
    const remoteSeconds = this.watchdog ? Math.max(1, Math.floor(req.timeoutMs / 1000) - 1) : 0;
    const line = renderCommandLine(req.command, req.args, remoteSeconds);

    const waiting = new AbortController();
    const timer = setTimeout(() => waiting.abort(), req.timeoutMs);
    const onAbort = (): void => waiting.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    let opened: OpenedChannel;
    try {
      opened = await this.connection.openExec(line, waiting.signal);
    } catch (err) {
      if (req.signal?.aborted) throw req.signal.reason;
      if (waiting.signal.aborted) {
        throw new SshError(
          'timeout',
          phrase(
            '{0} could not start on {1} within {2} ms (connection {3}).',
            req.command.id,
            this.connection.where,
            req.timeoutMs,
            this.connection.state,
          ),
        );
      }
      throw err;
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
    const remainingMs = Math.max(0, req.timeoutMs - (this.now() - started));
    return this.collect(opened, req, started, remainingMs, remoteSeconds);
  }

  private collect(
    opened: OpenedChannel,
    req: ExecRequest,
    started: number,
    remainingMs: number,
    remoteSeconds: number,
  ): Promise<ExecResult> {
    const { channel, release, recycle } = opened;
    const out = new CappedBuffer(req.maxOutputBytes);
    const err = new CappedBuffer(req.maxOutputBytes);
    let closed = false;
    let settled = false;

    return new Promise<ExecResult>((resolve, reject) => {
      const done = (): void => {
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
      };
      const finish = (timedOut: boolean): void => {
        if (settled) return;
        done();
        const exit = opened.exit();
        resolve({
          stdout: out.bytes(),
          stderr: err.bytes(),
          exitCode: exit?.code ?? null,
          exitSignal: exit?.signal ?? null,
          truncated: out.full || err.full,
          timedOut: timedOut || this.watchdogFired(exit, started, remoteSeconds),
          durationMs: this.now() - started,
        });
      };
      const abandon = (): void => {
        channel.signal('KILL'); // no-op once stdin has ended, so we never end() it
        channel.close();
        // sshd does not confirm the close while the process still holds the pipe (§4.2).
        setTimeout(() => {
          if (closed) return;
          release();
          recycle();
        }, this.graceMs).unref();
      };
      const onAbort = (): void => {
        if (settled) return;
        done();
        abandon();
        reject(req.signal?.reason);
      };
      const timer = setTimeout(() => {
        if (settled) return;
        abandon();
        finish(true);
      }, remainingMs);
      req.signal?.addEventListener('abort', onAbort, { once: true });

      const onData = (buf: CappedBuffer) => (chunk: Buffer) => {
        if (settled || buf.push(chunk)) return; // keep reading after settling: an unread stream stalls the channel
        abandon();
        finish(false);
      };
      channel.on('data', onData(out));
      channel.stderr.on('data', onData(err));
      channel.on('close', () => {
        closed = true;
        release();
        if (settled) return;
        if (opened.exit()) return finish(false);
        // No exit status: the connection died mid-command and the output is incomplete (§1.6).
        done();
        reject(
          new SshError(
            'closed',
            phrase(
              'The connection to {0} dropped while {1} was running; its output is incomplete. VPS Doctor reconnects; try again.',
              this.connection.where,
              req.command.id,
            ),
          ),
        );
      });
    });
  }

  /** A remote `timeout -s KILL` that fired looks like status 137 after at least its time. */
  private watchdogFired(exit: ExitStatus | undefined, started: number, remoteSeconds: number): boolean {
    return remoteSeconds > 0 && exit?.code === KILLED_STATUS && this.now() - started >= remoteSeconds * 1000;
  }
}
