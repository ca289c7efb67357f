import { english, type Localizer } from '../../shared/l10n/localizer';
import { formatBytesExact as bytes, formatInteger as int } from '../../shared/units';
import { capacityLines, nowLine } from './bufferCapacity';
import { PAGE_BYTES, pagesToBytes, SIDE_WORDS, type SideInput, type SideWords } from './bufferFigures';
import type { BufferSideRisk } from './bufferRiskTypes';

type Figures = BufferSideRisk['figures'];
type Row = NonNullable<SideInput['row']>;

/** vzcfgvalidate's minimum headroom above the barrier per socket: 2.5 KiB (docs/method.md §1.5). */
const VZCFGVALIDATE_MIN_HEADROOM = 2560;

/** The derivation of one side in words, each line with its numbers (docs/method.md §2.4). */
export function deriveSide(input: SideInput, figures: Figures, l: Localizer = english): string[] {
  const words = SIDE_WORDS[input.side];
  const { row } = input;
  if (row === undefined) {
    return [
      l.t(
        'No {0} beancounter: not an OpenVZ container, or /proc/user_beancounters needs root (docs/method.md §1.8).',
        words.resource,
      ),
      ...ceilingLines(input, figures, words, l),
      ...tcpMemLines(input, words, l),
    ];
  }
  const lines = [inputsLine(input, row, words, l)];
  if (row.barrier === null || row.barrier === 0) {
    lines.push(
      row.barrier === null
        ? l.t(
            'The {0} barrier is unlimited: the container does not limit {1}s itself.',
            words.resource,
            l.t(words.buffer),
          )
        : l.t('The {0} barrier is 0, which is not a usable threshold: no capacity is computed.', words.resource),
      ...ceilingLines(input, figures, words, l),
      failcntLine(row, words, l),
      ...tcpMemLines(input, words, l),
    );
    return lines;
  }
  lines.push(
    ...capacityLines(input, row.barrier, figures, words, l),
    nowLine(input, row.held, row.barrier, figures, words, l),
  );
  lines.push(...socketLines(input, row, row.barrier, figures, words, l));
  lines.push(
    row.maxheld >= row.barrier
      ? l.t(
          'maxheld {0} >= barrier: the container has reached the barrier at least once since it started.',
          bytes(row.maxheld),
        )
      : l.t('maxheld {0} < barrier: the container has not reached the barrier since it started.', bytes(row.maxheld)),
    failcntLine(row, words, l),
  );
  if (input.side === 'receive' && input.sockets !== undefined) {
    const threshold = Math.floor(row.barrier / (input.sockets.held + 1));
    lines.push(
      l.t(
        'OpenVZ also limits receive autotuning per socket to barrier / (numtcpsock held + 1) = {0} / {1} = {2} while the container is in its "keep" state, and clamps windows above the barrier (docs/method.md §1.5): the receive figures are upper bounds.',
        int(row.barrier),
        int(input.sockets.held + 1),
        bytes(threshold),
      ),
    );
  }
  lines.push(...tcpMemLines(input, words, l));
  return lines;
}

function inputsLine(input: SideInput, row: Row, words: SideWords, l: Localizer): string {
  const limit = (n: number | null): string => (n === null ? l.t('unlimited') : `${int(n)} B`);
  const parts = [
    `${words.resource}: barrier ${limit(row.barrier)}, limit ${limit(row.limit)}, held ${int(row.held)} B, maxheld ${int(row.maxheld)} B`,
  ];
  if (input.sockets !== undefined)
    parts.push(
      `numtcpsock: held ${int(input.sockets.held)}, limit ${input.sockets.limit === null ? l.t('unlimited') : int(input.sockets.limit)}`,
    );
  if (input.sysctl !== undefined) parts.push(`${words.sysctl} = ${input.sysctl.map(int).join(' ')} B`);
  if (input.sockoptMax !== undefined) parts.push(`${words.sockoptMax} = ${int(input.sockoptMax)} B`);
  return l.t('Inputs: {0}.', parts.join('; '));
}

/** What one socket may hold, when there is no barrier to compare with. */
function ceilingLines(input: SideInput, figures: Figures, words: SideWords, l: Localizer): string[] {
  const lines: string[] = [];
  if (figures.autotuneCeilingBytes !== undefined)
    lines.push(
      l.t('An autotuned socket may grow up to {0} max = {1}.', words.sysctl, bytes(figures.autotuneCeilingBytes)),
    );
  if (figures.sockoptCeilingBytes !== undefined && input.sockoptMax !== undefined) {
    lines.push(
      l.t(
        'A socket that sets {0} gets at most 2 x {1} = 2 x {2} = {3}.',
        words.option,
        words.sockoptMax,
        int(input.sockoptMax),
        bytes(figures.sockoptCeilingBytes),
      ),
    );
  }
  return lines;
}

