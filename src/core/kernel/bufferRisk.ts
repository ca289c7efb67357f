import { english, sentences, type Localizer } from '../../shared/l10n/localizer';
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
 * (negative, fractional, NaN, infinite, above 2^53 − 1) are treated as absent. The words are in `l`'s language;
 * `input` is kept in the result so a saved risk can be derived again in another language ({@link localizeBufferRisk}).
 */
export function assessBufferRisk(input: BufferRiskInput, l: Localizer = english): BufferRisk {
  const common = {
    sockets: validSockets(input.numtcpsock),
    tcpMemPages: triple(input.tcpMemPages),
    bdpBytes: size(input.bdpBytes),
  };
  const sendSide: SideInput = {
    side: 'send',
    sysctl: triple(input.tcpWmem),
    sockoptMax: size(input.wmemMax),
    row: validRow(input.sndbuf),
    ...common,
  };
  const receiveSide: SideInput = {
    side: 'receive',
    sysctl: triple(input.tcpRmem),
    sockoptMax: size(input.rmemMax),
    row: validRow(input.rcvbuf),
    ...common,
  };
  const send = assessBufferSide(sendSide, l);
  const receive = assessBufferSide(receiveSide, l);
  const result: BufferRisk = { send, receive, grade: worseGrade(send.grade, receive.grade), input };
  const explanation = explainWmemMax(sendSide, receiveSide, l);
  if (explanation !== undefined) result.wmemMaxExplanation = explanation;
  return result;
}

/**
 * A saved risk in another language: derived again from the inputs it was computed from. A risk saved
 * without its inputs (by an older version) keeps its English words.
 */
export function localizeBufferRisk(risk: BufferRisk, l: Localizer): BufferRisk {
  return risk.input === undefined || l.lang === 'en' ? risk : assessBufferRisk(risk.input, l);
}

/** The author's puzzle (§2.2): why sockets hold more than wmem_max. */
function explainWmemMax(send: SideInput, receive: SideInput, l: Localizer): string | undefined {
  const wmem = send.sysctl;
  const wmemMax = send.sockoptMax;
  if (wmem === undefined || wmemMax === undefined) return undefined;
  const parts = [
    l.t(
      'net.core.wmem_max ({0}) caps only what an application requests with setsockopt(SO_SNDBUF); the kernel doubles the request, so such a socket gets at most 2 x {1} = {2}.',
      formatBytesExact(wmemMax),
      formatInteger(wmemMax),
      formatBytesExact(2 * wmemMax),
    ),
    l.t(
      'Sockets that never set SO_SNDBUF are autotuned up to tcp_wmem max = {0}, and autotuning does not consult wmem_max, so send buffers larger than wmem_max (ss -tm shows them as tb) are expected, not a fault (docs/method.md §2.2).',
      formatBytesExact(wmem[2]),
    ),
  ];
  if (receive.sysctl !== undefined && receive.sockoptMax !== undefined) {
    parts.push(
      l.t(
        'The same holds on the receive side: rmem_max ({0}) caps only SO_RCVBUF, autotuning grows up to tcp_rmem max = {1}.',
        formatBytesExact(receive.sockoptMax),
        formatBytesExact(receive.sysctl[2]),
      ),
    );
  }
  return sentences(l, parts);
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
  const failcntDelta =
    typeof row.failcntDelta === 'number' && Number.isSafeInteger(row.failcntDelta) ? row.failcntDelta : undefined;
  return { barrier, limit, held, maxheld, failcntDelta };
}

function validSockets(value: BufferRiskInput['numtcpsock']): SideInput['sockets'] {
  if (value === undefined || value === null || typeof value !== 'object') return undefined;
  const held = size(value.held);
  const limit = limitLike(value.limit);
  return held === undefined || limit === undefined ? undefined : { held, limit };
}
