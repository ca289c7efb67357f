import { PAGE_BYTES } from './resources';
import type { Severity } from './severity';
import type { Container, ResourceRow } from './types';
import { formatNumber } from '../../shared/units';

/** One broken OpenVZ configuration rule, or a derived figure worth showing, for one resource row. */
export interface ConsistencyFinding {
  /** The row the finding belongs to, e.g. `tcpsndbuf`. */
  resource: string;
  /** `ok` for a derived figure that only informs; configuration problems are `warn`. */
  severity: Severity;
  /** A whole sentence with the numbers. */
  message: string;
}

/** vzcfgvalidate's "2.5 KB" per socket between barrier and limit (docs/method.md §1.5), in bytes. */
const MIN_BYTES_PER_SOCKET = 2560;

/** Linux's default `tcp_wmem[1]`, the send buffer every TCP socket starts with, in bytes (§2.4 step 6). */
const DEFAULT_INITIAL_SNDBUF = 16384;

const PAGE_STORM = 'Each refused charge adds to failcnt, so it climbs fast whenever the barrier is reached.';

/** Buffer/socket pairs checked by vzcfgvalidate; tcprcvbuf only draws a warning there (§1.5). */
const PER_SOCKET_RULES = [
  { buffer: 'tcpsndbuf', sockets: 'numtcpsock', kind: 'TCP', strict: true },
  { buffer: 'othersockbuf', sockets: 'numothersock', kind: 'non-TCP', strict: true },
  { buffer: 'tcprcvbuf', sockets: 'numtcpsock', kind: 'TCP', strict: false },
] as const;

/** vzcfgvalidate's minimum barriers, in bytes (§1.5); `recommended` where OpenVZ names one. */
const MIN_BARRIERS = [
  { resource: 'tcpsndbuf', min: 64 * 1024, recommended: undefined },
  { resource: 'tcprcvbuf', min: 64 * 1024, recommended: undefined },
  { resource: 'dgramrcvbuf', min: 32 * 1024, recommended: 129 * 1024 },
  { resource: 'othersockbuf', min: 32 * 1024, recommended: 129 * 1024 },
] as const;

/**
 * OpenVZ's own consistency rules (vzctl's vzcfgvalidate, docs/method.md §1.5), computed
 * from the live barrier and limit values, plus the per-socket figures of §2.4 for tcpsndbuf.
 * Rows that are unlimited (`null`) satisfy every rule and are skipped.
 */
export function checkConsistency(container: Container): ConsistencyFinding[] {
  const rows = new Map(container.resources.map((r) => [r.name, r]));
  const findings: ConsistencyFinding[] = [];
  for (const row of container.resources) {
    if (row.barrier !== null && row.limit !== null && row.barrier > row.limit) {
      findings.push({
        resource: row.name,
        severity: 'warn',
        message: `The barrier (${formatNumber(row.barrier)}) is above the limit (${formatNumber(row.limit)}); OpenVZ expects barrier ≤ limit, so the limit is the wall that counts.`,
      });
    }
  }
  for (const rule of PER_SOCKET_RULES) {
    const buffer = rows.get(rule.buffer);
    const sockets = rows.get(rule.sockets);
    if (buffer !== undefined && sockets !== undefined)
      findings.push(...perSocket(buffer, sockets, rule.kind, rule.strict));
  }
  for (const rule of MIN_BARRIERS) {
    const row = rows.get(rule.resource);
    if (row === undefined || row.barrier === null || row.barrier >= rule.min) continue;
    const advice = rule.recommended === undefined ? '' : ` (${formatNumber(rule.recommended)} recommended)`;
    findings.push({
      resource: row.name,
      severity: 'warn',
      message: `The barrier is ${formatNumber(row.barrier)} bytes, below the ${formatNumber(rule.min)} bytes OpenVZ's vzcfgvalidate requires${advice}.`,
    });
  }
  return findings;
}

function perSocket(buffer: ResourceRow, sockets: ResourceRow, kind: string, strict: boolean): ConsistencyFinding[] {
  const { barrier, limit } = buffer;
  const maxSockets = sockets.limit;
  if (barrier === null || limit === null || maxSockets === null || maxSockets === 0 || limit < barrier) return [];
  const out: ConsistencyFinding[] = [];
  const gap = limit - barrier;
  // §1.5 ub_sock_makewreserv_locked: above the barrier each socket may hold at most (L − B) / Nmax bytes.
  const perSocketBytes = Math.floor(gap / maxSockets);
  const allowed = `${formatNumber(maxSockets)} allowed`;
  const head = `limit − barrier is ${formatNumber(gap)} bytes, only ${formatNumber(perSocketBytes)} bytes per ${kind} socket (${allowed})`;
  if (gap < MIN_BYTES_PER_SOCKET * maxSockets) {
    out.push({
      resource: buffer.name,
      severity: 'warn',
      message:
        `${head}; OpenVZ's vzcfgvalidate ${strict ? 'requires' : 'recommends'} at least ${formatNumber(MIN_BYTES_PER_SOCKET)} per socket (${formatNumber(MIN_BYTES_PER_SOCKET * maxSockets)} in total).` +
        (buffer.name === 'tcpsndbuf' ? ` ${PAGE_STORM}` : ''),
    });
  } else if (buffer.name === 'tcpsndbuf' && perSocketBytes < PAGE_BYTES) {
    // §2.4 step 5: a send charges whole pages, so a socket above the barrier is refused before it gets one.
    out.push({
      resource: buffer.name,
      severity: 'warn',
      message: `${head}; OpenVZ needs at least ${formatNumber(MIN_BYTES_PER_SOCKET)} and a page is ${formatNumber(PAGE_BYTES)}, so above the barrier nearly every page charge is refused first. ${PAGE_STORM}`,
    });
  }
  if (buffer.name === 'tcpsndbuf') out.push(averagePerSocket(barrier, maxSockets));
  return out;
}

/** §2.4 step 6: the barrier shared out over every allowed socket. */
function averagePerSocket(barrier: number, maxSockets: number): ConsistencyFinding {
  const average = Math.floor(barrier / maxSockets);
  const comparison =
    average < DEFAULT_INITIAL_SNDBUF
      ? `, less than the ${formatNumber(DEFAULT_INITIAL_SNDBUF)}-byte send buffer Linux gives every new TCP socket by default (tcp_wmem), so the container cannot give all its allowed sockets even their initial buffer`
      : '';
  return {
    resource: 'tcpsndbuf',
    severity: 'ok',
    message: `The barrier leaves on average ${formatNumber(average)} bytes per allowed TCP socket (${formatNumber(barrier)} / ${formatNumber(maxSockets)})${comparison}.`,
  };
}
