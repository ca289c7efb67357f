/**
 * Counts the processes a command tree creates. With strace: `strace -f -c` over the process-creating
 * syscalls, exact for that tree (processes = the first one + successful clone/clone3/fork/vfork; execs =
 * successful execve, so a shell's failed PATH probes do not count). Without strace: the kernel's
 * last-allocated PID (5th field of /proc/loadavg) before and after, which counts every PID the whole
 * machine allocated meanwhile, threads included: an upper bound on a quiet machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProcessCount {
  processes: number;
  /** Successful execve calls; undefined when the method cannot tell. */
  execs?: number;
}

export interface Spawned {
  cmd: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export type CountMethod = 'strace' | 'loadavg';

/**
 * How processes will be counted here, or undefined when neither works. strace is tried once, since a
 * container may forbid ptrace.
 */
export function countMethod(strace: string | undefined): CountMethod | undefined {
  if (
    strace !== undefined &&
    spawnSync(strace, ['-f', '-qq', '-e', 'trace=execve', '-o', '/dev/null', 'true'], { stdio: 'ignore' }).status === 0
  ) {
    return 'strace';
  }
  return existsSync('/proc/loadavg') ? 'loadavg' : undefined;
}

/** Processes created by running each command in turn (summed), by `method`. */
export function countProcesses(commands: readonly Spawned[], method: CountMethod, strace?: string): ProcessCount {
  if (method === 'loadavg') {
    const before = lastPid();
    for (const c of commands) spawnSync(c.cmd, [...c.args], { cwd: c.cwd, env: c.env, stdio: 'ignore' });
    // The PID counter wraps at pid_max; a wrap in between makes the difference meaningless.
    const n = lastPid() - before;
    return { processes: n > 0 ? n : NaN };
  }
  const total: ProcessCount = { processes: 0, execs: 0 };
  for (const c of commands) {
    const one = straceOne(c, strace!);
    total.processes += one.processes;
    total.execs! += one.execs!;
  }
  return total;
}

function lastPid(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').trim().split(/\s+/)[4]);
}

function straceOne(c: Spawned, strace: string): ProcessCount {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-bench-strace-'));
  try {
    const out = join(dir, 'summary');
    const r = spawnSync(
      strace,
      ['-f', '-qq', '-c', '-o', out, '-e', 'trace=execve,clone,clone3,fork,vfork', '--', c.cmd, ...c.args],
      { cwd: c.cwd, env: c.env, stdio: 'ignore' },
    );
    if (r.error) throw r.error;
    const calls = summaryCalls(readFileSync(out, 'utf8'));
    const forks = ['clone', 'clone3', 'fork', 'vfork'].reduce((n, s) => n + (calls.get(s) ?? 0), 0);
    return { processes: 1 + forks, execs: calls.get('execve') ?? 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Successful calls per syscall from strace's `-c` table: `% time  seconds  usecs/call  calls  [errors]  syscall`. */
function summaryCalls(table: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const row of table.split('\n')) {
    const f = row.trim().split(/\s+/);
    if ((f.length !== 5 && f.length !== 6) || !/^\d+$/.test(f[3]!)) continue;
    const errors = f.length === 6 ? Number(f[4]) : 0;
    calls.set(f[f.length - 1]!, Number(f[3]) - errors);
  }
  return calls;
}
