import { msg } from '../../shared/l10n/localizer';
import type { ResourceUnit } from './types';

/**
 * The OpenVZ wiki's classes (docs/method.md §1.4): primary resources are the ones a
 * container is sized by, secondary ones follow from them, auxiliary ones rarely matter.
 * `unknown` is a name this table does not describe (vendor kernels add their own).
 */
export type ResourceClass = 'primary' | 'secondary' | 'auxiliary' | 'unknown';

/** What a resource is and what breaks when it runs out: English sentences, each a message key, translated where shown. */
export interface ResourceInfo {
  name: string;
  unit: ResourceUnit;
  class: ResourceClass;
  /** What `held` counts. */
  what: string;
  /** What a growing failcnt means for programs in the container. */
  failure: string;
  /** The barrier is a guarantee rather than a wall (vmguarpages, oomguarpages): going above it is normal. */
  barrierIsGuarantee: boolean;
}

/** Bytes per page on x86, the only page size OpenVZ kernels were built with (§1.4: vzubc multiplies by 4 KiB). */
export const PAGE_BYTES = 4096;

/** The unit of any resource name, known or not, by the naming rule of §1.4. */
export function unitOf(name: string): ResourceUnit {
  if (name.endsWith('pages')) return 'pages';
  if (name.startsWith('num')) return 'count';
  return 'bytes';
}

type Entry = [ResourceClass, string, string];

// Sentences follow the table in docs/method.md §1.4.
const TABLE: Record<string, Entry> = {
  kmemsize: [
    'secondary',
    msg('Kernel memory that cannot be swapped: process structures, page tables, slab objects.'),
    msg('The kernel refuses memory to the container, so starting processes, opening files or creating sockets fails.'),
  ],
  lockedpages: [
    'auxiliary',
    msg('Memory locked in RAM with mlock().'),
    msg('Programs that lock memory (some databases, gpg) fail to do so.'),
  ],
  privvmpages: [
    'secondary',
    msg('Private virtual memory the programs have reserved.'),
    msg('Memory allocations fail with "Cannot allocate memory"; programs crash or refuse work, without an OOM kill.'),
  ],
  shmpages: [
    'auxiliary',
    msg('Shared memory: SysV shared memory, shared anonymous mappings and tmpfs.'),
    msg('Creating shared memory or writing to tmpfs fails.'),
  ],
  numproc: [
    'primary',
    msg('Processes and threads.'),
    msg('New processes and threads cannot start ("Resource temporarily unavailable").'),
  ],
  physpages: [
    'auxiliary',
    msg('Memory resident in RAM; with VSwap the RAM limit of the container.'),
    msg('With VSwap the container is at its RAM limit and is being pushed into swap or slowed down.'),
  ],
  vmguarpages: [
    'primary',
    msg('Nothing is counted; the barrier is the memory allocation guarantee.'),
    msg('Rarely meaningful.'),
  ],
  oomguarpages: [
    'secondary',
    msg('RAM plus swap in use; the barrier is the guarantee against the OOM killer.'),
    msg('Each increase is a process of the container killed by the out-of-memory killer.'),
  ],
  numtcpsock: [
    'primary',
    msg('TCP sockets.'),
    msg(
      'New TCP sockets cannot be created ("No buffer space available"); incoming connections look established to the client but are never answered.',
    ),
  ],
  numflock: ['auxiliary', msg('File locks.'), msg('Taking a file lock fails.')],
  numpty: [
    'auxiliary',
    msg('Pseudo-terminals.'),
    msg('New terminals cannot open, e.g. SSH says "PTY allocation request failed".'),
  ],
  numsiginfo: ['auxiliary', msg('Queued signal structures.'), msg('Signals cannot be queued.')],
  tcpsndbuf: [
    'secondary',
    msg('Memory of TCP send buffers, for all sockets of the container together.'),
    msg(
      'Programs cannot queue data to send: writes block or return EAGAIN, sockets are not reported writable, new connections can fail with "No buffer space available"; transfers slow down.',
    ),
  ],
  tcprcvbuf: [
    'secondary',
    msg('Memory of TCP receive buffers, for all sockets of the container together.'),
    msg('Incoming TCP data is dropped and must be retransmitted, so downloads and uploads to the container slow down.'),
  ],
  othersockbuf: [
    'secondary',
    msg('Buffers of local (UNIX) sockets and send buffers of UDP and other sockets.'),
    msg('Sending on local or UDP sockets blocks or fails: databases, syslog and DNS queries stall.'),
  ],
  dgramrcvbuf: [
    'secondary',
    msg('Receive buffers of UDP and other datagram sockets.'),
    msg('Incoming datagrams (DNS answers, syslog, UDP services) are dropped.'),
  ],
  numothersock: [
    'primary',
    msg('Sockets other than TCP: UNIX, UDP, netlink, packet.'),
    msg('New non-TCP sockets cannot be created ("No buffer space available").'),
  ],
  dcachesize: [
    'auxiliary',
    msg('Directory entries and inodes held in memory for the container.'),
    msg('Opening or looking up files fails with "Cannot allocate memory".'),
  ],
  numfile: ['auxiliary', msg('Open files.'), msg('Opening files fails ("Too many open files").')],
  numiptent: [
    'auxiliary',
    msg('Firewall (iptables) rules of the container; not connection-tracking entries.'),
    msg(
      'Loading firewall rules fails, so the firewall may be only partly loaded; this does not drop packets by itself.',
    ),
  ],
  swappages: [
    'auxiliary',
    msg('Swap in use by the container (VSwap).'),
    msg('Swap is exhausted too when RAM runs out; the out-of-memory killer follows.'),
  ],
};

/** Describes a resource; unknown names get their unit from the naming rule and a generic sentence. */
export function describeResource(name: string): ResourceInfo {
  const entry = Object.hasOwn(TABLE, name) ? TABLE[name] : undefined;
  const barrierIsGuarantee = name === 'vmguarpages' || name === 'oomguarpages';
  if (entry === undefined) {
    return {
      name,
      unit: unitOf(name),
      class: 'unknown',
      barrierIsGuarantee,
      what: msg("A resource this version of VPS Doctor does not describe (added by the provider's kernel)."),
      failure: msg('The kernel refused to give the container more of this resource.'),
    };
  }
  const [resourceClass, what, failure] = entry;
  return { name, unit: unitOf(name), class: resourceClass, what, failure, barrierIsGuarantee };
}

/** The names this table describes, in the kernel's order (resource index 0 to 24). */
export const KNOWN_RESOURCES: readonly string[] = Object.keys(TABLE);
