/**
 * Typed SSH failures. Every error the connection layer surfaces is an `SshError` whose message
 * says what to do, and whose `retryable` flag decides whether the reconnect loop may try again
 * (docs/security.md §1.6 and §1.8). The message is kept as a phrase too (English template + parameters),
 * so each front end shows it in its own language with {@link sshErrorText}; `message` stays English.
 */
import { english, type Localizer } from '../../shared/l10n/localizer';
import {
  phraseOf,
  phrase,
  renderPhrase,
  upperFirst,
  verbatim,
  type Phrase,
  type PhraseArg,
} from '../../shared/l10n/phrase';

export type SshErrorKind =
  | 'auth'
  | 'hostKeyUnknown'
  | 'hostKeyChanged'
  | 'hostKeyRevoked'
  | 'hostKeyDeclined'
  | 'hostKeyUnsupported'
  | 'timeout'
  | 'refused'
  | 'unreachable'
  | 'dns'
  | 'permission'
  | 'protocol'
  | 'algorithm'
  | 'closed'
  | 'cancelled'
  | 'config';

/** Kinds that the reconnect loop never retries: retrying would not help, or would be unsafe. */
const NEVER_RETRIED: ReadonlySet<SshErrorKind> = new Set<SshErrorKind>([
  'auth', // repeated failures earn a PerSourcePenalties ban (docs/security.md §1.5)
  'hostKeyUnknown',
  'hostKeyChanged',
  'hostKeyRevoked',
  'hostKeyDeclined',
  'hostKeyUnsupported',
  'dns',
  'permission',
  'algorithm',
  'cancelled',
  'config',
]);

export class SshError extends Error {
  readonly kind: SshErrorKind;
  /** Whether an automatic reconnect may try again after this error. */
  readonly retryable: boolean;
  /** The server dropped us before the SSH banner: likely MaxStartups or PerSourcePenalties. */
  readonly cutBeforeHandshake: boolean;
  /** ssh2's own wording (and error code), kept for the log; never contains a secret. */
  readonly detail: string;
  /** The message as an id plus parameters: render it with {@link sshErrorText}. */
  readonly phrase: Phrase;

  /** `text` is a phrase (translatable) or a plain string (shown as it is in every language). */
  constructor(
    kind: SshErrorKind,
    text: string | Phrase,
    opts: { detail?: string; retryable?: boolean; cutBeforeHandshake?: boolean } = {},
  ) {
    const p = typeof text === 'string' ? verbatim(text) : text;
    super(renderPhrase(p));
    this.phrase = p;
    this.name = 'SshError';
    this.kind = kind;
    this.retryable = !NEVER_RETRIED.has(kind) && (opts.retryable ?? true);
    this.cutBeforeHandshake = opts.cutBeforeHandshake ?? false;
    this.detail = opts.detail ?? '';
  }

  /** The English message with `{0}`... placeholders: the message id. */
  get template(): string {
    return this.phrase.template;
  }

  /** The values of the template's placeholders (a nested phrase is rendered in the same language). */
  get params(): readonly PhraseArg[] {
    return this.phrase.params;
  }
}

/**
 * An error's message in the localizer's language: an `SshError` (or anything carrying a `phrase`, such as
 * a session state's error, a sample error) from its phrase, anything else by its message as it is.
 */
export function sshErrorText(err: unknown, l: Localizer = english): string {
  return renderPhrase(phraseOf(err), l);
}

/** ssh2 decorates its errors with `level` (client-socket, handshake, ...) and socket errors with `code`. */
interface Ssh2ErrorShape {
  message: string;
  level?: string;
  code?: string;
  /** SSH_MSG_DISCONNECT reason code (RFC 4253 §11.1), when the server said goodbye. */
  disconnectReason?: number;
}

/** RFC 4253 §11.1 SSH_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE. */
const NO_MORE_AUTH_METHODS = 14;

function shape(err: unknown): Ssh2ErrorShape {
  if (err instanceof Error) {
    const e = err as Error & { level?: unknown; code?: unknown };
    return {
      message: e.message,
      level: typeof e.level === 'string' ? e.level : undefined,
      code: typeof e.code === 'string' ? e.code : undefined,
      disconnectReason: typeof e.code === 'number' ? e.code : undefined,
    };
  }
  return { message: String(err) };
}

const SOCKET_CODES: Readonly<Record<string, { kind: SshErrorKind; advice: Phrase }>> = {
  ECONNREFUSED: {
    kind: 'refused',
    advice: phrase('nothing accepts connections there. Check that sshd runs and the port is right'),
  },
  ECONNRESET: {
    kind: 'closed',
    advice: phrase('the connection was reset. The server or something on the path dropped it; VPS Doctor reconnects'),
  },
  EPIPE: { kind: 'closed', advice: phrase('the connection was closed while sending. VPS Doctor reconnects') },
  EHOSTUNREACH: { kind: 'unreachable', advice: phrase('no route to the host. Check the address, your network or VPN') },
  ENETUNREACH: { kind: 'unreachable', advice: phrase('the network is unreachable. Check your network or VPN') },
  EHOSTDOWN: { kind: 'unreachable', advice: phrase('the host is down') },
  ETIMEDOUT: {
    kind: 'timeout',
    advice: phrase('the TCP connection timed out. A firewall may drop the packets, or the host is down'),
  },
  ENOTFOUND: {
    kind: 'dns',
    advice: phrase('the host name does not resolve. Check HostName for typos, or your DNS or VPN'),
  },
  EAI_AGAIN: { kind: 'dns', advice: phrase('the name server did not answer. Check your DNS or VPN') },
  EACCES: {
    kind: 'permission',
    advice: phrase('the operating system refused the connection (a local firewall or policy)'),
  },
  EPERM: {
    kind: 'permission',
    advice: phrase('the operating system refused the connection (a local firewall or policy)'),
  },
};

