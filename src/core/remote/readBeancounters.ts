import { english, sentences, type Localizer } from '../../shared/l10n/localizer';
import { parseBeancounters, parseBeancountersIn } from '../beancounters/parse';
import type { BeancounterTable } from '../beancounters/types';
import type { ParseError } from '../result';
import { embeddedLinesOf } from './grepSection';
import type { RawBeancounterAccess, RawSample, SudoAttempt } from './parseSample';

/** How `sudo -n cat /proc/user_beancounters` went (docs/security.md §4.3). */
export type SudoOutcome =
  /** The sudo fallback is turned off. */
  | 'notTried'
  /** sudo is not installed (exit 127). */
  | 'missing'
  | 'passwordRequired'
  | 'notAllowed'
  /** sudoers has `requiretty`; our commands never get a terminal. */
  | 'requiresTty'
  | 'failed';

export type BeancountersReading =
  | { state: 'ok'; via: 'direct' | 'sudo'; table: BeancounterTable }
  /** Not an OpenVZ/Virtuozzo kernel. */
  | { state: 'missing' }
  /** Read but unreadable or unparsable. */
  | { state: 'error'; error: ParseError }
  | {
      state: 'unavailable';
      reason: 'needsRoot';
      sudo: SudoOutcome;
      /** sudo's first line of complaint, when it ran. */
      sudoMessage: string | null;
      /** `<user> ALL=(root) NOPASSWD: <abs path of cat> /proc/user_beancounters`, when the server's user and cat path look sane. */
      sudoersLine: string | null;
      /** What the user must do, in a sentence or two. */
      advice: string;
    };

const SOURCE = '/proc/user_beancounters';
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/;
const ABS_PATH = /^\/[A-Za-z0-9._+/-]{1,255}$/;

/** The beancounters of a sample: read directly, through `sudo -n`, or why not (docs/method.md §1.8, §6.4). */
export function readBeancounters(raw: RawSample): BeancountersReading {
  const file = raw.files.get(SOURCE);
  if (file === undefined || file.state === 'missing') return { state: 'missing' };
  if (file.state === 'ok') {
    // Read in place when the file is still inside the sample's output: a host node's is megabytes.
    const lines = embeddedLinesOf(file);
    return parsed(
      lines !== undefined ? parseBeancountersIn(lines, SOURCE) : parseBeancounters(file.text, SOURCE),
      'direct',
    );
  }
  if (file.state === 'error')
    return { state: 'error', error: { kind: 'parse', source: SOURCE, line: 0, message: file.message } };
  return throughSudo(raw.ubcAccess);
}

function parsed(result: ReturnType<typeof parseBeancounters>, via: 'direct' | 'sudo'): BeancountersReading {
  return result.ok ? { state: 'ok', via, table: result.value } : { state: 'error', error: result.error };
}

function throughSudo(access: RawBeancounterAccess | null): BeancountersReading {
  const sudoersLine = sudoersLineFor(access);
  const attempt = access?.sudo ?? null;
  if (attempt !== null && attempt.exitCode === 0) {
    if (!attempt.validUtf8)
      return {
        state: 'error',
        error: { kind: 'parse', source: SOURCE, line: 0, message: 'sudo cat printed invalid UTF-8' },
      };
    return parsed(parseBeancounters(attempt.stdout, SOURCE), 'sudo');
  }
  const sudo = attempt === null ? 'notTried' : classify(attempt);
  const sudoMessage = attempt === null ? null : firstLine(attempt.stderr);
  return {
    state: 'unavailable',
    reason: 'needsRoot',
    sudo,
    sudoMessage,
    sudoersLine,
    advice: adviceFor(sudo, sudoersLine, access?.user ?? null, sudoMessage),
  };
}

function classify(attempt: SudoAttempt): SudoOutcome {
  const err = attempt.stderr;
  if (attempt.exitCode === 127) return 'missing';
  if (/a password is required/.test(err)) return 'passwordRequired';
  if (/must have a tty|requiretty/.test(err)) return 'requiresTty';
  if (/not in the sudoers|not allowed to (execute|run)|may not run sudo/.test(err)) return 'notAllowed';
  return 'failed';
}

/** Only sane-looking server text goes into a line the user will paste into sudoers. */
function sudoersLineFor(access: RawBeancounterAccess | null): string | null {
  if (access === null || access.user === null || access.catPath === null) return null;
  const path = access.path ?? SOURCE;
  if (!USER.test(access.user) || !ABS_PATH.test(access.catPath) || !ABS_PATH.test(path)) return null;
  return `${access.user} ALL=(root) NOPASSWD: ${access.catPath} ${path}`;
}

function firstLine(text: string): string | null {
  const line = text.split('\n').find((l) => l.trim() !== '');
  return line === undefined ? null : line.trim().slice(0, 300);
}

function adviceFor(sudo: SudoOutcome, line: string | null, user: string | null, message: string | null): string {
  return beancounterAdvice({ sudo, sudoersLine: line, sudoMessage: message }, english, user);
}

/**
 * What the user must do to let VPS Doctor read the beancounters, in a language (the reading keeps it in
 * English as `advice`). `user` is the server's login, when known (else the sudoers line's first word).
 */
export function beancounterAdvice(
  r: { sudo: SudoOutcome; sudoersLine: string | null; sudoMessage: string | null },
  l: Localizer,
  user: string | null = r.sudoersLine?.split(' ')[0] ?? null,
): string {
  const why = l.t(
    'Reading /proc/user_beancounters needs root: the kernel checks capabilities, so file modes cannot help.',
  );
  const line = r.sudoersLine;
  const grant =
    line !== null
      ? l.t('add this line with "visudo -f /etc/sudoers.d/vps-doctor": {0}', line)
      : l.t('allow "<user> ALL=(root) NOPASSWD: <absolute path of cat> {0}" in sudoers', SOURCE);
  switch (r.sudo) {
    case 'notTried':
      return sentences(l, [why, l.t('Turn on the sudo fallback and {0}, or log in as root.', grant)]);
    case 'missing':
      return sentences(l, [
        why,
        l.t('sudo is not installed on the server: install it and {0}, or log in as root.', grant),
      ]);
    case 'passwordRequired':
    case 'notAllowed':
      return sentences(l, [why, l.t('sudo -n refused without a password; {0}', grant)]);
    case 'requiresTty':
      return sentences(l, [
        why,
        l.t('sudoers demands a terminal (requiretty): add "Defaults:{0} !requiretty" and {1}', user ?? '<user>', grant),
      ]);
    case 'failed':
      return sentences(l, [why, l.t('sudo -n failed ({0}); {1}', r.sudoMessage ?? l.t('no message'), grant)]);
  }
}
