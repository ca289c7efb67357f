/**
 * What a failed connection attempt means, in words a user can act on or forward to a provider
 * (docs/method.md §3.2 step 3 and §3.4 row 13).
 */

import { english, msg, type Localizer } from '../../shared/l10n/localizer';

/** An error without a code: the socket's own message follows. */
export const CONNECTION_FAILED = msg('the connection failed: {0}');
/** An error code without a meaning of its own. */
export const CONNECTION_FAILED_WITH = msg('the connection failed with {0}');

/** Our own per-attempt deadline passed before the handshake completed (see `burstLimits.ts`). */
export const DEADLINE_CODE = 'DEADLINE';
/** The connection was made but the HTTP exchange went wrong (no status line, closed early). */
export const HTTP_RESPONSE_CODE = 'HTTP_RESPONSE';

const MEANINGS: Record<string, string> = {
  ECONNREFUSED: msg(
    'connection refused: nothing is listening on that port, or a firewall rule rejects it (REJECT with a TCP reset)',
  ),
  ETIMEDOUT: msg(
    'timed out: no SYN-ACK came back to any SYN, so the SYNs (or their answers) were dropped on the way or by a firewall',
  ),
  [DEADLINE_CODE]: msg(
    "no answer before the probe's deadline: the SYN and its retransmissions went unanswered (dropped on the way, by a firewall, or by a full queue on the server)",
  ),
  EHOSTUNREACH: msg(
    'host unreachable: a router (or this machine) has no route to the host, or an ICMP "host unreachable"/"administratively prohibited" came back',
  ),
  ENETUNREACH: msg(
    'network unreachable: this machine has no route to that network (no default route, or no IPv6 connectivity)',
  ),
  ECONNRESET: msg(
    'connection reset: the server (or a middlebox) sent a reset after accepting, e.g. a full accept queue with tcp_abort_on_overflow, a crashing service or an idle-timeout',
  ),
  ECONNABORTED: msg('connection aborted on this machine before it was established'),
  EPIPE: msg('the connection was closed by the server while the request was being written'),
  ENOBUFS: msg(
    'no buffer space on this machine: the local socket memory (or, on an OpenVZ client, a beancounter) is exhausted',
  ),
  EADDRNOTAVAIL: msg(
    'no local address or port available: this machine has run out of ephemeral ports (too many connections in TIME_WAIT) or the address is not configured',
  ),
  EADDRINUSE: msg('the local address and port are already in use'),
  EMFILE: msg('this process has too many open files: raise the open-file limit (ulimit -n) or lower the concurrency'),
  ENFILE: msg('the whole system has too many open files'),
  EACCES: msg('permission denied by this machine (a local firewall or security policy forbids the connection)'),
  EPERM: msg('operation not permitted: a local firewall rule on this machine dropped the outgoing SYN'),
  ENOTFOUND: msg('the host name does not resolve (DNS says it does not exist)'),
  EAI_AGAIN: msg('the DNS lookup failed temporarily (no answer from the resolver)'),
  [HTTP_RESPONSE_CODE]: msg('the TCP connection was made but no valid HTTP status line came back before it closed'),
};

/** The meaning of an error code (`ECONNREFUSED`, `DEADLINE`, …); unknown codes get a generic sentence naming them. */
export function connectErrorMeaning(code: string, l: Localizer = english): string {
  return Object.hasOwn(MEANINGS, code) ? l.t(MEANINGS[code]) : l.t(CONNECTION_FAILED_WITH, code);
}

/** `{ code, meaning }` for anything a socket may emit as an error; errors without a code are `UNKNOWN`. */
export function describeConnectError(error: unknown): { code: string; meaning: string } {
  const raw = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const code = typeof raw === 'string' && raw.length > 0 ? raw : 'UNKNOWN';
  if (code === 'UNKNOWN') {
    const message = error instanceof Error ? error.message : String(error);
    return { code, meaning: english.t(CONNECTION_FAILED, message) };
  }
  return { code, meaning: connectErrorMeaning(code) };
}
