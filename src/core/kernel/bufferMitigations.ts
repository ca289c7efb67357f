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
export function mitigateSide(input: SideInput, figures: BufferSideRisk['figures'], grade: RiskGrade): string[] {
  const { row, sysctl, sockets } = input;
  if (grade === 'low' || grade === 'unknown' || row === undefined) return [];
  const words = SIDE_WORDS[input.side];
  const barrier = row.barrier !== null && row.barrier > 0 ? row.barrier : undefined;
  const out: string[] = [];

  const need = sysctl !== undefined && sysctl[2] > 0 ? ` (${LOW_GRADE_SOCKETS} fully grown autotuned sockets need a barrier of ${LOW_GRADE_SOCKETS} x ${int(sysctl[2])} = ${bytes(LOW_GRADE_SOCKETS * sysctl[2])})` : '';
  out.push(`Ask the provider to raise ${words.resource}${need}, or to move the container to a VSwap configuration, where socket buffers are not limited separately.`);

  const h = figures.headroomPerSocketBytes;
  if (h !== undefined && h < PAGE_BYTES && barrier !== undefined && sockets?.limit) {
    const gap = PAGE_BYTES * sockets.limit;
    out.push(
      `Ask for a ${words.resource} limit at least ${int(PAGE_BYTES)} B x ${int(sockets.limit)} sockets = ${bytes(gap)} above the barrier ` +
        `(limit >= ${bytes(barrier + gap)} with this barrier), so every socket may take one page above it (docs/method.md §1.5).`,
    );
  }

  const capped = figures.sockoptCeilingBytes !== undefined ? ` (then at most ${bytes(figures.sockoptCeilingBytes)} per socket)` : '';
  out.push(
    input.side === 'send'
      ? `Cap send buffering per connection in the applications: ${words.option}${capped}, tcp_notsent_lowat, fewer concurrent bulk transfers.`
      : `Cap receive buffering per connection in the applications: ${words.option}${capped}, fewer concurrent bulk downloads.`,
  );

  const target = barrier !== undefined && sysctl !== undefined ? lowerSysctlTarget(barrier, sysctl) : undefined;
  if (target !== undefined && sysctl !== undefined) {
    out.push(
      `If the container may change it (${words.sysctl} is per network namespace since Linux 4.15; 2.6.32 OpenVZ containers usually cannot), ` +
        `lower net.ipv4.${words.sysctl} max to ${bytes(target.bytes)} or less so that ${target.sockets} busy autotuned sockets fit below the barrier.`,
    );
  }

  if (row.failcntDelta !== undefined && row.failcntDelta > 0) {
    out.push(`Find the sockets holding the most ${words.buffer} memory now with ss -tmn (skmem ${input.side === 'send' ? 'w and tb' : 'r and rb'}) and cap or pace those transfers.`);
  }
  return out;
}

/** A page-aligned tcp_*mem max that fits 16 busy sockets below the barrier, else 4; never at or below the default, never above the current max. */
function lowerSysctlTarget(barrier: number, sysctl: [number, number, number]): { bytes: number; sockets: number } | undefined {
  for (const sockets of [LOW_GRADE_SOCKETS, HIGH_GRADE_SOCKETS]) {
    const bytes = Math.floor(barrier / sockets / PAGE_BYTES) * PAGE_BYTES;
    if (bytes > sysctl[1] && bytes < sysctl[2]) return { bytes, sockets };
  }
  return undefined;
}