/** §2.4 steps 5 and 6: what each socket may hold above the barrier, and the barrier shared by every allowed socket. */
function socketLines(
  input: SideInput,
  row: Row,
  barrier: number,
  figures: Figures,
  words: SideWords,
  l: Localizer,
): string[] {
  const sockets = input.sockets;
  if (sockets === undefined)
    return [l.t('numtcpsock was not read: the per-socket headroom above the barrier is not computed.')];
  if (sockets.limit === null || sockets.limit === 0) {
    return [
      l.t(
        'The numtcpsock limit is {0}: the per-socket formulas (limit - barrier) / numtcpsock.limit do not apply.',
        sockets.limit === null ? l.t('unlimited') : '0',
      ),
    ];
  }
  const lines: string[] = [];
  const h = figures.headroomPerSocketBytes;
  if (row.limit === null)
    lines.push(l.t('The {0} limit is unlimited: no per-socket cap above the barrier.', words.resource));
  else if (h !== undefined) {
    const pageNote =
      h < PAGE_BYTES
        ? l.t(
            ', less than one {0} B page: above the barrier nearly every page charge is refused first and retried smaller, so failcnt climbs fast',
            int(PAGE_BYTES),
          )
        : l.t(', at least one {0} B page', int(PAGE_BYTES));
    const vzNote =
      h < VZCFGVALIDATE_MIN_HEADROOM ? l.t('; below 2.5 KiB per socket vzcfgvalidate rejects the configuration') : '';
    lines.push(
      l.t(
        'Headroom above the barrier per socket h = ({0} - {1}) / {2} = {3} B{4}{5}.',
        int(row.limit),
        int(barrier),
        int(sockets.limit),
        int(h),
        pageNote,
        vzNote,
      ),
    );
  }
  const perSocket = figures.perAllowedSocketBytes;
  if (perSocket !== undefined) {
    const initial = input.sysctl?.[1];
    const verdict =
      initial === undefined
        ? ''
        : perSocket < initial
          ? l.t(
              ' < {0} default {1} B: the container cannot give every allowed socket even its initial {2}',
              words.sysctl,
              int(initial),
              l.t(words.buffer),
            )
          : l.t(
              ' >= {0} default {1} B: every allowed socket can get its initial {2}',
              words.sysctl,
              int(initial),
              l.t(words.buffer),
            );
    lines.push(
      l.t(
        'Per allowed socket B / numtcpsock limit = {0} / {1} = {2} B{3}.',
        int(barrier),
        int(sockets.limit),
        int(perSocket),
        verdict,
      ),
    );
  }
  return lines;
}

function failcntLine(row: Row, words: SideWords, l: Localizer): string {
  const delta = row.failcntDelta;
  if (delta === undefined) {
    return l.t(
      '{0} failcnt growth is unknown: failcnt counts refusals since the container started, so only two samples show whether charges are refused now.',
      words.resource,
    );
  }
  if (delta > 0)
    return l.t(
      '{0} failcnt grew by {1} since the previous sample: {2} charges are being refused now.',
      words.resource,
      int(delta),
      l.t(words.buffer),
    );
  if (delta === 0) return l.t('{0} failcnt did not grow since the previous sample.', words.resource);
  return l.t(
    '{0} failcnt went down: the container restarted, so its growth is unknown until the next sample.',
    words.resource,
  );
}

/** §2.5: the host-wide view, which applies with or without beancounters. */
function tcpMemLines(input: SideInput, words: SideWords, l: Localizer): string[] {
  const pages = input.tcpMemPages;
  if (pages === undefined) return [];
  const pressure = pagesToBytes(pages[1]);
  const ceiling = input.sysctl?.[2];
  const perSocket =
    ceiling !== undefined && ceiling > 0
      ? l.t(
          '; about {0} sockets at {1} max reach the pressure level',
          int(Math.floor(pressure / ceiling)),
          words.sysctl,
        )
      : '';
  return [
    l.t(
      'Host-wide tcp_mem (every TCP socket on the host, send and receive; pages of {0} B, docs/method.md §2.5): pressure from {1} pages = {2}, hard limit {3} pages = {4}{5}.',
      int(PAGE_BYTES),
      int(pages[1]),
      bytes(pressure),
      int(pages[2]),
      bytes(pagesToBytes(pages[2])),
      perSocket,
    ),
  ];
}
