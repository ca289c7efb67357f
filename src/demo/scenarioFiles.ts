import type { ScenarioState } from './scenarioState';
import { SEED_CONTAINER_ID, SEED_SYSCTLS, type BeancounterRowState } from './seedContainer';

/** 64-bit LONG_MAX, how a 64-bit kernel prints "unlimited" (docs/method.md §1.3). */
const UNLIMITED = '9223372036854775807';
const BC_HEADER =
  '       uid  resource                     held              maxheld              barrier                limit              failcnt';

/**
 * The simulated host's files, relative to the scenario root, in the layouts the kernel prints. The
 * catalog's scripts read them through `VPSD_ROOT`; the `.vpsdoctor-demo` note says what they are.
 */
export function scenarioFiles(state: ScenarioState): Map<string, string> {
  const files = new Map<string, string>([
    [
      '.vpsdoctor-demo',
      'Simulated OpenVZ host of the VPS Doctor demo: every file here is generated, none is read from this machine.\n',
    ],
    ['proc/uptime', `${state.uptimeSeconds.toFixed(2)} ${state.idleSeconds.toFixed(2)}\n`],
    ['proc/user_beancounters', beancounters(SEED_CONTAINER_ID, state.rows)],
    ['proc/net/snmp', counterPairs(state.snmp)],
    ['proc/net/netstat', counterPairs(state.netstat)],
    ['proc/net/sockstat', sockstat(state)],
    ['proc/sys/fs/file-nr', `${1088 + state.openConnections}\t0\t6815744\n`],
    ['proc/sys/net/netfilter/nf_conntrack_count', `${state.conntrackEntries}\n`],
    ['proc/net/stat/nf_conntrack', conntrackStat(state.conntrackEntries)],
    ['proc/self/status', selfStatus()],
    // /proc/vz exists inside a container too; /proc/bc only on the hardware node (§5.2), so it is absent.
    ['proc/vz/version', '042stab141.3\n'],
    ['proc/cpuinfo', cpuinfo()],
  ]);
  for (const [path, value] of Object.entries(SEED_SYSCTLS)) files.set(path, `${value}\n`);
  return files;
}

/** kernel/bc/proc.c: `%10s:` id on the first row, `%-12s` name, `%20lu` columns (64-bit), dummy rows kept. */
function beancounters(id: string, rows: readonly BeancounterRowState[]): string {
  const out = ['Version: 2.5', BC_HEADER];
  rows.forEach((r, i) => {
    const head = i === 0 ? `${id.padStart(10)}:` : ' '.repeat(11);
    const cols = [r.held, r.maxheld, r.barrier, r.limit, r.failcnt]
      .map((v) => ` ${(v === null ? UNLIMITED : String(v)).padStart(20)}`)
      .join('');
    out.push(`${head} ${r.name.padEnd(12)}${cols}`);
  });
  return `${out.join('\n')}\n`;
}

/** Header line and value line per prefix, as /proc/net/snmp and /proc/net/netstat print them. */
function counterPairs(table: ReadonlyMap<string, ReadonlyMap<string, number>>): string {
  const out: string[] = [];
  for (const [prefix, counters] of table) {
    out.push(`${prefix}: ${[...counters.keys()].join(' ')}`, `${prefix}: ${[...counters.values()].join(' ')}`);
  }
  return `${out.join('\n')}\n`;
}

function sockstat(state: ScenarioState): string {
  const held = (name: string): number => state.rows.find((r) => r.name === name)?.held ?? 0;
  const tcp = held('numtcpsock');
  // `mem` is in pages: the send and receive buffers charged now, 4096-byte pages.
  const memPages = Math.ceil((held('tcpsndbuf') + held('tcprcvbuf')) / 4096);
  return [
    `sockets: used ${tcp + held('numothersock')}`,
    `TCP: inuse ${tcp} orphan 0 tw ${12 + (state.openConnections % 7)} alloc ${tcp + 3} mem ${memPages}`,
    'UDP: inuse 6 mem 1',
    'UDPLITE: inuse 0',
    'RAW: inuse 0',
    'FRAG: inuse 0 memory 0',
    '',
  ].join('\n');
}

/** Two CPUs, the header of that kernel (`searched`, `delete_list`); entries is the same global count on every line, drop stays 0. */
function conntrackStat(entries: number): string {
  const hex = (n: number): string => n.toString(16).padStart(8, '0');
  const line = (searched: number, found: number) =>
    [entries, searched, found, 0x2d4f3, 0xc1e, 0x1a2b4, 0x2f0e2, 0x2f0e2, 0x2d3a1, 0, 0, 0, 0x13].map(hex).join(' ') +
    '  00000000 00000000 00000000';
  return [
    'entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete',
    line(0x3f19c2, 0x4e1a0),
    line(0x2c011, 0x3f2d9),
    '',
  ].join('\n');
}

/** What `grep` would see as its own /proc/self/status inside container 12345. */
function selfStatus(): string {
  return [
    'Name:\tgrep',
    'State:\tR (running)',
    'Tgid:\t4242',
    'Pid:\t4242',
    'PPid:\t4241',
    `envID:\t${SEED_CONTAINER_ID}`,
    'VPid:\t4242',
    '',
  ].join('\n');
}

/** A bare-metal node's CPU (no hypervisor flag): OpenVZ containers share the node's kernel and CPUs. */
function cpuinfo(): string {
  const cpu = (n: number) =>
    [
      `processor\t: ${n}`,
      'model name\t: Intel(R) Xeon(R) CPU E5-2620 0 @ 2.00GHz',
      'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc',
      '',
    ].join('\n');
  return `${cpu(0)}\n${cpu(1)}`;
}
