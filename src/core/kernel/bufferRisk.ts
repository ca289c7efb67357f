import { formatBytesExact, formatInteger } from '../../shared/units';
import type { SideInput } from './bufferFigures';
import { assessBufferSide } from './bufferSide';
import type { BufferRisk, BufferRiskInput, RiskGrade } from './bufferRiskTypes';

const SEVERITY: Record<RiskGrade, number> = { unknown: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** The worse of two grades; 'unknown' counts as the least informative, not as the worst. */
export function worseGrade(a: RiskGrade, b: RiskGrade): RiskGrade {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * Grades the risk that TCP buffers run into the container's tcpsndbuf/tcprcvbuf beancounters, for the send
 * and the receive side, with the derivation in words (docs/method.md §2.4). Total: invalid numbers
 * (negative, fractional, NaN, infinite, above 2^53 − 1) are treated as absent.
 */
export function assessBufferRisk(input: BufferRiskInput): BufferRisk {
  const common = { sockets: validSockets(input.numtcpsock), tcpMemPages: triple(input.tcpMemPages), bdpBytes: size(input.bdpBytes) };
  const sendSide: SideInput = { side: 'send', sysctl: triple(input.tcpWmem), sockoptMax: size(input.wmemMax), row: validRow(input.sndbuf), ...common };
  const receiveSide: SideInput = { side: 'receive', sysctl: triple(input.tcpRmem), sockoptMax: size(input.rmemMax), row: validRow(input.rcvbuf), ...common };
  const send = assessBufferSide(sendSide);
  const receive = assessBufferSide(receiveSide);
  const result: BufferRisk = { send, receive, grade: worseGrade(send.grade, receive.grade) };
  const explanation = explainWmemMax(sendSide, receiveSide);
  if (explanation !== undefined) result.wmemMaxExplanation = explanation;
  return result;
}

/** The author's puzzle (§2.2): why sockets hold more than wmem_max. */
function explainWmemMax(send: SideInput, receive: SideInput): string | undefined {
  const wmem = send.sysctl;
  const wmemMax = send.sockoptMax;
  if (wmem === undefined || wmemMax === undefined) return undefined;
  const parts = [
    `net.core.wmem_max (${formatBytesExact(wmemMax)}) caps only what an application requests with setsockopt(SO_SNDBUF); ` +
      `the kernel doubles the request, so such a socket gets at most 2 x ${formatInteger(wmemMax)} = ${formatBytesExact(2 * wmemMax)}.`,
    `Sockets that never set SO_SNDBUF are autotuned up to tcp_wmem max = ${formatBytesExact(wmem[2])}, and autotuning does not consult wmem_max, ` +
      `so send buffers larger than wmem_max (ss -tm shows them as tb) are expected, not a fault (docs/method.md §2.2).`,
  ];
  if (receive.sysctl !== undefined && receive.sockoptMax !== undefined) {
    parts.push(
      `The same holds on the receive side: rmem_max (${formatBytesExact(receive.sockoptMax)}) caps only SO_RCVBUF, ` +
        `autotuning grows up to tcp_rmem max = ${formatBytesExact(receive.sysctl[2])}.`,
    );
  }
  return parts.join(' ');
}

/** A non-negative safe integer (kernel values are whole bytes, pages or counts), else undefined. */
function size(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function triple(value: unknown): [number, number, number] | undefined {
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [a, b, c] = value.map(size);
  return a !== undefined && b !== undefined && c !== undefined ? [a, b, c] : undefined;
}

/** A limit-like number: null stays null (unlimited); anything invalid makes the whole row invalid. */
function limitLike(value: unknown): number | null | undefined {
  return value === null ? null : size(value);
}

function validRow(row: BufferRiskInput['sndbuf']): SideInput['row'] {
  if (row === undefined || row === null || typeof row !== 'object') return undefined;
  const barrier = limitLike(row.barrier);
  const limit = limitLike(row.limit);
  const held = size(row.held);
  const maxheld = size(row.maxheld);
  if (barrier === undefined || limit === undefined || held === undefined || maxheld === undefined) return undefined;
  const failcntDelta = typeof row.failcntDelta === 'number' && Number.isSafeInteger(row.failcntDelta) ? row.failcntDelta : undefined;
  return { barrier, limit, held, maxheld, failcntDelta };
}

function validSockets(value: BufferRiskInput['numtcpsock']): SideInput['sockets'] {
  if (value === undefined || value === null || typeof value !== 'object') return undefined;
  const held = size(value.held);
  const limit = limitLike(value.limit);
  return held === undefined || limit === undefined ? undefined : { held, limit };
}
