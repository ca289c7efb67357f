import * as l10n from '@vscode/l10n';
import { L10N_ELEMENT_ID } from '../shared/protocol';
import { english, langOf, localizerOf, type Localizer } from '../shared/l10n/localizer';

/**
 * The page's language: the `<html lang>` the host or the export wrote, with the bundle it embedded as inert
 * JSON (none for English), loaded into `@vscode/l10n` once before anything renders.
 */
let current: Localizer = english;

export function loadPageL10n(): void {
  const lang = langOf(document.documentElement.lang) ?? 'en';
  const text = document.getElementById(L10N_ELEMENT_ID)?.textContent;
  if (lang === 'en' || !text) return;
  try {
    l10n.config({ contents: text });
    current = localizerOf(lang, l10n.t);
  } catch {
    // An unreadable bundle leaves the page in English rather than blank.
  }
}

/** The page's labels in its language. */
export function t(message: string, ...args: (string | number)[]): string {
  return current.t(message, ...args);
}

/** The page's localizer, for the shared text helpers. */
export const pageLocalizer = (): Localizer => current;
