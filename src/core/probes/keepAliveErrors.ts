/**
 * The reasons a burst's keep-alive control records (stored in English in the result), and their rewording in a
 * front end's language. No Node imports: the report renderers use it.
 */
import { english, msg, type Localizer } from '../../shared/l10n/localizer';
import { rewordStored } from '../../shared/l10n/reword';
import { CONNECTION_FAILED, CONNECTION_FAILED_WITH } from './connectErrors';

export const KEEP_ALIVE_FAILED = msg('the keep-alive connection failed: {0}');
export const NO_RESPONSE = msg('no complete response within {0} ms');
export const UNUSABLE_RESPONSE = msg('unusable response: {0}');
export const ENDED_KEEP_ALIVE = msg('the server ended keep-alive after {0} request(s) (Connection: close)');
export const HELD_FAILED = msg('the held connection failed during the burst: {0}');

/** The failures a keep-alive control records, with the connection errors that may sit inside them. */
const STORED_FAILURES = [
  KEEP_ALIVE_FAILED,
  NO_RESPONSE,
  UNUSABLE_RESPONSE,
  ENDED_KEEP_ALIVE,
  HELD_FAILED,
  CONNECTION_FAILED,
  CONNECTION_FAILED_WITH,
];

/**
 * A keep-alive control's `error` (stored in English in the result) in `l`'s language: the reason and the
 * connection error inside it are translated, a server's or library's own words stay as they are.
 */
export function keepAliveErrorText(error: string, l: Localizer = english): string {
  return rewordStored(error, STORED_FAILURES, l);
}
