import { PAGE_BYTES } from './resources';
import type { Severity } from './severity';
import type { Container, ResourceRow } from './types';
import { formatNumber } from '../../shared/units';
import { english, msg, sentences, type Localizer } from '../../shared/l10n/localizer';

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

const PAGE_STORM = msg('Each refused charge adds to failcnt, so it climbs fast whenever the barrier is reached.');

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
export function checkConsistency(container: Container, l: Localizer = english): ConsistencyFinding[] {
  const rows = new Map(container.resources.map((r) => [r.name, r]));
  const findings: ConsistencyFinding[] = [];
  for (const row of container.resources) {
    if (row.barrier !== null && row.limit !== null && row.barrier > row.limit) {
      findings.push({
        resource: row.name,
        severity: 'warn',
        message: l.t(
          'The barrier ({0}) is above the limit ({1}); OpenVZ expects barrier ≤ limit, so the limit is the wall that counts.',
          formatNumber(row.barrier),
          formatNumber(row.limit),
        ),
      });
    }
  }
  for (const rule of PER_SOCKET_RULES) {
    const buffer = rows.get(rule.buffer);
    const sockets = rows.get(rule.sockets);
    if (buffer !== undefined && sockets !== undefined)
      findings.push(...perSocket(buffer, sockets, rule.kind, rule.strict, l));
  }
  for (const rule of MIN_BARRIERS) {
    const row = rows.get(rule.resource);
    if (row === undefined || row.barrier === null || row.barrier >= rule.min) continue;
    const args = [formatNumber(row.barrier), formatNumber(rule.min)];
    findings.push({
      resource: row.name,
      severity: 'warn',
      message:
        rule.recommended === undefined
          ? l.t("The barrier is {0} bytes, below the {1} bytes OpenVZ's vzcfgvalidate requires.", ...args)
          : l.t(
              "The barrier is {0} bytes, below the {1} bytes OpenVZ's vzcfgvalidate requires ({2} recommended).",
              ...args,
              formatNumber(rule.recommended),
            ),
    });
  }
  return findings;
}

function perSocket(
  buffer: ResourceRow,
  sockets: ResourceRow,
  kind: string,
  strict: boolean,
  l: Localizer,
): ConsistencyFinding[] {
  const { barrier, limit } = buffer;
  const maxSockets = sockets.limit;
  if (barrier === null || limit === null || maxSockets === null || maxSockets === 0 || limit < barrier) return [];
  const out: ConsistencyFinding[] = [];
  const gap = limit - barrier;
  // §1.5 ub_sock_makewreserv_locked: above the barrier each socket may hold at most (L − B) / Nmax bytes.
  const perSocketBytes = Math.floor(gap / maxSockets);
  const head = l.t(
    'limit − barrier is {0} bytes, only {1} bytes per {2} socket ({3} allowed)',
    formatNumber(gap),
    formatNumber(perSocketBytes),
    kind,
    formatNumber(maxSockets),
  );
  const storm = buffer.name === 'tcpsndbuf' ? [l.t(PAGE_STORM)] : [];
  const need = [head, formatNumber(MIN_BYTES_PER_SOCKET), formatNumber(MIN_BYTES_PER_SOCKET * maxSockets)];
  if (gap < MIN_BYTES_PER_SOCKET * maxSockets) {
    out.push({
      resource: buffer.name,
      severity: 'warn',
      message: sentences(l, [
        strict
          ? l.t("{0}; OpenVZ's vzcfgvalidate requires at least {1} per socket ({2} in total).", ...need)
          : l.t("{0}; OpenVZ's vzcfgvalidate recommends at least {1} per socket ({2} in total).", ...need),
        ...storm,
      ]),
    });
  } else if (buffer.name === 'tcpsndbuf' && perSocketBytes < PAGE_BYTES) {
    // §2.4 step 5: a send charges whole pages, so a socket above the barrier is refused before it gets one.
    out.push({
      resource: buffer.name,
      severity: 'warn',
      message: sentences(l, [
        l.t(
          '{0}; OpenVZ needs at least {1} and a page is {2}, so above the barrier nearly every page charge is refused first.',
          head,
          formatNumber(MIN_BYTES_PER_SOCKET),
          formatNumber(PAGE_BYTES),
        ),
        ...storm,
      ]),
    });
  }
  if (buffer.name === 'tcpsndbuf') out.push(averagePerSocket(barrier, maxSockets, l));
  return out;
}

/** §2.4 step 6: the barrier shared out over every allowed socket. */
function averagePerSocket(barrier: number, maxSockets: number, l: Localizer): ConsistencyFinding {
  const average = Math.floor(barrier / maxSockets);
  const args = [formatNumber(average), formatNumber(barrier), formatNumber(maxSockets)];
  return {
    resource: 'tcpsndbuf',
    severity: 'ok',
    message:
      average < DEFAULT_INITIAL_SNDBUF
        ? l.t(
            'The barrier leaves on average {0} bytes per allowed TCP socket ({1} / {2}), less than the {3}-byte send buffer Linux gives every new TCP socket by default (tcp_wmem), so the container cannot give all its allowed sockets even their initial buffer.',
            ...args,
            formatNumber(DEFAULT_INITIAL_SNDBUF),
          )
        : l.t('The barrier leaves on average {0} bytes per allowed TCP socket ({1} / {2}).', ...args),
  };
}
