import { Client, type ParsedKey } from 'ssh2';
import type { Duplex } from 'node:stream';
import { resolveAgentPath } from './agentIdentities';
import { createAuthHandler, type AuthPrompts, type LoginNotes } from './authHandler';
import type { PausableDeadline } from './pausableDeadline';
import { describeEndpoint, type HostKeyRefusal, type HostVerifierFactory, type SshEndpoint } from './sshEndpoint';
import { cancelledError, classifySshError, configError, SshError } from './sshErrors';
import { joinSentences, phrase } from '../../shared/l10n/phrase';

/** Settings shared by every hop of one connection. */
export interface HopSettings {
  createHostVerifier: HostVerifierFactory;
  prompts: AuthPrompts;
  /** ssh keepalive (ServerAliveInterval) in ms; 0 turns it off. */
  keepaliveIntervalMs: number;
  /** Unanswered keepalives before the link counts as dead (ServerAliveCountMax). */
  keepaliveCountMax: number;
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
  readFile(path: string): Promise<Buffer>;
  /** Decrypted IdentityFile keys, in memory only, shared across attempts. */
  keyCache: Map<string, ParsedKey>;
}

/**
 * One ssh2 `Client` for one hop, a new one per attempt (a closed Client keeps stale listeners,
 * docs/security.md §1.8). It always has an `error` listener, remembers the last error so
 * a later `close` can be explained, and pauses the connect deadline while a prompt is open.
 */
export class SshHop {
  readonly client = new Client();
  readonly where: string;
  private lastError: unknown;
  private refusal: HostKeyRefusal | undefined;
  private loginNotes: LoginNotes | undefined;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(readonly endpoint: SshEndpoint) {
    this.where = describeEndpoint(endpoint);
    // An unhandled 'error' event would crash the extension host (§1.6). ssh2 also emits
    // non-fatal errors here (a failing agent, then the next method is tried), so only `close`
    // decides the outcome.
    this.client.on('error', (err: unknown) => {
      this.lastError = err;
    });
    this.client.on('close', () => {
      this.closed = true;
      for (const l of this.closeListeners.splice(0)) l();
    });
  }

  /** Calls `listener` once when the client closes (at once if it already has). */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** Why the client closed, as the user should read it. */
  failure(): SshError {
    if (this.refusal)
      return new SshError(this.refusal.kind, this.refusal.phrase, { detail: errorText(this.lastError) });
    if (this.loginNotes?.cancelled) return cancelledError(phrase('Logging in to {0}', this.where));
    if (this.lastError === undefined) return new SshError('closed', phrase('{0} closed the connection.', this.where));
    const err = classifySshError(this.lastError, this.where);
    const notes = this.loginNotes?.notes ?? [];
    if (err.kind !== 'auth' || notes.length === 0) return err;
    return new SshError('auth', joinSentences([err.phrase, ...notes]), { detail: err.detail });
  }

  /** Logs in over `sock` (a forwarded channel from the previous hop) or a new TCP connection. */
  login(settings: HopSettings, deadline: PausableDeadline, sock: Duplex | undefined): Promise<Client> {
    const ep = this.endpoint;
    const { verifier, serverHostKey } = settings.createHostVerifier(ep, (why) => {
      this.refusal = why;
    });
    const auth = createAuthHandler(
      {
        user: ep.user,
        where: this.where,
        identityFiles: ep.identityFiles,
        identitiesOnly: ep.identitiesOnly,
        agentPath: resolveAgentPath(ep.identityAgent, settings.env, settings.platform),
      },
      settings.prompts,
      { readFile: settings.readFile, duringPrompt: (p) => deadline.during(p), keyCache: settings.keyCache },
    );
    this.loginNotes = auth.notes;
    return new Promise<Client>((resolve, reject) => {
      this.client.once('ready', () => resolve(this.client));
      this.onClose(() => reject(this.failure()));
      try {
        this.client.connect({
          host: ep.hostName,
          port: ep.port,
          username: ep.user,
          sock,
          readyTimeout: 0, // our PausableDeadline times the connect phase instead
          keepaliveInterval: settings.keepaliveIntervalMs,
          keepaliveCountMax: settings.keepaliveCountMax,
          // This hop's recorded key types first, as OpenSSH orders HostKeyAlgorithms: a host known
          // by its ECDSA or RSA key is not "unknown" because ed25519 comes first (docs/security.md §1.1).
          algorithms: { serverHostKey },
          authHandler: auth.handler,
          hostVerifier: (key: Buffer, verify: (ok: boolean) => void): undefined => {
            const resume = deadline.pause(); // the verifier may be showing a prompt
            let answered = false;
            const answer = (ok: unknown): void => {
              if (answered) return;
              answered = true;
              resume();
              verify(ok === true); // ssh2 accepts anything but a literal false (§1.1)
            };
            const ret: unknown = verifier(key, answer);
            if (ret !== undefined) answer(ret);
            return undefined;
          },
        });
      } catch (err) {
        reject(configError(err, this.where));
      }
    });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : '';
}
