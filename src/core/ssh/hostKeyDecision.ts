import type { Phrase } from '../../shared/l10n/phrase';
import type { KnownKeyRef } from './knownHosts';

/**
 * What the host verifier decided for one connection, recorded before ssh2 is told (cb(false)
 * fires the client's error and close handlers synchronously; docs/security.md §1.1).
 */

/** The host being verified and the known_hosts name it is looked up and stored under. */
export interface HostKeyTarget {
  /** The resolved HostName (never the alias typed by the user). */
  host: string;
  port: number;
  /** knownHosts.ts `knownHostsName`: `host`, `[host]:port` or the HostKeyAlias. */
  lookupName: string;
}

/**
 * How to clear a recorded key; always a separate, deliberate action, never a button in the warning.
 * A key in our store is removed with "Forget Host Key" (VS Code) or the same `ssh-keygen -R` on the store.
 */
export type HostKeyFix =
  | { kind: 'command'; file: string; command: string }
  | { kind: 'forget-host-key'; name: string; file: string; command: string };

export type RefusalReason =
  | 'changed' // a recorded key of the same type differs
  | 'revoked' // an @revoked line names this key
  | 'cert-authority' // unknown key of a host known only through @cert-authority lines (no host certificates in ssh2)
  | 'unknown-strict' // unknown host with StrictHostKeyChecking yes
  | 'declined' // the user did not trust the key (Cancel is the default)
  | 'prompt-failed' // the prompt threw or rejected
  | 'no-prompt' // unknown host, checking 'ask', but no prompt available
  | 'rekey-different-key' // a later key exchange presented another key
  | 'malformed-key' // the server's blob is not a supported public key
  | 'record-failed'; // recording the decision threw: fail closed

interface DecisionBase {
  target: HostKeyTarget;
  /** Wire type of the presented key (`''` when malformed). */
  keyType: string;
  /** `SHA256:...` of the presented key. */
  fingerprint: string;
}

export type HostKeyDecision =
  | (DecisionBase & { kind: 'match'; file: string; line: number })
  | (DecisionBase & {
      kind: 'accepted-new';
      /** Not yet written: persist with `persistAcceptedKey` after ssh2's `handshake` event. */
      keyBlob: Buffer;
      by: 'prompt' | 'accept-new';
      otherTypesKnown: KnownKeyRef[];
    })
  | (DecisionBase & {
      kind: 'refused';
      reason: RefusalReason;
      /** One English sentence for the log; the UI words its own message from the fields. */
      message: string;
      /** The same sentence as a message id plus parameters, for a front end's language. */
      phrase: Phrase;
      /** For `changed`: the recorded keys of the presented type, with file:line. */
      expected: KnownKeyRef[];
      /** For `revoked`: the @revoked line. */
      revokedAt?: { file: string; line: number };
      fixes: HostKeyFix[];
    });

export type AcceptedNewDecision = Extract<HostKeyDecision, { kind: 'accepted-new' }>;

/** Whether a decision lets the handshake continue. */
export const decisionAccepts = (d: HostKeyDecision): boolean => d.kind === 'match' || d.kind === 'accepted-new';

/** Quotes one word for a POSIX shell or PowerShell: double quotes when that is literal, else single. */
function quote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./~\[\] -]*$/.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The fixes for recorded keys: `ssh-keygen -R` for OpenSSH's files, "Forget host key" for ours.
 * One fix per file, in the order the files were read.
 */
export function fixesFor(lookupName: string, refs: readonly { file: string }[], storePath: string): HostKeyFix[] {
  const files = [...new Set(refs.map((r) => r.file))];
  return files.map((file) => {
    const command = `ssh-keygen -R ${quote(lookupName)} -f ${quote(file)}`;
    return file === storePath
      ? { kind: 'forget-host-key', name: lookupName, file, command }
      : { kind: 'command', file, command };
  });
}
