import { storedText } from '../../shared/l10n/capture';
import type { Localizer } from '../../shared/l10n/localizer';
import type { Phrase } from '../../shared/l10n/phrase';

/**
 * A round's texts as message ids plus parameters (docs/method.md §3.6: a watch's rounds are kept in the
 * host's history and read later, by whoever opens the timeline or exports it, in their language): the
 * verdict sentence and each evidence row, in the order of the round's `evidence`. A text without a phrase
 * here is its own message id (a sentence without parameters: its English is the key). Made by
 * `diagnoseForStorage` (diagnosis/lightDiagnosis.ts); this file only reads them, so the extension's
 * timeline renders rounds without loading the diagnosis.
 */
export interface RoundTexts {
  summary?: Phrase;
  evidence: { label?: Phrase; value?: Phrase }[];
}

/** What holds texts: a round or a side of a change, with its English strings and (newer ones) their phrases. */
export interface WithTexts {
  summary: string;
  evidence: readonly { label: string; value: string }[];
  texts?: RoundTexts;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The verdict sentence in `l`'s language; as recorded for rounds stored without their texts (older histories). */
export function summaryIn(r: WithTexts, l: Localizer): string {
  return isObject(r.texts) ? storedText(r.summary, r.texts['summary'], l) : r.summary;
}

/** The evidence rows with their label and value in `l`'s language; each as recorded when it has no phrase. */
export function evidenceIn<E extends { label: string; value: string }>(
  r: { evidence: readonly E[]; texts?: RoundTexts },
  l: Localizer,
): E[] {
  const rows: unknown = isObject(r.texts) ? r.texts['evidence'] : undefined;
  if (!Array.isArray(rows) || rows.length !== r.evidence.length) return r.evidence.map((e) => ({ ...e }));
  return r.evidence.map((e, i) => {
    const p: unknown = rows[i];
    if (!isObject(p)) return { ...e };
    return { ...e, label: storedText(e.label, p['label'], l), value: storedText(e.value, p['value'], l) };
  });
}
