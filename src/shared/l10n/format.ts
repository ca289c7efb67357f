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

/** Terminal columns of a text: East Asian wide and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

/** `padEnd` by terminal columns, so Japanese labels line up with English ones. */
export function padEndWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** `padStart` by terminal columns. */
export function padStartWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
