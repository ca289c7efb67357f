import { renderPhrase, type Phrase } from '../../shared/l10n/phrase';
import type { SessionDeps } from './sessionTypes';

/** Logs a line given as a phrase: in English for the log, with the phrase for a front end's language. */
export function logPhrase(log: SessionDeps['log'], level: 'info' | 'warn' | 'error', p: Phrase): void {
  log(level, renderPhrase(p), p);
}
