import { english, list, type Localizer } from '../../shared/l10n/localizer';
import { formatBytesExact as bytes, formatInteger as int, formatPercent } from '../../shared/units';
import type { SideInput, SideWords } from './bufferFigures';
import type { BufferSideRisk } from './bufferRiskTypes';

type Figures = BufferSideRisk['figures'];

/** §2.1 rule of thumb: an autotuned send buffer grows to about 6 × bandwidth × RTT. */
const SNDBUF_PER_BDP = 6;

/** §2.4 steps 1, 2 and 4: how many sockets of each kind fit below the barrier. */
export function capacityLines(
  input: SideInput,
  barrier: number,
  figures: Figures,
  words: SideWords,
  l: Localizer = english,
): string[] {
  const { sysctl, sockoptMax } = input;
  const lines: string[] = [];
  const B = int(barrier);
  if (sysctl === undefined || figures.busySocketsWorst === undefined) {
    lines.push(
      l.t(
        '{0} was not read (or its max is 0): the worst case, one autotuned socket at {0} max, cannot be computed.',
        words.sysctl,
      ),
    );
  } else {
    const ratio = `W2/B = ${(sysctl[2] / barrier).toFixed(2)}`;
    lines.push(
      sysctl[2] >= barrier
        ? l.t(
            "{0} max {1} >= {2} barrier {3}: one autotuned socket can fill the container's whole {4} ({5}), so not even one fully grown autotuned socket fits below the barrier.",
            words.sysctl,
            bytes(sysctl[2]),
            words.resource,
            bytes(barrier),
            l.t(words.buffer),
            ratio,
          )
        : l.t(
            '{0} max {1} < {2} barrier {3} ({4}): floor({5} / {6}) = {7} fully grown autotuned sockets fit below the barrier.',
            words.sysctl,
            bytes(sysctl[2]),
            words.resource,
            bytes(barrier),
            ratio,
            B,
            int(sysctl[2]),
            int(figures.busySocketsWorst),
          ),
    );
  }
  if (
    sockoptMax !== undefined &&
    figures.busySocketsSockopt !== undefined &&
    figures.sockoptCeilingBytes !== undefined
  ) {
    lines.push(
      l.t(
        'Sockets that set {0} get at most 2 x {1} = 2 x {2} = {3}, since the kernel doubles the request: floor({4} / {5}) = {6} such busy sockets fit below the barrier.',
        words.option,
        words.sockoptMax,
        int(sockoptMax),
        bytes(figures.sockoptCeilingBytes),
        B,
        int(figures.sockoptCeilingBytes),
        int(figures.busySocketsSockopt),
      ),
    );
  }
  if (sysctl !== undefined && figures.busySocketsInitial !== undefined) {
    lines.push(
      l.t(
        "At the initial buffer, {0} default = {1}: floor({2} / {3}) = {4} sockets fit below the barrier, fewer with the beancounter's charge overhead.",
        words.sysctl,
        bytes(sysctl[1]),
        B,
        int(sysctl[1]),
        int(figures.busySocketsInitial),
      ),
    );
  }
  if (sysctl !== undefined) lines.push(typicalLine(input, sysctl, barrier, words, l));
  return lines;
}

/** §2.4 step 2: the typical busy socket, from bandwidth × RTT when known (the 6 × BDP rule is for send buffers). */
function typicalLine(
  input: SideInput,
  sysctl: [number, number, number],
  barrier: number,
  words: SideWords,
  l: Localizer,
): string {
  const typical = Math.min(sysctl[2], SNDBUF_PER_BDP * (input.bdpBytes ?? 0));
  if (input.side === 'send' && input.bdpBytes !== undefined && typical > 0) {
    return l.t(
      'With bandwidth x RTT = {0}, a typical busy autotuned socket holds about min({1} max, {2} x BDP) = {3}: floor({4} / {5}) = {6} such sockets fit below the barrier.',
      bytes(input.bdpBytes),
      words.sysctl,
      SNDBUF_PER_BDP,
      bytes(typical),
      int(barrier),
      int(typical),
      int(Math.floor(barrier / typical)),
    );
  }
  return l.t(
    'A busy socket holds between {0} default = {1} and {0} max = {2}; the grade uses the worst case.',
    words.sysctl,
    bytes(sysctl[1]),
    bytes(sysctl[2]),
  );
}

/** §2.4 step 3: what is free right now, and how many more sockets of each kind that leaves room for. */
export function nowLine(
  input: SideInput,
  held: number,
  barrier: number,
  figures: Figures,
  words: SideWords,
  l: Localizer = english,
): string {
  const percent = formatPercent(held / barrier);
  if (held >= barrier) {
    return l.t(
      'Now {0} is held ({1} of the barrier): at or above the barrier, so further {2} charges are rationed or refused.',
      bytes(held),
      percent,
      l.t(words.buffer),
    );
  }
  const free = figures.freeBudgetBytes ?? barrier - held;
  const room: string[] = [];
  const more = (perSocket: number | undefined, kind: string): void => {
    if (perSocket !== undefined && perSocket > 0) room.push(kind.replace('{0}', int(Math.floor(free / perSocket))));
  };
  more(figures.autotuneCeilingBytes, l.t('{0} more fully grown autotuned'));
  more(figures.sockoptCeilingBytes, l.t('{0} more {1}-capped', '{0}', words.option));
  more(input.sysctl?.[1], l.t('{0} more initial-size'));
  const tail = room.length > 0 ? l.t(': room for {0} sockets', list(l, room)) : '';
  return l.t(
    'Now {0} is held ({1} of the barrier), leaving {2} free below it{3}.',
    bytes(held),
    percent,
    bytes(free),
    tail,
  );
}
