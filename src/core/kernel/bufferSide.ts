import { english, type Localizer } from '../../shared/l10n/localizer';
import { formatBytesExact, formatInteger } from '../../shared/units';
import { gradeName } from '../../shared/l10n/terms';
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
export function assessBufferSide(input: SideInput, l: Localizer = english): BufferSideRisk {
  const figures = computeFigures(input);
  const graded = gradeSide(input, figures, l);
  return {
    side: input.side,
    grade: graded.grade,
    figures,
    derivation: [...deriveSide(input, figures, l), l.t('Grade {0}: {1}.', gradeName(graded.grade, l), graded.reason)],
    mitigations: mitigateSide(input, figures, graded.grade, l),
  };
}

/**
 * §2.4's suggested grading: critical if tcp_wmem[2] >= barrier or failcnt grows now; high if fewer than 4
 * worst-case busy sockets fit or h < 4096; medium if fewer than 16 fit; else low. Unknown without the row.
 */
function gradeSide(input: SideInput, figures: BufferSideRisk['figures'], l: Localizer): Graded {
  const words = SIDE_WORDS[input.side];
  const { row, sysctl } = input;
  if (row === undefined) {
    return {
      grade: 'unknown',
      reason: l.t(
        "no {0} beancounter, so the container's own limit is unknown (not OpenVZ, or /proc/user_beancounters was not readable)",
        words.resource,
      ),
    };
  }
  if (row.failcntDelta !== undefined && row.failcntDelta > 0) {
    return {
      grade: 'critical',
      reason: l.t(
        '{0} failcnt grew by {1} since the previous sample: charges are being refused now',
        words.resource,
        formatInteger(row.failcntDelta),
      ),
    };
  }
  if (row.barrier === null)
    return {
      grade: 'low',
      reason: l.t(
        'the {0} barrier is unlimited, so only host-wide tcp_mem bounds {1}s',
        words.resource,
        l.t(words.buffer),
      ),
    };
  if (row.barrier === 0)
    return {
      grade: 'unknown',
      reason: l.t('a {0} barrier of 0 is not a usable threshold (vzubc shows it as "-")', words.resource),
    };
  const barrier = formatBytesExact(row.barrier);
  if (sysctl !== undefined && sysctl[2] >= row.barrier) {
    return {
      grade: 'critical',
      reason: l.t(
        '{0} max {1} >= barrier {2}: one autotuned socket can fill it alone',
        words.sysctl,
        formatBytesExact(sysctl[2]),
        barrier,
      ),
    };
  }
  const worst = figures.busySocketsWorst;
  if (worst !== undefined && worst < HIGH_BELOW_SOCKETS) {
    return {
      grade: 'high',
      reason:
        worst === 1
          ? l.t('only 1 fully grown autotuned socket fit below the barrier (fewer than {0})', HIGH_BELOW_SOCKETS)
          : l.t(
              'only {0} fully grown autotuned sockets fit below the barrier (fewer than {1})',
              worst,
              HIGH_BELOW_SOCKETS,
            ),
    };
  }
  const headroom = figures.headroomPerSocketBytes;
  if (headroom !== undefined && headroom < PAGE_BYTES) {
    const caveat = worst === undefined ? l.t('; {0} is unknown, so it may be worse', words.sysctl) : '';
    return {
      grade: 'high',
      reason: l.t(
        'each socket may hold only {0} B above the barrier, less than one {1} B page{2}',
        formatInteger(headroom),
        formatInteger(PAGE_BYTES),
        caveat,
      ),
    };
  }
  if (worst === undefined)
    return { grade: 'unknown', reason: l.t('{0} is unknown, so the worst case cannot be computed', words.sysctl) };
  if (worst < MEDIUM_BELOW_SOCKETS) {
    return {
      grade: 'medium',
      reason: l.t(
        '{0} fully grown autotuned sockets fit below the barrier (fewer than {1})',
        worst,
        MEDIUM_BELOW_SOCKETS,
      ),
    };
  }
  const above =
    headroom !== undefined
      ? l.t('each socket may hold at least one page above it')
      : row.limit === null
        ? l.t('the limit above it is unlimited')
        : l.t('the headroom above it was not checked (numtcpsock unknown)');
  return {
    grade: 'low',
    reason: l.t('{0} fully grown autotuned sockets fit below the barrier and {1}', formatInteger(worst), above),
  };
}
