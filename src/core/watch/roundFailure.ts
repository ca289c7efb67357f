import { DiagnosisSampleError } from '../diagnosis/fullDiagnosis';
import { SshError, type SshErrorKind } from '../ssh/sshErrors';
import type { RoundFailure } from './watchRound';
import { isPhrase, renderPhrase } from '../../shared/l10n/phrase';

/**
 * SSH failures that another round would only repeat, and that need the user: a host key to verify, a login
 * that failed (repeating it earns a ban, docs/security.md §1.5), a config to fix. They end the watch.
 */
const FATAL: ReadonlySet<SshErrorKind> = new Set<SshErrorKind>([
  'auth',
  'hostKeyUnknown',
  'hostKeyChanged',
  'hostKeyRevoked',
  'hostKeyDeclined',
  'config',
  'algorithm',
  'cancelled',
]);

/**
 * What a round's failure means for the watch: a recorded failure after which the watch goes on (the host is
 * unreachable, the connection dropped, a sample failed, the probe could not run), or undefined when the
 * watch must end (the list above, and programming errors, which are not the host's fault).
 */
export function classifyRoundFailure(err: unknown): RoundFailure | undefined {
  if (err instanceof SshError) return FATAL.has(err.kind) ? undefined : withPhrase('unreachable', err);
  if (err instanceof DiagnosisSampleError || (err instanceof Error && err.name === 'SampleFailedError'))
    return withPhrase('sample', err);
  if (
    err instanceof TypeError ||
    err instanceof RangeError ||
    err instanceof SyntaxError ||
    err instanceof ReferenceError
  )
    return undefined;
  if (err instanceof Error) return withPhrase('probe', err);
  return undefined;
}

/**
 * A failure stored in English with the error's message id and parameters when it carries them (`SshError`,
 * `PingError`, `DiagnosisSampleError`): the message is then the phrase in English, since the error itself may
 * be worded in the display language; else the error's message as it is.
 */
function withPhrase(kind: RoundFailure['kind'], err: Error): RoundFailure {
  const p = (err as { phrase?: unknown }).phrase;
  return isPhrase(p) ? { kind, message: renderPhrase(p), phrase: p } : { kind, message: err.message };
}
