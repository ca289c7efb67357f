import { formatBytesExact, formatInteger } from '../../shared/units';
import { deriveSide } from './bufferDerivation';
import { computeFigures, PAGE_BYTES, SIDE_WORDS, type SideInput } from './bufferFigures';
import { mitigateSide } from './bufferMitigations';
import type { BufferSideRisk, RiskGrade } from './bufferRiskTypes';

/** A grade and the sentence that justifies it. */
interface Graded {
  grade: RiskGrade;
  reason: string;
}

/** Busy sockets below which the worst case is graded high and medium (docs/method.md §2.4, suggested grading). */
const HIGH_BELOW_SOCKETS = 4;
const MEDIUM_BELOW_SOCKETS = 16;

/** The risk of one side: figures, grade, derivation and mitigations. */
export function assessBufferSide(input: SideInput): BufferSideRisk {
  const figures = computeFigures(input);
  const graded = gradeSide(input, figures);
  return {
    side: input.side,
    grade: graded.grade,
    figures,
    derivation: [...deriveSide(input, figures), `Grade ${graded.grade}: ${graded.reason}.`],
    mitigations: mitigateSide(input, figures, graded.grade),
  };
}

/**
 * §2.4's suggested grading: critical if tcp_wmem[2] >= barrier or failcnt grows now; high if fewer than 4
 * worst-case busy sockets fit or h < 4096; medium if fewer than 16 fit; else low. Unknown without the row.
 */
function gradeSide(input: SideInput, figures: BufferSideRisk['figures']): Graded {
  const words = SIDE_WORDS[input.side];
  const { row, sysctl } = input;
  if (row === undefined) {
    return { grade: 'unknown', reason: `no ${words.resource} beancounter, so the container's own limit is unknown (not OpenVZ, or /proc/user_beancounters was not readable)` };
  }
  if (row.failcntDelta !== undefined && row.failcntDelta > 0) {
    return { grade: 'critical', reason: `${words.resource} failcnt grew by ${formatInteger(row.failcntDelta)} since the previous sample: charges are being refused now` };
  }
  if (row.barrier === null) return { grade: 'low', reason: `the ${words.resource} barrier is unlimited, so only host-wide tcp_mem bounds ${words.buffer}s` };
  if (row.barrier === 0) return { grade: 'unknown', reason: `a ${words.resource} barrier of 0 is not a usable threshold (vzubc shows it as "-")` };
  const barrier = formatBytesExact(row.barrier);
  if (sysctl !== undefined && sysctl[2] >= row.barrier) {
    return { grade: 'critical', reason: `${words.sysctl} max ${formatBytesExact(sysctl[2])} >= barrier ${barrier}: one autotuned socket can fill it alone` };
  }
  const worst = figures.busySocketsWorst;
  if (worst !== undefined && worst < HIGH_BELOW_SOCKETS) {
    return { grade: 'high', reason: `only ${worst} fully grown autotuned socket${worst === 1 ? '' : 's'} fit below the barrier (fewer than ${HIGH_BELOW_SOCKETS})` };
  }
  const headroom = figures.headroomPerSocketBytes;
  if (headroom !== undefined && headroom < PAGE_BYTES) {
    const caveat = worst === undefined ? `; ${words.sysctl} is unknown, so it may be worse` : '';
    return { grade: 'high', reason: `each socket may hold only ${formatInteger(headroom)} B above the barrier, less than one ${formatInteger(PAGE_BYTES)} B page${caveat}` };
  }
  if (worst === undefined) return { grade: 'unknown', reason: `${words.sysctl} is unknown, so the worst case cannot be computed` };
  if (worst < MEDIUM_BELOW_SOCKETS) {
    return { grade: 'medium', reason: `${worst} fully grown autotuned sockets fit below the barrier (fewer than ${MEDIUM_BELOW_SOCKETS})` };
  }
  const above =
    headroom !== undefined
      ? 'each socket may hold at least one page above it'
      : row.limit === null
        ? 'the limit above it is unlimited'
        : 'the headroom above it was not checked (numtcpsock unknown)';
  return { grade: 'low', reason: `${formatInteger(worst)} fully grown autotuned sockets fit below the barrier and ${above}` };
}
