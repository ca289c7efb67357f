import { english, formatMessage, type L10nArg, type Localizer } from './localizer';
import { isPhrase, renderPhrase, type Phrase, type PhraseArg } from './phrase';

/**
 * Text composed once and read later in any language (a watch round kept in the host's history,
 * docs/method.md §3.6). Code that words something takes a {@link Localizer}; given a capturing one, each
 * `t(message, ...args)` is recorded (the English template, its message id, and its arguments, which may
 * themselves be recorded results) and answered with a short marker. Whatever the code then composes from
 * those markers, nested calls and literal glue included, {@link CapturingLocalizer.phrase} turns into a
 * {@link Phrase} tree that survives JSON and renders in the reader's language with `renderPhrase`.
 * Markers never leave the capture: {@link CapturingLocalizer.english} gives the English text. Pure.
 */
export interface CapturingLocalizer extends Localizer {
  /** Captures word English glue (`sentences`, `list` go through `t`, so they are captured too). */
  readonly lang: 'en';
  /** A composed text as a phrase: one recorded call, or its literal pieces and recorded calls in a row. */
  phrase(text: string): Phrase;
  /** A composed text in English, as `english` would have worded it. */
  english(text: string): string;
  /**
   * What to store beside the English text: its phrase, or undefined when the English is its own message id
   * (one message without parameters), so that a stored text does not carry its sentence twice; read it back
   * with {@link storedText}.
   */
  stored(text: string): Phrase | undefined;
}

// Private-use characters: they never occur in a message, a host name or a counter.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = /\uE000(\d+)\uE001/g;

interface Call {
  template: string;
  args: readonly L10nArg[];
}

/** A localizer that records what it is asked to word (see {@link CapturingLocalizer}). One per composition. */
export function capturingLocalizer(): CapturingLocalizer {
  const calls: Call[] = [];
  const callPhrase = (i: number): Phrase => {
    const c = calls[i];
    if (c === undefined) return { template: '{0}', params: [`${OPEN}${i}${CLOSE}`] };
    return { template: c.template, params: c.args.map((a) => (typeof a === 'string' ? argOf(a) : a)) };
  };
  const argOf = (text: string): PhraseArg => (text.includes(OPEN) ? phraseOf(text) : text);
  const phraseOf = (text: string): Phrase => {
    const pieces: PhraseArg[] = [];
    let at = 0;
    for (const m of text.matchAll(MARKER)) {
      if (m.index > at) pieces.push(text.slice(at, m.index));
      pieces.push(callPhrase(Number(m[1])));
      at = m.index + m[0].length;
    }
    if (at < text.length) pieces.push(text.slice(at));
    if (pieces.length === 1 && typeof pieces[0] === 'object') return pieces[0];
    if (pieces.length <= 1) return { template: '{0}', params: [String(pieces[0] ?? '')] };
    return { template: pieces.map((_, i) => `{${i}}`).join(''), params: pieces };
  };
  return {
    lang: 'en',
    t: (message: string, ...args: unknown[]): string => {
      const first = args[0];
      // A record of named arguments has no place in a phrase: worded in English at once.
      if (args.length === 1 && typeof first === 'object' && first !== null) return formatMessage(message, args);
      calls.push({ template: message, args: args.map((a) => (typeof a === 'number' ? a : String(a))) });
      return `${OPEN}${calls.length - 1}${CLOSE}`;
    },
    phrase: phraseOf,
    english: (text) => renderPhrase(phraseOf(text), english),
    stored: (text) => {
      // A phrase without parameters renders as its template: the English is its own message id.
      const p = phraseOf(text);
      return p.params.length === 0 ? undefined : p;
    },
  };
}

/** Every string of a value (objects and arrays walked) with `f` applied: a captured result made English. */
export function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, f)) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  return value;
}

/** Whether a value read back from disk is a phrase all the way down (strings, numbers and phrases). */
export function isPhraseTree(v: unknown, depth = 0): v is Phrase {
  if (depth > 32 || !isPhrase(v)) return false;
  return v.params.every(
    (a) => typeof a === 'string' || (typeof a === 'number' && Number.isFinite(a)) || isPhraseTree(a, depth + 1),
  );
}

/**
 * A stored text in `l`'s language: from its phrase when it has a well-formed one; its English translated as a
 * message id when `p` is undefined (see {@link CapturingLocalizer.stored}); else as it was recorded (a
 * damaged phrase). Never throws. Texts stored before phrases were kept are shown as recorded by the caller.
 */
export function storedText(recorded: string, p: unknown, l: Localizer): string {
  if (p === undefined) return l.lang === 'en' ? recorded : l.t(recorded);
  if (!isPhraseTree(p)) return recorded;
  try {
    return renderPhrase(p, l);
  } catch {
    return recorded;
  }
}
