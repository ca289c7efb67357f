import type { Client } from 'ssh2';
import type { Duplex } from 'node:stream';
import { PausableDeadline } from './pausableDeadline';
import { describeEndpoint, type SshEndpoint } from './sshEndpoint';
import { cancelledError, classifySshError, SshError } from './sshErrors';
import { SshHop, type HopSettings } from './sshHop';
import { phrase } from '../../shared/l10n/phrase';

/** A logged-in connection, possibly through ProxyJump hops. */
export interface OpenChain {
  /** The target's client: open channels here. */
  readonly client: Client;
  /** Calls `listener` once, when any hop closes (which takes the target down with it). */
  onClosed(listener: (err: SshError) => void): void;
  /** Closes every hop, innermost first. */
  destroy(): void;
}

export interface ChainSettings extends HopSettings {
  target: SshEndpoint;
  /** ProxyJump hops in order, the first one connected to directly. */
  jumps: readonly SshEndpoint[];
  /** Budget for TCP connect, key exchange and login of all hops together, prompts excluded (ms). */
  connectTimeoutMs: number;
}

/**
 * Connects the jump hops and the target, each hop with its own config and its own host-key
 * verifier, each next hop over a `forwardOut` channel of the previous one (ssh2 README,
 * "Connection hopping"; docs/security.md §1.7). Any failure closes what was opened.
 */
export function openChain(settings: ChainSettings, signal: AbortSignal): Promise<OpenChain> {
  const hops: SshHop[] = [];
  const destroyAll = (): void => {
    for (const hop of [...hops].reverse()) hop.client.destroy();
  };
  const targetName = describeEndpoint(settings.target);
  return new Promise<OpenChain>((resolve, reject) => {
    let done = false;
    const finish = (): void => {
      done = true;
      deadline.cancel();
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (err: SshError): void => {
      if (done) return;
      finish();
      destroyAll();
      reject(err);
    };
    const deadline = new PausableDeadline(settings.connectTimeoutMs, () =>
      fail(
        new SshError(
          'timeout',
          phrase(
            'Connecting to {0} took longer than {1} s (not counting prompts). The network may be slow or filtered, or the server is refusing new connections for a while.',
            targetName,
            Math.round(settings.connectTimeoutMs / 1000),
          ),
        ),
      ),
    );
    const onAbort = (): void => fail(cancelledError(phrase('Connecting to {0}', targetName)));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });

    (async () => {
      let sock: Duplex | undefined;
      for (const endpoint of [...settings.jumps, settings.target]) {
        const previous = hops.at(-1);
        if (previous) sock = await forwardTo(previous, endpoint);
        if (done) return;
        const hop = new SshHop(endpoint);
        hops.push(hop);
        await hop.login(settings, deadline, sock);
      }
    })().then(
      () => {
        if (done) return;
        finish();
        resolve(makeChain(hops, destroyAll));
      },
      (err: unknown) => fail(classifySshError(err, targetName)),
    );
  });
}

function makeChain(hops: readonly SshHop[], destroyAll: () => void): OpenChain {
  const target = hops[hops.length - 1];
  return {
    client: target.client,
    onClosed(listener) {
      let told = false;
      for (const hop of hops) {
        hop.onClose(() => {
          if (told) return;
          told = true;
          destroyAll(); // a dead jump host strands the hops behind it
          listener(hop.failure());
        });
      }
    },
    destroy: destroyAll,
  };
}

/** Opens a direct-tcpip channel from `via` to the next hop. */
function forwardTo(via: SshHop, next: SshEndpoint): Promise<Duplex> {
  const nextName = `${next.hostName}:${next.port}`;
  return new Promise<Duplex>((resolve, reject) => {
    via.client.forwardOut('127.0.0.1', 0, next.hostName, next.port, (err, stream) => {
      if (err) return reject(forwardError(err, via.where, nextName));
      stream.on('error', () => undefined); // the hop's client reports the failure; keep the channel from throwing
      resolve(stream);
    });
  });
}

/** RFC 4254 §5.1 SSH_OPEN_ADMINISTRATIVELY_PROHIBITED: sshd's answer under AllowTcpForwarding no or PermitOpen. */
const OPEN_ADMINISTRATIVELY_PROHIBITED = 1;

function forwardError(err: Error, via: string, next: string): SshError {
  const detail = err.message;
  const reason = (err as Error & { reason?: unknown }).reason;
  if (reason === OPEN_ADMINISTRATIVELY_PROHIBITED || /prohibited/i.test(detail)) {
    return new SshError(
      'config',
      phrase(
        'The jump host {0} does not allow TCP forwarding to {1} (AllowTcpForwarding, PermitOpen). Ask its administrator or pick another ProxyJump.',
        via,
        next,
      ),
      { detail },
    );
  }
  if (/refused/i.test(detail))
    return new SshError(
      'refused',
      phrase(
        'The jump host {0} could not connect to {1}: connection refused. Check that sshd runs there and the port is right.',
        via,
        next,
      ),
      { detail },
    );
  return new SshError('unreachable', phrase('The jump host {0} could not reach {1} ({2}).', via, next, detail), {
    detail,
  });
}
