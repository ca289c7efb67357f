import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { assertValidRequest, SCRIPT_NAME, type CommandRunner, type ExecRequest, type ExecResult } from './runner';
import { CappedBuffer } from './cappedBuffer';

export interface LocalRunnerOptions {
  /** File root the catalog scripts read from (`VPSD_ROOT`); empty or absent = `/`. */
  root?: string;
  /** Run as this local user and group id instead of ours, e.g. to sample unprivileged as a remote login would. */
  uid?: number;
  gid?: number;
  /**
   * A command the script's `sh` runs under, which must exec it (same process, same group), e.g.
   * `['ip', 'netns', 'exec', NS]` so the sample reads that network namespace's counters.
   */
  wrap?: readonly string[];
}

/** A fallback PATH for when ours is unset, so `sh`, `grep` and `sudo` are found as on a login shell. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Runs catalog commands on this machine as `sh -c <script> vpsd <args>` (an argv, no shell string),
 * for tests and the demo. Each run is its own process group, so a deadline, an output cap or an
 * abort kills everything the script started; then the promise settles at once, without waiting for
 * the pipes to close.
 */
export class LocalRunner implements CommandRunner {
  constructor(private readonly options: LocalRunnerOptions = {}) {}

  exec(req: ExecRequest): Promise<ExecResult> {
    try {
      assertValidRequest(req);
    } catch (e) {
      return Promise.reject(e);
    }
    if (req.signal?.aborted) return Promise.reject(req.signal.reason);
    return new Promise<ExecResult>((resolve, reject) => this.run(req, resolve, reject));
  }

  private run(req: ExecRequest, resolve: (r: ExecResult) => void, reject: (e: unknown) => void): void {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? DEFAULT_PATH,
      LC_ALL: 'C',
      VPSD_ROOT: this.options.root ?? '',
    };
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      const [cmd, ...args] = [...(this.options.wrap ?? []), 'sh', '-c', req.command.script, SCRIPT_NAME, ...req.args];
      child = spawn(cmd!, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env,
        uid: this.options.uid,
        gid: this.options.gid,
      });
    } catch (e) {
      reject(e);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const out = new CappedBuffer(req.maxOutputBytes);
    const err = new CappedBuffer(req.maxOutputBytes);
    let settled = false;

    const finish = (extra: { exitCode: number | null; exitSignal: string | null; timedOut: boolean }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve({
        stdout: out.bytes(),
        stderr: err.bytes(),
        truncated: out.full || err.full,
        durationMs: performance.now() - started,
        ...extra,
      });
    };
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is already gone, which is what we wanted.
      }
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup();
      reject(req.signal?.reason);
    };
    timer = setTimeout(() => {
      killGroup();
      finish({ exitCode: null, exitSignal: null, timedOut: true });
    }, req.timeoutMs);
    req.signal?.addEventListener('abort', onAbort, { once: true });

    const onData = (buf: CappedBuffer) => (chunk: Buffer) => {
      if (settled || buf.push(chunk)) return;
      killGroup();
      finish({ exitCode: null, exitSignal: null, timedOut: false });
    };
    // Both pipes are always read: an unread stderr would fill and stall the command.
    child.stdout.on('data', onData(out));
    child.stderr.on('data', onData(err));
    child.on('error', (e) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (code, signal) => {
      finish({ exitCode: code, exitSignal: signal === null ? null : signal.replace(/^SIG/, ''), timedOut: false });
    });
  }
}
