/**
 * Typed SSH failures. Every error the connection layer surfaces is an `SshError` whose message
 * says what to do, and whose `retryable` flag decides whether the reconnect loop may try again
 * (docs/security.md §1.6 and §1.8).
 */

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

  constructor(
    kind: SshErrorKind,
    message: string,
    opts: { detail?: string; retryable?: boolean; cutBeforeHandshake?: boolean } = {},
  ) {
    super(message);
    this.name = 'SshError';
    this.kind = kind;
    this.retryable = !NEVER_RETRIED.has(kind) && (opts.retryable ?? true);
    this.cutBeforeHandshake = opts.cutBeforeHandshake ?? false;
    this.detail = opts.detail ?? '';
  }
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

const SOCKET_CODES: Readonly<Record<string, { kind: SshErrorKind; advice: string }>> = {
  ECONNREFUSED: {
    kind: 'refused',
    advice: 'nothing accepts connections there. Check that sshd runs and the port is right',
  },
  ECONNRESET: {
    kind: 'closed',
    advice: 'the connection was reset. The server or something on the path dropped it; VPS Doctor reconnects',
  },
  EPIPE: { kind: 'closed', advice: 'the connection was closed while sending. VPS Doctor reconnects' },
  EHOSTUNREACH: { kind: 'unreachable', advice: 'no route to the host. Check the address, your network or VPN' },
  ENETUNREACH: { kind: 'unreachable', advice: 'the network is unreachable. Check your network or VPN' },
  EHOSTDOWN: { kind: 'unreachable', advice: 'the host is down' },
  ETIMEDOUT: {
    kind: 'timeout',
    advice: 'the TCP connection timed out. A firewall may drop the packets, or the host is down',
  },
  ENOTFOUND: { kind: 'dns', advice: 'the host name does not resolve. Check HostName for typos, or your DNS or VPN' },
  EAI_AGAIN: { kind: 'dns', advice: 'the name server did not answer. Check your DNS or VPN' },
  EACCES: { kind: 'permission', advice: 'the operating system refused the connection (a local firewall or policy)' },
  EPERM: { kind: 'permission', advice: 'the operating system refused the connection (a local firewall or policy)' },
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
    return new SshError(kind, `Cannot reach ${where}: ${advice}.`, { detail });
  }
  switch (level) {
    case 'client-dns':
      return new SshError('dns', `Cannot resolve the address of ${where}. Check HostName, your DNS or VPN.`, {
        detail,
      });
    case 'client-timeout':
      return message.includes('Keepalive')
        ? new SshError(
            'timeout',
            `The connection to ${where} stopped answering keepalives; the link died. VPS Doctor reconnects.`,
            { detail },
          )
        : new SshError(
            'timeout',
            `${where} did not finish the SSH handshake in time. The network may be slow, or the server is refusing new connections for a while (MaxStartups, PerSourcePenalties).`,
            { detail },
          );
    case 'protocol':
      return message.includes('before handshake')
        ? new SshError(
            'protocol',
            `${where} closed the connection before the SSH handshake. The server may be limiting connections (MaxStartups, PerSourcePenalties, fail2ban) or restarting; VPS Doctor waits before retrying.`,
            { detail, cutBeforeHandshake: true },
          )
        : new SshError('protocol', `The SSH stream from ${where} was damaged (${message}). VPS Doctor reconnects.`, {
            detail,
          });
    case 'handshake':
      return classifyHandshake(message, where, detail);
    case 'client-authentication':
      return new SshError(
        'auth',
        `Login to ${where} failed: the server accepted none of the keys or passwords offered. Check User, IdentityFile and the server's authorized_keys; load the key into ssh-agent if it has a passphrase.`,
        { detail },
      );
    case 'agent':
      return new SshError(
        'auth',
        `The SSH agent failed (${message}). Check that IdentityAgent or SSH_AUTH_SOCK points to a running, unlocked agent.`,
        { detail },
      );
    case 'client-socket':
      return new SshError('closed', `The connection to ${where} failed: ${message}.`, { detail });
  }
  if (disconnectReason !== undefined) {
    return disconnectReason === NO_MORE_AUTH_METHODS || /authentication/i.test(message)
      ? new SshError(
          'auth',
          `${where} ended the login: ${message}. Offer fewer keys (IdentitiesOnly yes with the right IdentityFile) or check the server's authorized_keys.`,
          { detail },
        )
      : new SshError('closed', `${where} ended the session: ${message}. VPS Doctor reconnects.`, { detail });
  }
  if (message === 'Not connected' || message === 'No response from server') {
    return new SshError('closed', `The connection to ${where} is closed. VPS Doctor reconnects.`, { detail });
  }
  if (message.includes('Channel open failure')) {
    return new SshError(
      'protocol',
      `${where} refused to open a session channel (its MaxSessions may be low). Try again; VPS Doctor opens fewer channels at a time.`,
      { detail },
    );
  }
  // ssh2 also throws plain errors while parsing a damaged stream.
  return new SshError('protocol', `The SSH connection to ${where} failed (${message}). VPS Doctor reconnects.`, {
    detail,
  });
}

/** An error thrown synchronously by `Client.connect()`: our own settings are wrong. */
export function configError(err: unknown, where: string): SshError {
  const message = err instanceof Error ? err.message : String(err);
  return new SshError('config', `Cannot start an SSH connection to ${where}: ${message}. Check this host's settings.`, {
    detail: message,
  });
}

function classifyHandshake(message: string, where: string, detail: string): SshError {
  if (message.includes('no matching')) {
    return new SshError(
      'algorithm',
      `${where} offers only algorithms VPS Doctor does not enable (${message.replace(/^Handshake failed: /, '')}). The server is probably old; upgrade OpenSSH on it or enable legacy algorithms for this host only.`,
      { detail },
    );
  }
  if (message.startsWith('Host denied')) {
    return new SshError('hostKeyDeclined', `The host key of ${where} was not accepted, so VPS Doctor did not log in.`, {
      detail,
    });
  }
  return new SshError(
    'protocol',
    `The SSH handshake with ${where} failed (${message}). This can mean a faulty server or someone tampering with the connection; VPS Doctor does not retry.`,
    { detail, retryable: false },
  );
}

/** The error for a user's cancel (a dismissed prompt, a disposed connection, an aborted request). */
export function cancelledError(what: string): SshError {
  return new SshError('cancelled', `${what} was cancelled.`);
}
