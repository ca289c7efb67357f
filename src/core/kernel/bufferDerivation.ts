import { formatBytesExact as bytes, formatInteger as int } from '../../shared/units';
import { capacityLines, nowLine } from './bufferCapacity';
import { PAGE_BYTES, pagesToBytes, SIDE_WORDS, type SideInput, type SideWords } from './bufferFigures';
import type { BufferSideRisk } from './bufferRiskTypes';

type Figures = BufferSideRisk['figures'];
type Row = NonNullable<SideInput['row']>;

/** vzcfgvalidate's minimum headroom above the barrier per socket: 2.5 KiB (docs/method.md §1.5). */
const VZCFGVALIDATE_MIN_HEADROOM = 2560;

/** The derivation of one side in words, each line with its numbers (docs/method.md §2.4). */
export function deriveSide(input: SideInput, figures: Figures): string[] {
  const words = SIDE_WORDS[input.side];
  const { row } = input;
  if (row === undefined) {
    return [
      `No ${words.resource} beancounter: not an OpenVZ container, or /proc/user_beancounters needs root (docs/method.md §1.8).`,
      ...ceilingLines(input, figures, words),
      ...tcpMemLines(input, words),
    ];
  }
  const lines = [inputsLine(input, row, words)];
  if (row.barrier === null || row.barrier === 0) {
    lines.push(
      row.barrier === null
        ? `The ${words.resource} barrier is unlimited: the container does not limit ${words.buffer}s itself.`
        : `The ${words.resource} barrier is 0, which is not a usable threshold: no capacity is computed.`,
      ...ceilingLines(input, figures, words),
      failcntLine(row, words),
      ...tcpMemLines(input, words),
    );
    return lines;
  }
  lines.push(...capacityLines(input, row.barrier, figures, words), nowLine(input, row.held, row.barrier, figures, words));
  lines.push(...socketLines(input, row, row.barrier, figures, words));
  lines.push(
    row.maxheld >= row.barrier
      ? `maxheld ${bytes(row.maxheld)} >= barrier: the container has reached the barrier at least once since it started.`
      : `maxheld ${bytes(row.maxheld)} < barrier: the container has not reached the barrier since it started.`,
    failcntLine(row, words),
  );
  if (input.side === 'receive' && input.sockets !== undefined) {
    const threshold = Math.floor(row.barrier / (input.sockets.held + 1));
    lines.push(
      `OpenVZ also limits receive autotuning per socket to barrier / (numtcpsock held + 1) = ${int(row.barrier)} / ${int(input.sockets.held + 1)} = ` +
        `${bytes(threshold)} while the container is in its "keep" state, and clamps windows above the barrier (docs/method.md §1.5): the receive figures are upper bounds.`,
    );
  }
  lines.push(...tcpMemLines(input, words));
  return lines;
}

function inputsLine(input: SideInput, row: Row, words: SideWords): string {
  const limit = (n: number | null): string => (n === null ? 'unlimited' : `${int(n)} B`);
  const parts = [`${words.resource}: barrier ${limit(row.barrier)}, limit ${limit(row.limit)}, held ${int(row.held)} B, maxheld ${int(row.maxheld)} B`];
  if (input.sockets !== undefined) parts.push(`numtcpsock: held ${int(input.sockets.held)}, limit ${input.sockets.limit === null ? 'unlimited' : int(input.sockets.limit)}`);
  if (input.sysctl !== undefined) parts.push(`${words.sysctl} = ${input.sysctl.map(int).join(' ')} B`);
  if (input.sockoptMax !== undefined) parts.push(`${words.sockoptMax} = ${int(input.sockoptMax)} B`);
  return `Inputs: ${parts.join('; ')}.`;
}

