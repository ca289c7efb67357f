import { parseErrorOf, type Result } from '../result';
import { phrase } from '../../shared/l10n/phrase';
import type { ParsedPing, PingPlatform } from './pingResult';
import { parseUnixPing } from './pingParseUnix';
import { parseWindowsPing } from './pingParseWindows';

/**
 * Parses the text a system ping printed into per-probe results and statistics (docs/method.md §4).
 * Total: any input gives a result or an error naming the line, never a throw; when the replies read do not
 * add up to the platform's own summary, the answer is an error, not a loss figure.
 *
 * @param platform whose ping printed `text`
 * @param sent the number of probes asked for; probes past it are ignored (iputils with `-w` sends more)
 */
export function parsePingOutput(text: string, platform: PingPlatform, sent?: number): Result<ParsedPing> {
  if (sent !== undefined && !(Number.isInteger(sent) && sent >= 1)) {
    return parseErrorOf('ping output', 0, phrase('the probe count must be a positive integer, got {0}', sent));
  }
  return platform === 'win32' ? parseWindowsPing(text, sent) : parseUnixPing(text, platform, sent);
}
