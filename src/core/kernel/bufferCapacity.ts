import { formatBytesExact as bytes, formatInteger as int, formatPercent } from '../../shared/units';
import type { SideInput, SideWords } from './bufferFigures';
import type { BufferSideRisk } from './bufferRiskTypes';

type Figures = BufferSideRisk['figures'];

/** §2.1 rule of thumb: an autotuned send buffer grows to about 6 × bandwidth × RTT. */
const SNDBUF_PER_BDP = 6;

/** §2.4 steps 1, 2 and 4: how many sockets of each kind fit below the barrier. */
export function capacityLines(input: SideInput, barrier: number, figures: Figures, words: SideWords): string[] {
  const { sysctl, sockoptMax } = input;
  const lines: string[] = [];
  const B = int(barrier);
  if (sysctl === undefined || figures.busySocketsWorst === undefined) {
    lines.push(`${words.sysctl} was not read (or its max is 0): the worst case, one autotuned socket at ${words.sysctl} max, cannot be computed.`);
  } else {
    const ratio = `W2/B = ${(sysctl[2] / barrier).toFixed(2)}`;
    lines.push(
      sysctl[2] >= barrier
        ? `${words.sysctl} max ${bytes(sysctl[2])} >= ${words.resource} barrier ${bytes(barrier)}: one autotuned socket can fill the container's whole ${words.buffer} (${ratio}), ` +
            `so not even one fully grown autotuned socket fits below the barrier.`
        : `${words.sysctl} max ${bytes(sysctl[2])} < ${words.resource} barrier ${bytes(barrier)} (${ratio}): ` +
            `floor(${B} / ${int(sysctl[2])}) = ${int(figures.busySocketsWorst)} fully grown autotuned sockets fit below the barrier.`,
    );
  }
  if (sockoptMax !== undefined && figures.busySocketsSockopt !== undefined && figures.sockoptCeilingBytes !== undefined) {
    lines.push(
      `Sockets that set ${words.option} get at most 2 x ${words.sockoptMax} = 2 x ${int(sockoptMax)} = ${bytes(figures.sockoptCeilingBytes)}, since the kernel doubles the request: ` +
        `floor(${B} / ${int(figures.sockoptCeilingBytes)}) = ${int(figures.busySocketsSockopt)} such busy sockets fit below the barrier.`,
    );
  }
  if (sysctl !== undefined && figures.busySocketsInitial !== undefined) {
    lines.push(
      `At the initial buffer, ${words.sysctl} default = ${bytes(sysctl[1])}: floor(${B} / ${int(sysctl[1])}) = ${int(figures.busySocketsInitial)} sockets fit below the barrier, ` +
        `fewer with the beancounter's charge overhead.`,
    );
  }
  if (sysctl !== undefined) lines.push(typicalLine(input, sysctl, barrier, words));
  return lines;
}

/** §2.4 step 2: the typical busy socket, from bandwidth × RTT when known (the 6 × BDP rule is for send buffers). */
function typicalLine(input: SideInput, sysctl: [number, number, number], barrier: number, words: SideWords): string {
  const typical = Math.min(sysctl[2], SNDBUF_PER_BDP * (input.bdpBytes ?? 0));
  if (input.side === 'send' && input.bdpBytes !== undefined && typical > 0) {
    return (
      `With bandwidth x RTT = ${bytes(input.bdpBytes)}, a typical busy autotuned socket holds about min(${words.sysctl} max, ${SNDBUF_PER_BDP} x BDP) = ${bytes(typical)}: ` +
      `floor(${int(barrier)} / ${int(typical)}) = ${int(Math.floor(barrier / typical))} such sockets fit below the barrier.`
    );
  }
  return `A busy socket holds between ${words.sysctl} default = ${bytes(sysctl[1])} and ${words.sysctl} max = ${bytes(sysctl[2])}; the grade uses the worst case.`;
}

/** §2.4 step 3: what is free right now, and how many more sockets of each kind that leaves room for. */
export function nowLine(input: SideInput, held: number, barrier: number, figures: Figures, words: SideWords): string {
  const percent = formatPercent(held / barrier);
  if (held >= barrier) {
    return `Now ${bytes(held)} is held (${percent} of the barrier): at or above the barrier, so further ${words.buffer} charges are rationed or refused.`;
  }
  const free = figures.freeBudgetBytes ?? barrier - held;
  const room: string[] = [];
  const more = (perSocket: number | undefined, kind: string): void => {
    if (perSocket !== undefined && perSocket > 0) room.push(`${int(Math.floor(free / perSocket))} more ${kind}`);
  };
  more(figures.autotuneCeilingBytes, 'fully grown autotuned');
  more(figures.sockoptCeilingBytes, `${words.option}-capped`);
  more(input.sysctl?.[1], 'initial-size');
  const tail = room.length > 0 ? `: room for ${room.join(', ')} sockets` : '';
  return `Now ${bytes(held)} is held (${percent} of the barrier), leaving ${bytes(free)} free below it${tail}.`;
}
