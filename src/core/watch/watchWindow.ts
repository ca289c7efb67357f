import { english, list, sentences, type Localizer } from '../../shared/l10n/localizer';
import type { VerdictId } from '../diagnosis/types';
import { verdictTitle } from '../../shared/reportView';
import type { WatchRound } from './watchRound';

/**
 * The verdicts that mean "SYNs were lost on their way to the service or its answer" (docs/method.md §3.4
 * rows 2-8 and 11): the signature a watch looks for. Healthy, refused, beancounter and inconclusive rounds
 * do not carry it.
 */
export const SYN_DROP_VERDICTS: ReadonlySet<VerdictId> = new Set<VerdictId>([
  'upstream-syn-filter',
  'host-firewall-drop',
  'path-loss',
  'return-path-loss',
  'accept-queue-overflow',
  'syn-queue-full',
  'conntrack-full',
]);

export interface RoundCount {
  /** Rounds with a verdict that carry the signature. */
  present: number;
  /** Rounds with a verdict. */
  total: number;
}

/** Where the signature was concentrated in a timeline, and how often it showed elsewhere. */
export interface SignatureWindow {
  /** Start of the first and of the last round of the window, ms since the epoch. */
  fromMs: number;
  toMs: number;
  inside: RoundCount;
  /** Before and after the window together. */
  outside: RoundCount;
  /** Signature verdicts inside the window, most frequent first. */
  verdicts: { verdict: VerdictId; rounds: number }[];
  /** Rounds without a verdict (unreachable, a failed sample) over the whole timeline. */
  failed: number;
}

/**
 * Finds the stretch of rounds where the SYN-drop signature concentrates: the run of consecutive rounds that
 * maximises 2·(rounds with it) − (rounds without it), so a window holds the signature in at least a third of
 * its rounds (docs/method.md §3.6) and a stray round far away does not stretch it (Kadane's maximum segment). Failed rounds count
 * on neither side. Undefined when no round carries the signature. Pure.
 */
export function signatureWindow(rounds: readonly WatchRound[]): SignatureWindow | undefined {
  const judged = [...rounds].filter((r) => r.verdict !== null).sort((a, b) => a.atMs - b.atMs);
  const hit = judged.map((r) => SYN_DROP_VERDICTS.has(r.verdict!));
  let best = { score: 0, from: -1, to: -1 };
  let score = 0;
  let from = 0;
  hit.forEach((h, i) => {
    if (score <= 0) {
      score = 0;
      from = i;
    }
    score += h ? 2 : -1;
    if (score > best.score) best = { score, from, to: i };
  });
  if (best.from < 0) return undefined;
  const count = (list: boolean[]): RoundCount => ({ present: list.filter(Boolean).length, total: list.length });
  const inside = hit.slice(best.from, best.to + 1);
  const byVerdict = new Map<VerdictId, number>();
  for (const r of judged.slice(best.from, best.to + 1)) {
    if (SYN_DROP_VERDICTS.has(r.verdict!)) byVerdict.set(r.verdict!, (byVerdict.get(r.verdict!) ?? 0) + 1);
  }
  return {
    fromMs: judged[best.from]!.atMs,
    toMs: judged[best.to]!.atMs,
    inside: count(inside),
    outside: count([...hit.slice(0, best.from), ...hit.slice(best.to + 1)]),
    verdicts: [...byVerdict].map(([verdict, n]) => ({ verdict, rounds: n })).sort((a, b) => b.rounds - a.rounds),
    failed: rounds.length - judged.length,
  };
}

/** `20:55` in local time; with the date when the window spans days. */
export function clockTime(ms: number, withDate = false): string {
  const d = new Date(ms);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return withDate
    ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${hm}`
    : hm;
}

/**
 * The window as the sentence a support ticket needs: "Between 20:55 and 23:10 the SYN-drop signature was
 * present in 14 of 27 rounds (Upstream SYN filter 14); before and after, 0 of 40." `time` formats a
 * moment (local `HH:MM` by default, with the date when the timeline spans more than a day).
 */
export function windowSentence(
  rounds: readonly WatchRound[],
  time?: (ms: number) => string,
  l: Localizer = english,
): string {
  const judged = rounds.filter((r) => r.verdict !== null);
  const failed = rounds.length - judged.length;
  const failedText =
    failed === 0
      ? ''
      : failed === 1
        ? l.t('1 round failed (no verdict).')
        : l.t('{0} rounds failed (no verdict).', failed);
  if (judged.length === 0) return sentences(l, [l.t('No round produced a verdict yet.'), failedText]);
  const w = signatureWindow(rounds);
  if (w === undefined)
    return sentences(l, [
      judged.length === 1
        ? l.t('The SYN-drop signature was present in none of 1 round.')
        : l.t('The SYN-drop signature was present in none of {0} rounds.', judged.length),
      failedText,
    ]);
  const first = Math.min(...judged.map((r) => r.atMs));
  const last = Math.max(...judged.map((r) => r.atMs));
  const fmt =
    time ??
    ((ms: number) =>
      clockTime(ms, last - first >= 86_400_000 || new Date(first).toDateString() !== new Date(last).toDateString()));
  const kinds = list(
    l,
    w.verdicts.map((v) => `${verdictTitle(v.verdict, l)} ${v.rounds}`),
  );
  const outside =
    w.outside.total === 0
      ? l.t('there were no rounds before or after')
      : l.t('before and after, {0} of {1}', w.outside.present, w.outside.total);
  const one = w.inside.total === 1;
  const args = [w.inside.present, w.inside.total, kinds, outside];
  const at = fmt(w.fromMs);
  const to = fmt(w.toMs);
  const sentence =
    w.fromMs === w.toMs
      ? one
        ? l.t('In the round at {0} the SYN-drop signature was present in {1} of {2} round ({3}); {4}.', at, ...args)
        : l.t('In the round at {0} the SYN-drop signature was present in {1} of {2} rounds ({3}); {4}.', at, ...args)
      : one
        ? l.t('Between {0} and {1} the SYN-drop signature was present in {2} of {3} round ({4}); {5}.', at, to, ...args)
        : l.t(
            'Between {0} and {1} the SYN-drop signature was present in {2} of {3} rounds ({4}); {5}.',
            at,
            to,
            ...args,
          );
  return sentences(l, [sentence, failedText]);
}
