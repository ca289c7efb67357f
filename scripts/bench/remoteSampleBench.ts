/**
 * Section 2. The cost of one sample on the remote side. Our way: the `sample` catalog script run once as
 * `sh -c <script> vpsd <nonce> nosudo`, exactly as the local runner and (behind the login shell) the SSH
 * runner run it. The naive way, as a tool without a catalog would do over separate SSH execs: one
 * `sh -c 'cat FILE'` per table the sample reads, and one `sysctl -a` for the settings. Both against a
 * fake OpenVZ root (VPSD_ROOT; `sysctl -a` cannot be pointed there, so it reads this machine) and
 * against this machine's real /proc. Then, when sshd is installed, the same over a loopback SSH
 * connection: one exec vs N execs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CGROUP_FILES, SAMPLE, SAMPLE_FILES } from '../../src/core/remote/catalog';
import { parseSample } from '../../src/core/remote/parseSample';
import { SCRIPT_NAME } from '../../src/core/remote/runner';
import { makeFakeRoot, removeFakeRoot } from '../../test/unit/remoteFixtures';
import { bytes, findTool, line, median, ms, ratio, skipped } from './kit';
import { countMethod, countProcesses, type CountMethod, type Spawned } from './processCount';
import { benchOverSsh } from './sshSampleBench';

const RUNS = 15;
const NONCE = '0123456789abcdef0123456789abcdef';

/** The tables a naive collector cats one by one: what `sample` greps, less the sysctls `sysctl -a` covers. */
function naiveFiles(root: string): string[] {
  const tables = SAMPLE_FILES.filter((f) => !f.startsWith('proc/sys/'));
  const cg = ownCgroup(root);
  const cgDir = cg === undefined ? undefined : join('sys/fs/cgroup', cg);
  const cgroup = cgDir !== undefined && existsSync(join(root, cgDir)) ? CGROUP_FILES.map((f) => join(cgDir, f)) : [];
  return [...tables, ...cgroup];
}

/** The cgroup v2 path the script finds in the root's proc/self/cgroup (`0::` line), as the script does. */
function ownCgroup(root: string): string | undefined {
  const file = join(root, 'proc/self/cgroup');
  if (!existsSync(file)) return undefined;
  const l = readFileSync(file, 'utf8')
    .split('\n')
    .find((x) => x.startsWith('0::'));
  return l?.slice(3);
}

interface Side {
  label: string;
  commands: Spawned[];
}

function measure(commands: readonly Spawned[]): { ms: number; bytes: number } {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (const c of commands) {
    const r = spawnSync(c.cmd, [...c.args], {
      cwd: c.cwd,
      env: c.env,
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    n += r.stdout.length;
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, bytes: n };
}

function compare(
  title: string,
  ours: Side,
  naive: Side,
  method: CountMethod | undefined,
  strace: string | undefined,
): void {
  console.log(`  ${title}:`);
  const check = spawnSync(ours.commands[0]!.cmd, [...ours.commands[0]!.args], {
    env: ours.commands[0]!.env,
    maxBuffer: 64 << 20,
  });
  const parsed = parseSample(check.stdout, NONCE);
  const o: number[] = [];
  const b: number[] = [];
  let oBytes = 0;
  let bBytes = 0;
  // Alternate the two sides so drift on a noisy machine hits both alike.
  for (let i = 0; i < RUNS; i++) {
    const x = measure(ours.commands);
    const y = measure(naive.commands);
    o.push(x.ms);
    b.push(y.ms);
    oBytes = x.bytes;
    bBytes = y.bytes;
  }
  const oc = method ? countProcesses(ours.commands, method, strace) : undefined;
  const bc = method ? countProcesses(naive.commands, method, strace) : undefined;
  const procs = (c: typeof oc): string =>
    c === undefined ? 'n/a' : `${c.processes} processes${c.execs === undefined ? '' : `, ${c.execs} execs`}`;
  line(
    `  ${ours.label.padEnd(38)} ${ms(median(o)).padStart(9)}  ${bytes(oBytes).padStart(8)}  ${procs(oc)}  (${parsed.ok ? 'parses as a sample' : `does NOT parse: ${parsed.error.message}`})`,
  );
  line(`  ${naive.label.padEnd(38)} ${ms(median(b)).padStart(9)}  ${bytes(bBytes).padStart(8)}  ${procs(bc)}`);
  line(
    `  ratio ours/naive: time ${ratio(median(o), median(b))}, bytes ${ratio(oBytes, bBytes)}, processes ${ratio(oc?.processes ?? NaN, bc?.processes ?? NaN)}`,
  );
}

function sides(root: string, sysctl: string | undefined): { ours: Side; naive: Side; files: string[] } {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', VPSD_ROOT: root === '/' ? '' : root };
  const files = naiveFiles(root);
  const naive: Spawned[] = files.map((f) => ({ cmd: 'sh', args: ['-c', `cat ${f}`], cwd: root, env }));
  if (sysctl !== undefined) naive.push({ cmd: sysctl, args: ['-a'], cwd: root, env });
  return {
    ours: {
      label: 'sample script, 1 exec',
      commands: [{ cmd: 'sh', args: ['-c', SAMPLE.script, SCRIPT_NAME, NONCE, 'nosudo'], env }],
    },
    naive: {
      label: `naive, ${naive.length} execs (${files.length} cat${sysctl ? ' + sysctl -a' : ''})`,
      commands: naive,
    },
    files,
  };
}

async function main(): Promise<void> {
  console.log(`2. one sample on the remote side: catalog script vs naive per-file execs, median of ${RUNS}:`);
  if (findTool('sh') === undefined) return skipped('no sh on PATH: the catalog scripts are POSIX sh');
  const strace = findTool('strace');
  const method = countMethod(strace);
  line(
    method === 'strace'
      ? 'processes counted with strace -f -c (execve, clone, clone3, fork, vfork)'
      : method === 'loadavg'
        ? 'processes: strace missing or not permitted (Debian package strace), so PIDs allocated machine-wide per /proc/loadavg: an upper bound'
        : 'processes: neither strace nor /proc/loadavg: not counted',
  );
  const sysctl = findTool('sysctl');
  if (sysctl === undefined) line('no sysctl (Debian package procps): the naive side cats the tables only');

  const fake = makeFakeRoot('openvz-root');
  try {
    const s = sides(fake, sysctl);
    compare('fake OpenVZ root (test/fixtures/remote/openvz-root + seed beancounters)', s.ours, s.naive, method, strace);
  } finally {
    removeFakeRoot(fake);
  }
  const real = sides('/', sysctl);
  compare("this machine's /proc", real.ours, real.naive, method, strace);
  await benchOverSsh(real.files, sysctl);
}

main().catch((e: unknown) => {
  skipped(e instanceof Error ? e.message : String(e));
});
