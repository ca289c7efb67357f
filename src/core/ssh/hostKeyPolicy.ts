import { phrase, renderPhrase, type Phrase } from '../../shared/l10n/phrase';
import type { Result } from '../result';
import { keyTypeOfBlob, sha256Fingerprint } from './fingerprint';
import {
  type AcceptedNewDecision,
  decisionAccepts,
  fixesFor,
  type HostKeyDecision,
  type HostKeyTarget,
  type RefusalReason,
} from './hostKeyDecision';
import type { HostKeyStore, HostKeyStoreError } from './hostKeyStore';
import { type HostVerifier, strictHostVerifier } from './hostKeyVerifier';
import { checkHostKey, type KnownHostEntry, type KnownKeyRef, knownHostsName } from './knownHosts';

export type { HostKeyDecision, HostVerifier };

/** Our `StrictHostKeyChecking`: OpenSSH's `no` is deliberately absent (docs/security.md §2.3). */
export type HostKeyChecking = 'ask' | 'yes' | 'accept-new';

export interface HostKeyPromptInfo {
  host: string;
  port: number;
  keyType: string;
  /** `SHA256:...`, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** Keys of other types already recorded: not a first contact, warn more strongly. */
  otherTypesKnown: KnownKeyRef[];
  /** Where the key will be written if trusted. */
  storePath: string;
}

/** Asks the user whether to trust an unknown key. Only a resolved `true` trusts; Cancel is the default. */
export interface HostKeyPrompt {
  (info: HostKeyPromptInfo): Promise<boolean>;
}

const STRICTNESS: Record<HostKeyChecking, number> = { 'accept-new': 0, ask: 1, yes: 2 };

/**
 * Combines the extension setting with the user's ssh config `StrictHostKeyChecking` (as written,
 * or as `ssh -G` prints it: `true`/`false`): the stricter wins, so the config can tighten but never
 * loosen the setting. `no`/`off`/`false` count as `ask`; an unrecognised value is ignored.
 */
export function effectiveHostKeyChecking(setting: HostKeyChecking, sshConfigValue?: string): HostKeyChecking {
  const v = sshConfigValue?.trim().toLowerCase();
  const fromConfig: HostKeyChecking | undefined =
    v === 'yes' || v === 'true'
      ? 'yes'
      : v === 'accept-new'
        ? 'accept-new'
        : v === 'ask' || v === 'no' || v === 'off' || v === 'false'
          ? 'ask'
          : undefined;
  if (fromConfig === undefined) return setting;
  return STRICTNESS[fromConfig] > STRICTNESS[setting] ? fromConfig : setting;
}

export interface HostVerifierOptions {
  /** Resolved HostName of this hop (never `127.0.0.1` for a ProxyJump target). */
  host: string;
  port: number;
  hostKeyAlias?: string;
  checking: HostKeyChecking;
  /** Every known_hosts entry: user files, global files and our store. */
  entries: KnownHostEntry[];
  /** Our store's file: its keys are fixed with "Forget host key" instead of ssh-keygen. */
  storePath: string;
  prompt?: HostKeyPrompt;
  /**
   * Records a decision before ssh2 hears the answer: once for the first key exchange, and again
   * only if a later one presents a different key. If it throws, the host is refused.
   */
  onDecision: (d: HostKeyDecision) => void;
}

/**
 * Builds the ssh2 `hostVerifier` for one connection (one per ProxyJump hop). It returns
 * `undefined`, answers `cb(decision accepts)` only after `onDecision` has recorded the decision,
 * and is deterministic on rekey: the same key gets the first answer again without a second
 * prompt; a different key is refused. Changed and revoked keys are refused without prompting.
 */
export function createHostVerifier(opts: HostVerifierOptions): HostVerifier {
  const target: HostKeyTarget = {
    host: opts.host,
    port: opts.port,
    lookupName: knownHostsName(opts.host, opts.port, opts.hostKeyAlias),
  };
  let first: { blob: Buffer; answer: Promise<boolean> } | undefined;

  const finish = (d: HostKeyDecision, cb: (ok: boolean) => void): boolean => {
    try {
      opts.onDecision(d);
    } catch {
      cb(false); // a decision nobody recorded must not let the connection through
      return false;
    }
    const accepted = decisionAccepts(d);
    cb(accepted);
    return accepted;
  };

  return strictHostVerifier((key, cb) => {
    if (first) {
      if (first.blob.equals(key)) first.answer.then(cb, () => cb(false));
      else
        finish(
          refuse(
            target,
            key,
            'rekey-different-key',
            phrase('the server presented a different host key during a later key exchange'),
          ),
          cb,
        );
      return undefined;
    }
    const blob = Buffer.from(key);
    const decided = decide(target, blob, opts);
    const answer =
      decided instanceof Promise ? decided.then((d) => finish(d, cb)) : Promise.resolve(finish(decided, cb));
    first = { blob, answer: answer.catch(() => false) };
    return undefined;
  });
}