/** What one socket may hold, when there is no barrier to compare with. */
function ceilingLines(input: SideInput, figures: Figures, words: SideWords): string[] {
  const lines: string[] = [];
  if (figures.autotuneCeilingBytes !== undefined) lines.push(`An autotuned socket may grow up to ${words.sysctl} max = ${bytes(figures.autotuneCeilingBytes)}.`);
  if (figures.sockoptCeilingBytes !== undefined && input.sockoptMax !== undefined) {
    lines.push(`A socket that sets ${words.option} gets at most 2 x ${words.sockoptMax} = 2 x ${int(input.sockoptMax)} = ${bytes(figures.sockoptCeilingBytes)}.`);
  }
  return lines;
}

/** §2.4 steps 5 and 6: what each socket may hold above the barrier, and the barrier shared by every allowed socket. */
function socketLines(input: SideInput, row: Row, barrier: number, figures: Figures, words: SideWords): string[] {
  const sockets = input.sockets;
  if (sockets === undefined) return ['numtcpsock was not read: the per-socket headroom above the barrier is not computed.'];
  if (sockets.limit === null || sockets.limit === 0) {
    return [`The numtcpsock limit is ${sockets.limit === null ? 'unlimited' : '0'}: the per-socket formulas (limit - barrier) / numtcpsock.limit do not apply.`];
  }
  const lines: string[] = [];
  const h = figures.headroomPerSocketBytes;
  if (row.limit === null) lines.push(`The ${words.resource} limit is unlimited: no per-socket cap above the barrier.`);
  else if (h !== undefined) {
    const pageNote =
      h < PAGE_BYTES
        ? `, less than one ${int(PAGE_BYTES)} B page: above the barrier nearly every page charge is refused first and retried smaller, so failcnt climbs fast`
        : `, at least one ${int(PAGE_BYTES)} B page`;
    const vzNote = h < VZCFGVALIDATE_MIN_HEADROOM ? '; below 2.5 KiB per socket vzcfgvalidate rejects the configuration' : '';
    lines.push(`Headroom above the barrier per socket h = (${int(row.limit)} - ${int(barrier)}) / ${int(sockets.limit)} = ${int(h)} B${pageNote}${vzNote}.`);
  }
  const perSocket = figures.perAllowedSocketBytes;
  if (perSocket !== undefined) {
    const initial = input.sysctl?.[1];
    const verdict =
      initial === undefined
        ? ''
        : perSocket < initial
          ? ` < ${words.sysctl} default ${int(initial)} B: the container cannot give every allowed socket even its initial ${words.buffer}`
          : ` >= ${words.sysctl} default ${int(initial)} B: every allowed socket can get its initial ${words.buffer}`;
    lines.push(`Per allowed socket B / numtcpsock limit = ${int(barrier)} / ${int(sockets.limit)} = ${int(perSocket)} B${verdict}.`);
  }
  return lines;
}

function failcntLine(row: Row, words: SideWords): string {
  const delta = row.failcntDelta;
  if (delta === undefined) {
    return `${words.resource} failcnt growth is unknown: failcnt counts refusals since the container started, so only two samples show whether charges are refused now.`;
  }
  if (delta > 0) return `${words.resource} failcnt grew by ${int(delta)} since the previous sample: ${words.buffer} charges are being refused now.`;
  if (delta === 0) return `${words.resource} failcnt did not grow since the previous sample.`;
  return `${words.resource} failcnt went down: the container restarted, so its growth is unknown until the next sample.`;
}

/** §2.5: the host-wide view, which applies with or without beancounters. */
function tcpMemLines(input: SideInput, words: SideWords): string[] {
  const pages = input.tcpMemPages;
  if (pages === undefined) return [];
  const pressure = pagesToBytes(pages[1]);
  const ceiling = input.sysctl?.[2];
  const perSocket =
    ceiling !== undefined && ceiling > 0 ? `; about ${int(Math.floor(pressure / ceiling))} sockets at ${words.sysctl} max reach the pressure level` : '';
  return [
    `Host-wide tcp_mem (every TCP socket on the host, send and receive; pages of ${int(PAGE_BYTES)} B, docs/method.md §2.5): ` +
      `pressure from ${int(pages[1])} pages = ${bytes(pressure)}, hard limit ${int(pages[2])} pages = ${bytes(pagesToBytes(pages[2]))}${perSocket}.`,
  ];
}
