/**
 * The blog post's OpenVZ container as it starts in the demo: every row of its /proc/user_beancounters
 * (test/fixtures/seed_user_beancounters.txt; the post masked the CTID, 12345 stands in) and its
 * buffer sysctls (seed_sysctl.txt). `null` is unlimited (LONG_MAX, docs/method.md §1.3).
 */

/** One row in kernel order; `dummy` rows are the placeholders the kernel prints (§1.1). */
export interface BeancounterRowState {
  name: string;
  held: number;
  maxheld: number;
  barrier: number | null;
  limit: number | null;
  failcnt: number;
}

export const SEED_CONTAINER_ID = '12345';

type Row = [name: string, held: number, maxheld: number, barrier: number | null, limit: number | null, failcnt: number];

const SEED_ROWS: readonly Row[] = [
  ['kmemsize', 56793972, 91213824, null, null, 0],
  ['lockedpages', 0, 0, 256, 256, 0],
  ['privvmpages', 129745, 286007, null, null, 0],
  ['shmpages', 3202, 134274, null, null, 0],
  ['dummy', 0, 0, null, null, 0],
  ['numproc', 46, 102, 240, 240, 0],
  ['physpages', 214818, 262145, 0, 262144, 0],
  ['vmguarpages', 0, 0, null, null, 0],
  ['oomguarpages', 65858, 91180, 26112, null, 0],
  ['numtcpsock', 23, 144, 360, 360, 0],
  ['numflock', 1, 13, 188, 206, 0],
  ['numpty', 3, 7, 8, 8, 0],
  ['numsiginfo', 1, 30, 128, 128, 0],
  // The post's figures: barrier 1,720,320 (1680 KiB), limit 2,703,360, failcnt 1,779,659 from rsync backups.
  ['tcpsndbuf', 181072, 1731448, 1720320, 2703360, 1779659],
  ['tcprcvbuf', 117200, 1728504, 1720320, 2703360, 91],
  ['othersockbuf', 40840, 1081208, 1126080, 2097152, 0],
  ['dgramrcvbuf', 0, 261256, 262144, 262144, 82],
  ['numothersock', 31, 291, 360, 360, 0],
  ['dcachesize', 49552266, 79544590, null, null, 0],
  ['numfile', 645, 1130, 9312, 9312, 0],
  ['dummy', 0, 0, null, null, 0],
  ['dummy', 0, 0, null, null, 0],
  ['dummy', 0, 0, null, null, 0],
  ['numiptent', 93, 93, 256, 256, 0],
];

/** A fresh copy of the seed's rows. */
export function seedRows(): BeancounterRowState[] {
  return SEED_ROWS.map(([name, held, maxheld, barrier, limit, failcnt]) => ({
    name,
    held,
    maxheld,
    barrier,
    limit,
    failcnt,
  }));
}

/** The post's sysctls (seed_sysctl.txt), plus the usual defaults of that kernel for the rest; as the files print them. */
export const SEED_SYSCTLS: Readonly<Record<string, string>> = {
  'proc/sys/net/ipv4/tcp_wmem': '4096\t16384\t4194304',
  'proc/sys/net/ipv4/tcp_rmem': '4096\t87380\t4194304',
  'proc/sys/net/core/wmem_max': '133120',
  'proc/sys/net/core/rmem_max': '133120',
  'proc/sys/net/ipv4/tcp_mem': '196608\t262144\t393216',
  'proc/sys/net/core/somaxconn': '128',
  'proc/sys/net/ipv4/tcp_max_syn_backlog': '1024',
  'proc/sys/net/ipv4/tcp_syncookies': '1',
  'proc/sys/net/ipv4/tcp_syn_retries': '5',
  'proc/sys/net/ipv4/tcp_synack_retries': '5',
  'proc/sys/net/ipv4/tcp_abort_on_overflow': '0',
  'proc/sys/net/netfilter/nf_conntrack_max': '65536',
  'proc/sys/kernel/osrelease': '2.6.32-042stab141.3',
};