function refuse(
  target: HostKeyTarget,
  key: Buffer,
  reason: RefusalReason,
  message: Phrase,
  extra: Partial<Extract<HostKeyDecision, { kind: 'refused' }>> = {},
): HostKeyDecision {
  return {
    kind: 'refused',
    target,
    keyType: keyTypeOfBlob(key),
    fingerprint: sha256Fingerprint(key),
    reason,
    message: renderPhrase(message),
    phrase: message,
    expected: [],
    fixes: [],
    ...extra,
  };
}

/** The decision: immediate for everything but an unknown key under `ask`, which awaits the prompt. */
function decide(
  target: HostKeyTarget,
  key: Buffer,
  opts: HostVerifierOptions,
): HostKeyDecision | Promise<HostKeyDecision> {
  const keyType = keyTypeOfBlob(key);
  const fingerprint = sha256Fingerprint(key);
  const where = `${target.host}:${target.port}`;
  if (keyType === '')
    return refuse(
      target,
      key,
      'malformed-key',
      phrase('{0} presented a host key that is not a supported public key', where),
    );
  const verdict = checkHostKey(opts.entries, target.lookupName, target.port, key);
  switch (verdict.kind) {
    case 'match':
      return { kind: 'match', target, keyType, fingerprint, file: verdict.file, line: verdict.line };
    case 'revoked':
      return refuse(
        target,
        key,
        'revoked',
        phrase(
          'REVOKED host key for {0}: {1} {2} is listed as @revoked in {3}',
          where,
          keyType,
          fingerprint,
          `${verdict.file}:${verdict.line}`,
        ),
        {
          revokedAt: { file: verdict.file, line: verdict.line },
          fixes: fixesFor(target.lookupName, [verdict], opts.storePath),
        },
      );
    case 'changed': {
      const was = verdict.expected.map((e) => `${e.fingerprint} (${e.file}:${e.line})`).join(', ');
      return refuse(
        target,
        key,
        'changed',
        phrase(
          'host key for {0} has CHANGED: {1} is now {2}, recorded {3}. This can mean a man-in-the-middle attack, or the server was reinstalled',
          where,
          keyType,
          fingerprint,
          was,
        ),
        {
          expected: verdict.expected,
          fixes: fixesFor(target.lookupName, verdict.expected, opts.storePath),
        },
      );
    }
    case 'cert-authority': {
      // ssh2 offers no certificate algorithms, so the server showed a plain key; trusting it here
      // would bypass the CA the user chose. Refused, never prompted (docs/security.md §1.1, §1.2).
      const cas = verdict.authorities.map((a) => `${a.file}:${a.line}`).join(', ');
      return refuse(
        target,
        key,
        'cert-authority',
        phrase(
          '{0} is trusted through a host certificate authority (@cert-authority at {1}), which VPS Doctor cannot check, and its plain {2} key {3} is not recorded',
          where,
          cas,
          keyType,
          fingerprint,
        ),
      );
    }
    case 'unknown':
      break;
  }
  const accepted = (by: 'prompt' | 'accept-new'): HostKeyDecision => ({
    kind: 'accepted-new',
    target,
    keyType,
    fingerprint,
    keyBlob: key,
    by,
    otherTypesKnown: verdict.otherTypesKnown,
  });
  if (opts.checking === 'yes')
    return refuse(
      target,
      key,
      'unknown-strict',
      phrase(
        'no {0} host key is known for {1} (it presented {2}) and strict checking is on',
        keyType,
        where,
        fingerprint,
      ),
    );
  if (opts.checking === 'accept-new') return accepted('accept-new');
  const prompt = opts.prompt;
  if (!prompt)
    return refuse(
      target,
      key,
      'no-prompt',
      phrase(
        'no {0} host key is known for {1} (it presented {2}) and nobody can be asked',
        keyType,
        where,
        fingerprint,
      ),
    );
  const info: HostKeyPromptInfo = {
    host: target.host,
    port: target.port,
    keyType,
    fingerprint,
    otherTypesKnown: verdict.otherTypesKnown,
    storePath: opts.storePath,
  };
  return Promise.resolve()
    .then(() => prompt(info))
    .then(
      (yes) =>
        yes === true
          ? accepted('prompt')
          : refuse(
              target,
              key,
              'declined',
              phrase('the {0} host key {1} of {2} was not trusted', keyType, fingerprint, where),
            ),
      (e: unknown) =>
        refuse(
          target,
          key,
          'prompt-failed',
          phrase('asking about the host key of {0} failed: {1}', where, e instanceof Error ? e.message : String(e)),
        ),
    );
}

/**
 * Writes an accepted-new key to our store. Call it after ssh2's `handshake` event: only then has
 * the server proved, by its signature over the exchange hash, that it holds the key.
 */
export function persistAcceptedKey(
  store: Pick<HostKeyStore, 'append'>,
  decision: AcceptedNewDecision,
): Promise<Result<{ file: string; line: number }, HostKeyStoreError>> {
  return store.append(decision.target.lookupName, decision.keyBlob);
}
