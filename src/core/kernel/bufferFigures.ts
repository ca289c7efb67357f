import { msg } from '../../shared/l10n/localizer';
import type { BufferSideRisk } from './bufferRiskTypes';

/** One side's inputs after validation: every number finite and non-negative (except failcntDelta), or absent. */
export interface SideInput {
  side: 'send' | 'receive';
  /** tcp_wmem or tcp_rmem: min, default, max; bytes. */
  sysctl: [number, number, number] | undefined;
  /** wmem_max or rmem_max; bytes. */
  sockoptMax: number | undefined;
  /** tcpsndbuf or tcprcvbuf; bytes, null = unlimited. */
  row:
    | { barrier: number | null; limit: number | null; held: number; maxheld: number; failcntDelta: number | undefined }
    | undefined;
  /** numtcpsock held and limit; counts, null = unlimited. */
  sockets: { held: number; limit: number | null } | undefined;
  /** tcp_mem: low, pressure, high; pages. */
  tcpMemPages: [number, number, number] | undefined;
  bdpBytes: number | undefined;
}

/** The names a side's text uses. */
export interface SideWords {
  sysctl: 'tcp_wmem' | 'tcp_rmem';
  sockoptMax: 'wmem_max' | 'rmem_max';
  resource: 'tcpsndbuf' | 'tcprcvbuf';
  option: 'SO_SNDBUF' | 'SO_RCVBUF';
  /** English words, translated where shown (`l.t(words.buffer)`). */
  buffer: string;
}

export const SIDE_WORDS: Record<SideInput['side'], SideWords> = {
  send: {
    sysctl: 'tcp_wmem',
    sockoptMax: 'wmem_max',
    resource: 'tcpsndbuf',
    option: 'SO_SNDBUF',
    buffer: msg('send buffer'),
  },
  receive: {
    sysctl: 'tcp_rmem',
    sockoptMax: 'rmem_max',
    resource: 'tcprcvbuf',
    option: 'SO_RCVBUF',
    buffer: msg('receive buffer'),
  },
};

/** Below one page above the barrier, almost every page charge is refused first (docs/method.md §1.5, §2.4 step 5). */
export const PAGE_BYTES = 4096;

/** Bytes of a number of pages (x86 page size, docs/method.md §1.4). */
export const pagesToBytes = (pages: number): number => pages * PAGE_BYTES;

/**
 * The numbers of docs/method.md §2.4 for one side. Socket counts are taken against the whole
 * barrier, as its worked example does; what is free right now is `freeBudgetBytes`.
 */
export function computeFigures(input: SideInput): BufferSideRisk['figures'] {
  const figures: BufferSideRisk['figures'] = {};
  const { sysctl, sockoptMax, row, sockets } = input;
  if (sysctl !== undefined) figures.autotuneCeilingBytes = sysctl[2];
  // The kernel stores 2 × min(request, wmem_max) (socket(7); §2.1).
  if (sockoptMax !== undefined && Number.isSafeInteger(2 * sockoptMax)) figures.sockoptCeilingBytes = 2 * sockoptMax;
  const barrier = row?.barrier;
  if (row === undefined || barrier === null || barrier === undefined || barrier === 0) return figures;
  figures.freeBudgetBytes = Math.max(0, barrier - row.held);
  const fit = (perSocket: number | undefined): number | undefined =>
    perSocket !== undefined && perSocket > 0 ? Math.floor(barrier / perSocket) : undefined;
  assign(figures, 'busySocketsWorst', fit(figures.autotuneCeilingBytes));
  assign(figures, 'busySocketsSockopt', fit(figures.sockoptCeilingBytes));
  assign(figures, 'busySocketsInitial', fit(sysctl?.[1]));
  const allowed = sockets?.limit;
  if (allowed !== null && allowed !== undefined && allowed > 0) {
    figures.perAllowedSocketBytes = Math.floor(barrier / allowed);
    // (limit − barrier) / numtcpsock.limit: the per-socket allowance above the barrier in ub_sock_makewreserv_locked (§1.5).
    if (row.limit !== null) figures.headroomPerSocketBytes = Math.max(0, Math.floor((row.limit - barrier) / allowed));
  }
  return figures;
}

function assign<K extends keyof BufferSideRisk['figures']>(
  figures: BufferSideRisk['figures'],
  key: K,
  value: number | undefined,
): void {
  if (value !== undefined) figures[key] = value;
}
