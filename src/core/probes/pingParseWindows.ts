import { ok, parseErrorOf, splitLines, type Result } from '../result';
import { phrase } from '../../shared/l10n/phrase';
import { summarisePing, type ParsedPing } from './pingResult';

/*
 * Reads Windows `ping.exe` output. The `ping` package's own parser needs the English or one of a few known
 * layouts and counts on the platform's percentage, which calls "Reply from <router>: Destination host
 * unreachable" a reply (docs/method.md §4.3). Windows output is also in the console's OEM code page,
 * which the package decodes as UTF-8, so accented words arrive as U+FFFD. This parser therefore leans on
 * structure only: a header line, one line per probe up to the first blank line, then statistics whose first
 * line with three `= N` numbers is sent / received / lost in every language. A probe was answered when its line
 * has `TTL=` (ss64: "look for TTL="); its time is the `word=N ms` or `word<N ms` token (`time=14ms`,
 * `temps=14 ms`, `Zeit=14ms`, `時間 =14ms`, `время=14мс`).
 */

const SOURCE = 'ping.exe output';
const TTL = /\bTTL=\d+/i;
const TIME = /(?:^|\s)[^\s=<]*\s?([=<])\s?(\d{1,9}(?:[.,]\d{1,9})?)\s?(?:ms|мс)(?=\s|$)/i;
const COUNT = /=\s*(\d{1,9})(?!\d)/g;

/**
 * Parses Windows ping output. Windows prints no sequence numbers: probes are numbered 1.. in output order.
 *
 * @param sent probes to analyse (the count asked for); later probe lines are ignored.
 */
export function parseWindowsPing(text: string, sent?: number): Result<ParsedPing> {
  const lines = splitLines(text).map((l) => l.trim());
  const header = lines.findIndex((l) => l !== '');
  if (header < 0) return parseErrorOf(SOURCE, 0, phrase('empty output'));
  let end = header + 1;
  while (end < lines.length && lines[end] !== '') end++;
  const probeLines = lines.slice(header + 1, end);

  let countsIndex = -1;
  let counts: number[] = [];
  for (let i = end; i < lines.length && countsIndex < 0; i++) {
    const numbers = [...lines[i].matchAll(COUNT)].map((m) => Number(m[1]));
    if (numbers.length >= 3) {
      countsIndex = i;
      counts = numbers;
    }
  }
  if (countsIndex < 0) {
    const last = lines.length;
    return parseErrorOf(
      SOURCE,
      last,
      phrase(
        'no statistics summary (ping failed or was interrupted): {0}',
        JSON.stringify(lines[last - 1].slice(0, 200)),
      ),
    );
  }
  const [transmitted, received] = counts;
  if (transmitted !== probeLines.length) {
    return parseErrorOf(
      SOURCE,
      countsIndex + 1,
      phrase('the summary reports {0} sent but {1} probe lines were read', transmitted, probeLines.length),
    );
  }

  const firstReplies = new Map<number, number>();
  for (const [k, line] of probeLines.entries()) {
    if (!TTL.test(line)) continue;
    const time = TIME.exec(line);
    if (time === null) return parseErrorOf(SOURCE, header + 2 + k, phrase('a reply with TTL= but no time'));
    const ms = Number(time[2].replace(',', '.'));
    // Windows prints whole milliseconds and `time<1ms` below one: record the middle of [0, 1), 0.5 ms.
    firstReplies.set(k + 1, time[1] === '<' ? ms / 2 : ms);
  }
  // Windows counts "Destination host unreachable" replies as received, so it may report more, never fewer.
  if (firstReplies.size > received) {
    return parseErrorOf(
      SOURCE,
      countsIndex + 1,
      phrase('the summary reports {0} received but {1} replies were read', received, firstReplies.size),
    );
  }
  const analysed = Math.min(sent ?? transmitted, transmitted);
  if (analysed < 1) return parseErrorOf(SOURCE, countsIndex + 1, phrase('no probes were sent'));
  for (const seq of firstReplies.keys()) if (seq > analysed) firstReplies.delete(seq);
  return ok(summarisePing({ platform: 'win32', sent: analysed, firstSeq: 1, firstReplies, duplicates: 0, raw: text }));
}
