import { renderPhrase, type Phrase } from '../../shared/l10n/phrase';
/** Why a remote sample produced no usable data. Each reason has its own advice in `message`. */
export type SampleErrorReason =
  /** The local deadline passed before the command finished. */
  | 'timeout'
  /** stdout or stderr went past the output cap. */
  | 'outputTooLarge'
  /** The command ended with a non-zero status, a signal, or no status at all. */
  | 'exitStatus'
  /** Our start marker never appeared: a ForceCommand, a restricted shell, or no `sh`. */
  | 'unexpectedEnvironment'
  /** Markers were present but carried another run's nonce. */
  | 'wrongNonce'
  /** The start marker appeared but the end marker did not. */
  | 'truncated'
  /** Between the markers there was a line our script cannot have printed. */
  | 'malformed';

export interface SampleError {
  kind: 'sample';
  reason: SampleErrorReason;
  /** One or two sentences for the user: what happened and what to do. */
  message: string;
  /** The message as an id plus parameters, for a front end's language. */
  phrase?: Phrase;
  /** 1-based line of the command's stdout the error is about; 0 when it is about the output as a whole. */
  line: number;
}

export const sampleError = (
  reason: SampleErrorReason,
  text: string | Phrase,
  line = 0,
): { ok: false; error: SampleError } => ({
  ok: false,
  error:
    typeof text === 'string'
      ? { kind: 'sample', reason, message: text, line }
      : { kind: 'sample', reason, message: renderPhrase(text), phrase: text, line },
});
