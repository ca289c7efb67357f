import { ok, parseErrorOf, splitLines, type Result } from '../result';
import { phrase } from '../../shared/l10n/phrase';
import { summarisePing, type ParsedPing } from './pingResult';

/*
 * Reads the output of iputils (Linux), macOS and BusyBox ping line by line. The `ping` package parses this
 * text too, but loses what the statistics need (docs/method.md §4.3): it keeps no sequence numbers
 * (so no loss timeline), appends `(DUP!)` replies to its times, leaves min/avg/max 'unknown' on BusyBox's
 * three-value summary and on macOS's single-reply `nan`, and only understands English. So only its raw
 * `output` is used, and read here.
 *
 * Words may be translated: the package sets LANG=C but cannot stop LC_ALL/LC_MESSAGES from overriding it
 * (§4.3), and NLS builds of iputils then print e.g. `64 Bytes von …: icmp_seq=1 ttl=54 Zeit=23.8 ms` and
 * `16,6667% Paketverlust`. What stays put in every catalogue is matched instead: `icmp_seq=N` (`seq=N` on
 * BusyBox, `icmp_seq N` in macOS's timeout line), a `word=number ms` time token, `(DUP!)`, the
 * `--- … ---` statistics header and the two leading integers of the line after it.
 */

const SOURCE = 'ping output';
/** `icmp_req` is what iputils before 2012 printed. */
const SEQ = /(?:\bicmp_seq|\bicmp_req|\bseq)[= ](\d{1,9})(?!\d)/;
/** `time=0.045 ms`, `Zeit=23.8 ms`; a comma accepts builds that print the time with the locale's decimal sign. */
const TIME = /(?:^|\s)[^\s=<]+[=<](\d{1,9}(?:[.,]\d{1,9})?) ?ms(?=\s|$)/;
const DUP = /\(DUP!\)/;
/** iputils prints such a reply but does not count it as received. */
const BAD_CHECKSUM = /\(BAD CHECKSUM!?\)/;
/** `ping -D` prefixes lines with a Unix timestamp. */
const TIMESTAMP = /^\[\d+(?:\.\d+)?\] /;
const STATS_HEADER = /^--- .* ---$/;
/** `5 packets transmitted, 4 received, …` / `6 Pakete übertragen, 5 empfangen, …` */
const COUNTS = /^(\d{1,9})[^,\d]*,\s*(\d{1,9})(?!\d)/;
const ENGLISH_DUPLICATES = /\+?(\d{1,9}) duplicates/;

interface Counts {
  transmitted: number;
  received: number;
  /** Only when the summary says it in English; other catalogues are not cross-checked. */
  duplicates: number | null;
  line: number;
}

/** Finds the statistics header and the counts line after it. `lines` are trimmed. */
function findCounts(lines: string[]): Result<{ counts: Counts; statsIndex: number }> {
  const statsIndex = lines.findIndex((l) => STATS_HEADER.test(l));
  if (statsIndex < 0) {
    const last = lines.length;
    return parseErrorOf(
      SOURCE,
      last,
      phrase(
        'no statistics summary (ping failed or was interrupted): {0}',
        JSON.stringify((lines[last - 1] ?? '').slice(0, 200)),
      ),
    );
  }
  let i = statsIndex + 1;
  while (i < lines.length && lines[i] === '') i++;
  if (i === lines.length) return parseErrorOf(SOURCE, statsIndex + 1, phrase('nothing follows the statistics header'));
  const m = COUNTS.exec(lines[i]);
  if (m === null)
    return parseErrorOf(
      SOURCE,
      i + 1,
      phrase('expected "N packets transmitted, M received" after the statistics header'),
    );
  const dup = ENGLISH_DUPLICATES.exec(lines[i]);
  return ok({
    counts: {
      transmitted: Number(m[1]),
      received: Number(m[2]),
      duplicates: dup === null ? null : Number(dup[1]),
      line: i + 1,
    },
    statsIndex,
  });
}

/**
 * Parses iputils, macOS or BusyBox ping output.
 *
 * @param sent probes to analyse (the count asked for); later sequence numbers are ignored. Needed because
 *   iputils with `-w` keeps sending past `-c` until it has that many replies.
 */
export function parseUnixPing(
  text: string,
  platform: 'linux' | 'darwin' | 'busybox',
  sent?: number,
): Result<ParsedPing> {
  const lines = splitLines(text).map((l) => l.trim().replace(TIMESTAMP, ''));
  if (lines.every((l) => l === '')) return parseErrorOf(SOURCE, 0, phrase('empty output'));
  const found = findCounts(lines);
  if (!found.ok) return found;
  const { counts, statsIndex } = found.value;
  const firstSeq = platform === 'linux' ? 1 : 0;

  const firstReplies = new Map<number, number>();
  const duplicateSeqs: number[] = [];
  for (let i = 0; i < statsIndex; i++) {
    const seqMatch = SEQ.exec(lines[i]);
    if (seqMatch === null) continue;
    const seq = Number(seqMatch[1]);
    if (seq < firstSeq || seq >= firstSeq + counts.transmitted) {
      return parseErrorOf(
        SOURCE,
        i + 1,
        phrase('sequence number {0} is outside the {1} probes the summary reports', seq, counts.transmitted),
      );
    }
    const time = TIME.exec(lines[i]);
    // A line with a sequence number but no time is "no answer yet", "Request timeout" or an ICMP error.
    if (time === null || BAD_CHECKSUM.test(lines[i])) continue;
    const rttMs = Number(time[1].replace(',', '.'));
    if (DUP.test(lines[i]) || firstReplies.has(seq)) duplicateSeqs.push(seq);
    else firstReplies.set(seq, rttMs);
  }

  // Lines this parser did not recognise as replies would make these disagree: fail rather than report loss
  // that did not happen. macOS alone may count more than it printed: replies later than -W are "considered as
  // replied when calculating statistics" but not shown, and are lost here by the timeout's definition.
  const inconsistent =
    platform === 'darwin' ? firstReplies.size > counts.received : firstReplies.size !== counts.received;
  if (inconsistent) {
    return parseErrorOf(
      SOURCE,
      counts.line,
      phrase('the summary reports {0} received but {1} replies were read', counts.received, firstReplies.size),
    );
  }
  if (counts.duplicates !== null && counts.duplicates !== duplicateSeqs.length) {
    return parseErrorOf(
      SOURCE,
      counts.line,
      phrase('the summary reports {0} duplicates but {1} were read', counts.duplicates, duplicateSeqs.length),
    );
  }
  const analysed = Math.min(sent ?? counts.transmitted, counts.transmitted);
  if (analysed < 1) return parseErrorOf(SOURCE, counts.line, phrase('no probes were sent'));
  const last = firstSeq + analysed;
  for (const seq of firstReplies.keys()) if (seq >= last) firstReplies.delete(seq);
  return ok(
    summarisePing({
      platform,
      sent: analysed,
      firstSeq,
      firstReplies,
      duplicates: duplicateSeqs.filter((s) => s < last).length,
      raw: text,
    }),
  );
}
