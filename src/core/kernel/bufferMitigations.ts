import { english, type Localizer } from '../../shared/l10n/localizer';
import { formatBytesExact as bytes, formatInteger as int } from '../../shared/units';
import { PAGE_BYTES, SIDE_WORDS, type SideInput } from './bufferFigures';
import type { BufferSideRisk, RiskGrade } from './bufferRiskTypes';

/** Busy autotuned sockets a healthy barrier should hold: the "low" grade of docs/method.md §2.4. */
const LOW_GRADE_SOCKETS = 16;
/** The fewest busy autotuned sockets that keep a side out of "high" (§2.4). */
const HIGH_GRADE_SOCKETS = 4;

/**
 * What to do or ask for, most effective first (docs/method.md §2.4, "Mitigations to suggest"),
 * with the numbers that would change the grade. Nothing for a low or unknown grade.
 */
export function mitigateSide(
  input: SideInput,
  figures: BufferSideRisk['figures'],
  grade: RiskGrade,
  l: Localizer = english,
): string[] {
  const { row, sysctl, sockets } = input;
  if (grade === 'low' || grade === 'unknown' || row === undefined) return [];
  const words = SIDE_WORDS[input.side];
  const barrier = row.barrier !== null && row.barrier > 0 ? row.barrier : undefined;
  const out: string[] = [];

  const need =
    sysctl !== undefined && sysctl[2] > 0
      ? l.t(
          ' ({0} fully grown autotuned sockets need a barrier of {0} x {1} = {2})',
          LOW_GRADE_SOCKETS,
          int(sysctl[2]),
          bytes(LOW_GRADE_SOCKETS * sysctl[2]),
        )
      : '';
  out.push(
    l.t(
      'Ask the provider to raise {0}{1}, or to move the container to a VSwap configuration, where socket buffers are not limited separately.',
      words.resource,
      need,
    ),
  );

  const h = figures.headroomPerSocketBytes;
  if (h !== undefined && h < PAGE_BYTES && barrier !== undefined && sockets?.limit) {
    const gap = PAGE_BYTES * sockets.limit;
    out.push(
      l.t(
        'Ask for a {0} limit at least {1} B x {2} sockets = {3} above the barrier (limit >= {4} with this barrier), so every socket may take one page above it (docs/method.md §1.5).',
        words.resource,
        int(PAGE_BYTES),
        int(sockets.limit),
        bytes(gap),
        bytes(barrier + gap),
      ),
    );
  }

  const capped =
    figures.sockoptCeilingBytes !== undefined
      ? l.t(' (then at most {0} per socket)', bytes(figures.sockoptCeilingBytes))
      : '';
  out.push(
    input.side === 'send'
      ? l.t(
          'Cap send buffering per connection in the applications: {0}{1}, tcp_notsent_lowat, fewer concurrent bulk transfers.',
          words.option,
          capped,
        )
      : l.t(
          'Cap receive buffering per connection in the applications: {0}{1}, fewer concurrent bulk downloads.',
          words.option,
          capped,
        ),
  );

  const target = barrier !== undefined && sysctl !== undefined ? lowerSysctlTarget(barrier, sysctl) : undefined;
  if (target !== undefined && sysctl !== undefined) {
    out.push(
      l.t(
        'If the container may change it ({0} is per network namespace since Linux 4.15; 2.6.32 OpenVZ containers usually cannot), lower net.ipv4.{0} max to {1} or less so that {2} busy autotuned sockets fit below the barrier.',
        words.sysctl,
        bytes(target.bytes),
        target.sockets,
      ),
    );
  }

  if (row.failcntDelta !== undefined && row.failcntDelta > 0) {
    out.push(
      l.t(
        'Find the sockets holding the most {0} memory now with ss -tmn (skmem {1}) and cap or pace those transfers.',
        l.t(words.buffer),
        input.side === 'send' ? l.t('w and tb') : l.t('r and rb'),
      ),
    );
  }
  return out;
}

/** A page-aligned tcp_*mem max that fits 16 busy sockets below the barrier, else 4; never at or below the default, never above the current max. */
function lowerSysctlTarget(
  barrier: number,
  sysctl: [number, number, number],
): { bytes: number; sockets: number } | undefined {
  for (const sockets of [LOW_GRADE_SOCKETS, HIGH_GRADE_SOCKETS]) {
    const bytes = Math.floor(barrier / sockets / PAGE_BYTES) * PAGE_BYTES;
    if (bytes > sysctl[1] && bytes < sysctl[2]) return { bytes, sockets };
  }
  return undefined;
}