/**
 * Maps any error thrown or emitted by ssh2 to an `SshError`, following the table in
 * docs/security.md §1.6. `where` names the host for the message (`user@host:port`).
 * An `SshError` passes through unchanged.
 */
export function classifySshError(err: unknown, where: string): SshError {
  if (err instanceof SshError) return err;
  const { message, level, code, disconnectReason } = shape(err);
  const detail = code && !message.includes(code) ? `${message} (${code})` : message;

  if (code !== undefined && SOCKET_CODES[code] !== undefined) {
    const { kind, advice } = SOCKET_CODES[code];
    return new SshError(kind, phrase('Cannot reach {0}: {1}.', where, advice), { detail });
  }
  switch (level) {
    case 'client-dns':
      return new SshError('dns', phrase('Cannot resolve the address of {0}. Check HostName, your DNS or VPN.', where), {
        detail,
      });
    case 'client-timeout':
      return message.includes('Keepalive')
        ? new SshError(
            'timeout',
            phrase('The connection to {0} stopped answering keepalives; the link died. VPS Doctor reconnects.', where),
            { detail },
          )
        : new SshError(
            'timeout',
            phrase(
              '{0} did not finish the SSH handshake in time. The network may be slow, or the server is refusing new connections for a while (MaxStartups, PerSourcePenalties).',
              where,
            ),
            { detail },
          );
    case 'protocol':
      return message.includes('before handshake')
        ? new SshError(
            'protocol',
            phrase(
              '{0} closed the connection before the SSH handshake. The server may be limiting connections (MaxStartups, PerSourcePenalties, fail2ban) or restarting; VPS Doctor waits before retrying.',
              where,
            ),
            { detail, cutBeforeHandshake: true },
          )
        : new SshError(
            'protocol',
            phrase('The SSH stream from {0} was damaged ({1}). VPS Doctor reconnects.', where, message),
            { detail },
          );
    case 'handshake':
      return classifyHandshake(message, where, detail);
    case 'client-authentication':
      return new SshError(
        'auth',
        phrase(
          "Login to {0} failed: the server accepted none of the keys or passwords offered. Check User, IdentityFile and the server's authorized_keys; load the key into ssh-agent if it has a passphrase.",
          where,
        ),
        { detail },
      );
    case 'agent':
      return new SshError(
        'auth',
        phrase(
          'The SSH agent failed ({0}). Check that IdentityAgent or SSH_AUTH_SOCK points to a running, unlocked agent.',
          message,
        ),
        { detail },
      );
    case 'client-socket':
      return new SshError('closed', phrase('The connection to {0} failed: {1}.', where, message), { detail });
  }
  if (disconnectReason !== undefined) {
    return disconnectReason === NO_MORE_AUTH_METHODS || /authentication/i.test(message)
      ? new SshError(
          'auth',
          phrase(
            "{0} ended the login: {1}. Offer fewer keys (IdentitiesOnly yes with the right IdentityFile) or check the server's authorized_keys.",
            where,
            message,
          ),
          { detail },
        )
      : new SshError('closed', phrase('{0} ended the session: {1}. VPS Doctor reconnects.', where, message), {
          detail,
        });
  }
  if (message === 'Not connected' || message === 'No response from server') {
    return new SshError('closed', phrase('The connection to {0} is closed. VPS Doctor reconnects.', where), {
      detail,
    });
  }
  if (message.includes('Channel open failure')) {
    return new SshError(
      'protocol',
      phrase(
        '{0} refused to open a session channel (its MaxSessions may be low). Try again; VPS Doctor opens fewer channels at a time.',
        where,
      ),
      { detail },
    );
  }
  // ssh2 also throws plain errors while parsing a damaged stream.
  return new SshError(
    'protocol',
    phrase('The SSH connection to {0} failed ({1}). VPS Doctor reconnects.', where, message),
    { detail },
  );
}

/** An error thrown synchronously by `Client.connect()`: our own settings are wrong. */
export function configError(err: unknown, where: string): SshError {
  const message = err instanceof Error ? err.message : String(err);
  return new SshError(
    'config',
    phrase("Cannot start an SSH connection to {0}: {1}. Check this host's settings.", where, message),
    { detail: message },
  );
}

function classifyHandshake(message: string, where: string, detail: string): SshError {
  if (message.includes('no matching')) {
    return new SshError(
      'algorithm',
      phrase(
        '{0} offers only algorithms VPS Doctor does not enable ({1}). The server is probably old; upgrade OpenSSH on it or enable legacy algorithms for this host only.',
        where,
        message.replace(/^Handshake failed: /, ''),
      ),
      { detail },
    );
  }
  if (message.startsWith('Host denied')) {
    return new SshError(
      'hostKeyDeclined',
      phrase('The host key of {0} was not accepted, so VPS Doctor did not log in.', where),
      { detail },
    );
  }
  return new SshError(
    'protocol',
    phrase(
      'The SSH handshake with {0} failed ({1}). This can mean a faulty server or someone tampering with the connection; VPS Doctor does not retry.',
      where,
      message,
    ),
    { detail, retryable: false },
  );
}

/** The error for a user's cancel (a dismissed prompt, a disposed connection, an aborted request). */
export function cancelledError(what: string | Phrase): SshError {
  return new SshError('cancelled', phrase('{0} was cancelled.', typeof what === 'string' ? what : upperFirst(what)));
}
