import type { CatalogCommand } from './runner';

/**
 * The fixed catalog of read-only remote scripts. Each script is a constant assembled once from the
 * constants below; nothing typed by the user or printed by a server is ever spliced in. The only
 * inputs are positional arguments made locally: `$1` a fresh hex nonce, and for `sample` `$2` the
 * token `sudo` or `nosudo`. A server-supplied cgroup path is used only inside the remote shell, as a
 * quoted variable.
 *
 * POSIX sh (dash, BusyBox ash, bash): no arrays, no `local`, no `echo -e`; `printf %s` prints
 * server text so a backslash in it is never interpreted. The file root is `${VPSD_ROOT:-/}`, so a
 * test or demo can serve a fake `/proc`; paths are reported relative to it.
 *
 * Output protocol (parsed by `readFrame`), every control line starting with `__VPSD_<nonce> `:
 * `begin <id>` / `end`; `section <name>` ... `close <rc>` around `grep -H` output (`path:line`, or
 * `grep: path: error`); `text <name>` ... `close [rc]` around raw text followed by one extra newline;
 * `fact <key> [value]` single-line facts.
 */

/** Control lines start with this, then the nonce, then a space. */
export const MARKER_PREFIX = '__VPSD_';

/** Files read by `sample` in one `grep -H` (docs/method.md §6.1), relative to the root. */
export const SAMPLE_FILES = [
  'proc/uptime',
  'proc/user_beancounters',
  'proc/net/snmp',
  'proc/net/netstat',
  'proc/net/sockstat',
  'proc/sys/net/ipv4/tcp_mem',
  'proc/sys/net/ipv4/tcp_wmem',
  'proc/sys/net/ipv4/tcp_rmem',
  'proc/sys/net/core/wmem_max',
  'proc/sys/net/core/rmem_max',
  'proc/sys/net/core/somaxconn',
  'proc/sys/net/ipv4/tcp_max_syn_backlog',
  'proc/sys/net/ipv4/tcp_syncookies',
  'proc/sys/net/ipv4/tcp_syn_retries',
  'proc/sys/net/ipv4/tcp_synack_retries',
  'proc/sys/net/ipv4/tcp_abort_on_overflow',
  'proc/sys/fs/file-nr',
  'proc/sys/net/netfilter/nf_conntrack_count',
  'proc/sys/net/netfilter/nf_conntrack_max',
  'proc/net/stat/nf_conntrack',
] as const;
export type SampleFile = (typeof SAMPLE_FILES)[number];

/** cgroup v2 files read from the shell's own cgroup directory (docs/method.md §5.1). */
export const CGROUP_FILES = [
  'memory.events',
  'memory.stat',
  'memory.current',
  'memory.max',
  'pids.current',
  'pids.max',
  'pids.events',
] as const;
export type CgroupFile = (typeof CGROUP_FILES)[number];

/** Small text files read by `hostFacts` (docs/method.md §5.2). */
export const FACT_FILES = [
  'proc/sys/kernel/osrelease',
  'proc/1/cgroup',
  'proc/self/cgroup',
  'sys/class/dmi/id/sys_vendor',
  'sys/class/dmi/id/product_name',
  'run/systemd/container',
  'sys/hypervisor/type',
] as const;
export type FactFile = (typeof FACT_FILES)[number];

/** Paths whose mere existence is evidence (docs/method.md §5.2). */
export const EXISTENCE_PROBES = [
  'proc/vz',
  'proc/bc',
  'proc/user_beancounters',
  '.dockerenv',
  'run/.containerenv',
  'run/systemd/container',
] as const;
export type ExistenceProbe = (typeof EXISTENCE_PROBES)[number];

/** Tools whose presence `hostFacts` reports. */
export const TOOL_PROBES = ['timeout', 'sudo', 'ss'] as const;

const mark = (rest: string): string => `"${MARKER_PREFIX}$n ${rest}"`;
/** Prints a control line whose value is server text: `printf %s` never interprets it. */
const markValue = (key: string, valueExpr: string): string => `printf "%s %s" ${mark(key)} "${valueExpr}"; echo;`;

/**
 * stdin from the null device so nothing can wait on the channel; C locale so tools print plain
 * ASCII messages we can classify; then enter the (possibly fake) root.
 */
const PROLOGUE = 'exec </dev/null; LC_ALL=C; LANG=C; export LC_ALL LANG; n=$1; cd "${VPSD_ROOT:-/}" || exit 3;';
const RETURN_TO_ROOT = 'cd "${VPSD_ROOT:-/}" || exit 3;';

/** One fork for all files; `-a` because a binary-looking byte must not turn lines into "binary file matches". */
const grepSection = (name: string, grepArgs: string): string =>
  `echo ${mark(`section ${name}`)}; grep -H -a ${grepArgs} 2>&1; echo ${mark('close $?')};`;

