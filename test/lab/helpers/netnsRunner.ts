import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { assertValidRequest, SCRIPT_NAME, type CommandRunner, type ExecRequest, type ExecResult } from '../../../src/core/remote/runner';

/**
 * The sampler's `CommandRunner` for the lab: runs a catalog command inside a network namespace as
 * `ip netns exec <ns> sh -c <script> vpsd <args>` (an argv, never a shell string). /proc/net is per
 * namespace, so this reads exactly what an sshd inside the vps namespace would hand the SSH runner.
 */
export class NetnsRunner implements CommandRunner {
  constructor(private readonly ns: string) {}

  exec(req: ExecRequest): Promise<ExecResult> {
    try {
      assertValidRequest(req);
    } catch (e) {
      return Promise.reject(e);
    }
    if (req.signal?.aborted) return Promise.reject(req.signal.reason);
    const started = performance.now();
    const child = spawn('ip', ['netns', 'exec', this.ns, 'sh', '-c', req.command.script, SCRIPT_NAME, ...req.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', VPSD_ROOT: '' },
    });
    return new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let size = { out: 0, err: 0 };
      let truncated = false;
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, req.timeoutMs);
      const onAbort = (): void => { child.kill('SIGKILL'); reject(req.signal?.reason); };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const collect = (into: Buffer[], which: 'out' | 'err') => (b: Buffer): void => {
        const room = req.maxOutputBytes - size[which];
        if (b.length > room) {
          into.push(b.subarray(0, Math.max(0, room)));
          size = { ...size, [which]: req.maxOutputBytes };
          truncated = true;
          child.kill('SIGKILL');
          return;
        }
        into.push(b);
        size = { ...size, [which]: size[which] + b.length };
      };
      child.stdout.on('data', collect(out, 'out'));
      child.stderr.on('data', collect(err, 'err'));
      child.on('error', (e) => { clearTimeout(timer); reject(e); });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        resolve({
          stdout: Buffer.concat(out), stderr: Buffer.concat(err), exitCode: code, exitSignal: signal === null ? null : signal.replace(/^SIG/, ''),
          truncated, timedOut, durationMs: performance.now() - started,
        });
      });
    });
  }
}
