import { english, type L10nArg, type Localizer } from './localizer';

/**
 * A sentence kept as a message id plus parameters, for layers that must stay language-neutral (the SSH
 * errors of `src/core`): the English template is the id (its key in `l10n/bundle.l10n.<lang>.json`), and a
 * front end renders it in its own language with {@link renderPhrase}. A parameter may itself be a phrase
 * (an advice inside a sentence), rendered in the same language; strings and numbers are used as they are.
 */
export type PhraseArg = L10nArg | Phrase;

export interface Phrase {
  /** The English message with `{0}`, `{1}`... placeholders: the id of the translation. */
  readonly template: string;
  readonly params: readonly PhraseArg[];
  /** English only: the first letter is made upper case (a clause that opens a sentence). */
  readonly upperFirst?: boolean;
}

/** A phrase from its English template: `phrase('Cannot reach {0}: {1}.', where, advice)`. */
export function phrase(template: string, ...params: PhraseArg[]): Phrase {
  return { template, params };
}

/** Text that is not translated (a library's own message, a path): shown as it is in every language. */
export function verbatim(text: string): Phrase {
  return { template: '{0}', params: [text] };
}

/** The same phrase opening a sentence: `host key ...` becomes `Host key ...` in English. */
export function upperFirst(p: Phrase): Phrase {
  return { ...p, upperFirst: true };
}

/** Whether a value has a phrase's shape (a phrase that went through JSON or postMessage included). */
export function isPhrase(v: unknown): v is Phrase {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as { template?: unknown; params?: unknown };
  return typeof p.template === 'string' && Array.isArray(p.params);
}

/**
 * An error as a phrase: its own `phrase` when it carries one, else its `message` (an `Error`, or a plain error
 * object such as a store's `{ kind, message }`), else its text, as it is.
 */
export function phraseOf(err: unknown): Phrase {
  const o = typeof err === 'object' && err !== null ? (err as { phrase?: unknown; message?: unknown }) : undefined;
  if (isPhrase(o?.phrase)) return o.phrase;
  return verbatim(typeof o?.message === 'string' ? o.message : String(err));
}

/** The phrase in the localizer's language (English by default). */
export function renderPhrase(p: Phrase, l: Localizer = english): string {
  const args = p.params.map((a) => (typeof a === 'object' ? renderPhrase(a, l) : a));
  const text = p.template === '{0}' && args.length === 1 ? String(args[0]) : l.t(p.template, ...args);
  return p.upperFirst === true && l.lang === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** Sentences in a row as one phrase: a space between them in English, none in Japanese (`{0} {1}`). */
export function joinSentences(parts: readonly Phrase[]): Phrase {
  return parts.reduce((a, b) => phrase('{0} {1}', a, b));
}
