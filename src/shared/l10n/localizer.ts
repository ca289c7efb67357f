/**
 * The one translation seam of the project. Every text a person reads is written in English in the
 * source, and that English sentence is its key in `l10n/bundle.l10n.<lang>.json` (VS Code's own
 * convention). Code that renders text takes a {@link Localizer}; the front ends pass one:
 * the extension `vscode.l10n.t` (VS Code's display language), the CLI and the webview `@vscode/l10n`
 * loaded with the bundle of their language. Pure: no `vscode`, no Node, no DOM.
 */

/** The languages with a bundle. English is the source language and needs none. */
export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ja'];

export type L10nArg = string | number;

export interface Localizer {
  readonly lang: Lang;
  /** `message` with `{0}`, `{1}`... (or `{name}` from one record) filled, in the localizer's language. */
  t(message: string, ...args: L10nArg[]): string;
  t(message: string, args: Record<string, L10nArg>): string;
}

/** A bundle as VS Code writes it: English message -> translation (or `{ message, comment }`). */
export type L10nBundle = Record<string, string | { message: string; comment?: string[] }>;

/** Fills `{0}`... from positional args, or `{name}` from a single record; unknown placeholders stay. */
export function formatMessage(message: string, args: readonly unknown[]): string {
  const first = args[0];
  const named = args.length === 1 && typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
  return message.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => {
    if (named !== undefined) return Object.hasOwn(named, key) ? String(named[key]) : whole;
    const i = Number(key);
    return Number.isInteger(i) && i < args.length ? String(args[i]) : whole;
  });
}

/** The source language: the message itself, formatted (what `l10n.t` does without a bundle). */
export const english: Localizer = {
  lang: 'en',
  t: (message: string, ...args: unknown[]) => formatMessage(message, args),
};

/** A localizer over any `t` with l10n.t's signature (`vscode.l10n.t`, `@vscode/l10n`'s `t`). */
export function localizerOf(lang: Lang, t: (message: string, ...args: never[]) => string): Localizer {
  return lang === 'en' ? english : { lang, t: t as Localizer['t'] };
}

/**
 * The language of a locale tag, or undefined when it names none of ours: `ja`, `ja-JP`, `ja_JP.UTF-8`
 * -> `ja`; `en_US.UTF-8`, `C`, `POSIX` -> `en`.
 */
export function langOf(tag: string | undefined): Lang | undefined {
  if (tag === undefined) return undefined;
  const t = tag.trim().toLowerCase();
  if (t === '') return undefined;
  if (t === 'c' || t === 'posix' || t.startsWith('c.')) return 'en';
  const primary = t.split(/[-_.@]/)[0];
  return (LANGS as readonly string[]).includes(primary) ? (primary as Lang) : undefined;
}

/**
 * Marks an English message kept in a table for translation where it is shown (`l.t(TABLE[key])`):
 * the bundle check finds these calls as it finds the `t` calls.
 */
export const msg = (message: string): string => message;

/**
 * Sentences in a row: a space between them in English, none in Japanese. The glue is a message of its own
 * (`{0} {1}`), so a capturing localizer (capture.ts) keeps it and a later rendering uses its language's.
 */
export function sentences(l: Localizer, parts: readonly string[]): string {
  const kept = parts.filter((p) => p !== '');
  return kept.length === 0 ? '' : kept.reduce((a, b) => l.t('{0} {1}', a, b));
}

/** A list inside a sentence: `a, b, c` in English, `a、b、c` in Japanese (the glue a message, as above). */
export function list(l: Localizer, parts: readonly string[]): string {
  return parts.length === 0 ? '' : parts.reduce((a, b) => l.t('{0}, {1}', a, b));
}
