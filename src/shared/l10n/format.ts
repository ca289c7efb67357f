import type { Lang } from './localizer';

/** BCP 47 tags for Intl: Japanese numbers group like English ones; dates differ. */
const INTL_LOCALE: Record<Lang, string> = { en: 'en-GB', ja: 'ja-JP' };

/**
 * A timestamp for people in the report's language, always in UTC and saying so, so a report reads the
 * same wherever it is opened: `14 Mar 2025, 02:14:11 UTC`, `2025年3月14日 02:14:11 UTC`. Not a date: as given.
 */
export function formatDateTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const text = new Intl.DateTimeFormat(INTL_LOCALE[lang], {
    year: 'numeric', month: lang === 'ja' ? 'long' : 'short', day: 'numeric',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC',
  }).format(d);
  return `${text} UTC`;
}

/** A count in the language's digit grouping: `1,779,659`. */
export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(INTL_LOCALE[lang], { maximumFractionDigits: 0 }).format(n);
}