/** The v2 path from the `0::` line of our own /proc/self/cgroup, read by the shell itself (no fork). */
const CGROUP_SECTION = [
  'cg=; if [ -r proc/self/cgroup ]; then while IFS= read -r l; do case $l in 0::*) cg=${l#0::};; esac; done <proc/self/cgroup; fi;',
  `if [ -n "$cg" ]; then ${markValue('fact cgroup', '$cg')}`,
  `if cd "sys/fs/cgroup$cg" 2>/dev/null; then ${grepSection('cgroup', `-e "" ${CGROUP_FILES.join(' ')}`)} ${RETURN_TO_ROOT}`,
  `else echo ${mark('fact cgroupdir missing')}; fi; fi;`,
].join(' ');

/**
 * /proc/user_beancounters exists but cannot be opened (docs/method.md §1.8: mode 0400 plus a
 * capability check, so only the open itself tells): report user and cat path for a sudoers line, then
 * try `sudo -n` (never prompts, §6.4) when `$2` is `sudo`. The `[ x ]` builtin does the trial open
 * because a failed redirection on a special builtin such as `:` would end the whole shell.
 * sudo's stdout goes to ours through fd 3; its stderr is captured and printed as its own block.
 */
const UBC_FALLBACK = [
  'u=proc/user_beancounters; if [ -e "$u" ]; then if [ x ] 2>/dev/null <"$u"; then :; else',
  markValue('fact user', '$(id -un 2>/dev/null)'),
  'c=$(command -v cat 2>/dev/null);',
  markValue('fact cat', '$c'),
  markValue('fact ubcpath', '${VPSD_ROOT:-}/proc/user_beancounters'),
  `if [ "$2" = sudo ]; then echo ${mark('text sudo')};`,
  '{ e=$(sudo -n "${c:-cat}" "${VPSD_ROOT:-}/proc/user_beancounters" 2>&1 >&3); s=$?; } 3>&1;',
  `echo; echo ${mark('close $s')}; echo ${mark('text sudoerr')}; printf %s "$e"; echo; echo ${mark('close')};`,
  `else echo ${mark('fact sudo skipped')}; fi; fi; fi;`,
].join(' ');

const sampleScript = [
  PROLOGUE,
  `echo ${mark('begin sample')};`,
  grepSection('proc', `-e "" ${SAMPLE_FILES.join(' ')}`),
  CGROUP_SECTION,
  UBC_FALLBACK,
  `echo ${mark('end')}`,
].join(' ');

/**
 * systemd-detect-virt inspects the real machine, so it is skipped under a fake root, where it would
 * contradict the files being served.
 */
const hostFactsScript = [
  PROLOGUE,
  `echo ${mark('begin hostFacts')};`,
  grepSection('files', `-e "" ${FACT_FILES.join(' ')}`),
  grepSection('status', '-e ^envID: proc/self/status'),
  `for p in ${EXISTENCE_PROBES.join(' ')}; do if [ -e "$p" ]; then echo ${mark('fact exists $p')}; fi; done;`,
  markValue('fact machine', '$(uname -m 2>/dev/null)'),
  markValue('fact containerenv', '${container:-}'),
  'if grep -q -w hypervisor proc/cpuinfo 2>/dev/null; then h=yes; elif [ -r proc/cpuinfo ]; then h=no; else h=unknown; fi;',
  `echo ${mark('fact hypervisor $h')};`,
  `for t in ${TOOL_PROBES.join(' ')}; do if command -v "$t" >/dev/null 2>&1; then echo ${mark('fact tool $t')}; fi; done;`,
  `if timeout -s KILL 5 true >/dev/null 2>&1; then echo ${mark('fact timeoutkill yes')}; fi;`,
  'if [ -z "${VPSD_ROOT:-}" ] && command -v systemd-detect-virt >/dev/null 2>&1; then',
  `${markValue('fact detectvirt', '$(systemd-detect-virt 2>/dev/null)')} fi;`,
  `echo ${mark('end')}`,
].join(' ');

/** One read-only snapshot of counters, sysctls, cgroup files and beancounters. Args: nonce, `sudo`|`nosudo`. */
export const SAMPLE: CatalogCommand = Object.freeze({ id: 'sample', script: sampleScript });

/** Facts gathered once after connecting: kernel, virtualisation evidence, available tools. Args: nonce. */
export const HOST_FACTS: CatalogCommand = Object.freeze({ id: 'hostFacts', script: hostFactsScript });

/** Every command the product may run on a host. */
export const CATALOG: readonly CatalogCommand[] = Object.freeze([SAMPLE, HOST_FACTS]);
