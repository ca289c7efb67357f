import { phrase, type Phrase } from '../../shared/l10n/phrase';
import { clip } from './numbers';

/**
 * Recognises the messages a shell, `cat`, `grep` or `sudo -n` prints instead of the file and says
 * what they mean for the user. Returns undefined for any other line.
 */
export function explainNotTheFile(line: string): Phrase | undefined {
  const said = clip(line.trim(), 80);
  // The kernel checks two capabilities on open(), so no chmod or ACL helps (docs/method.md §1.8, §6.4).
  if (/permission denied|operation not permitted/i.test(line)) {
    return phrase(
      'reading /proc/user_beancounters was refused: the kernel lets only root read it. Connect as root, or allow this user to run `sudo -n cat /proc/user_beancounters` without a password (the server said: "{0}")',
      said,
    );
  }
  if (/a password is required|a terminal is required/i.test(line)) {
    return phrase(
      'sudo asked for a password. `sudo -n` works only with a sudoers entry such as "USER ALL=(root) NOPASSWD: /usr/bin/cat /proc/user_beancounters" (the server said: "{0}")',
      said,
    );
  }
  if (/no such file or directory/i.test(line)) {
    return phrase(
      'this server has no /proc/user_beancounters, so it is not an OpenVZ or Virtuozzo container (the server said: "{0}")',
      said,
    );
  }
  return undefined;
}
