import { english, msg } from '../../shared/l10n/localizer';
import type { Socket } from 'node:net';
import { describeConnectError } from './connectErrors';
import { ENDED_KEEP_ALIVE, HELD_FAILED, KEEP_ALIVE_FAILED, NO_RESPONSE, UNUSABLE_RESPONSE } from './keepAliveErrors';
import { frameResponse, httpGet } from './burstHttp';
import { msSince } from './burstConnect';

/**
 * The keep-alive control of a burst: the same load over ONE connection opened before the burst, so the
 * report can say "new connections fail, an existing one does not" (the seed's `ab -k`).
 * In HTTP mode `requests` GETs are sent one after another on it while the burst runs and `timesMs` holds
 * each request's time (request written to response complete, ms). In TCP mode there is nothing to send:
 * the connection is held through the burst, `requests` is 1 and `timesMs` holds its connect time.
 */
export interface KeepAliveControl {
  requests: number;
  /** Requests that got no complete response; in TCP mode 1 when the held connection did not survive. */
  failed: number;
  timesMs: number[];
  /** Connect time of the control connection, ms. */
  connectMs?: number;
  /** Why the control failed, in words (the first failure). */
  error?: string;
}

/**
 * Sends `count` GETs in sequence over `socket` (already connected), each with a `timeoutMs` deadline,
 * stopping early if the server closes the connection. Resolves with what was measured; never rejects.
 * On abort, the requests not yet sent are left out of `requests`.
 */
export async function keepAliveRequests(o: {
  socket: Socket;
  host: string;
  path: string;
  count: number;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<KeepAliveControl> {
  const timesMs: number[] = [];
  let buffered = Buffer.alloc(0);
  let failure: string | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  const poke = (): void => wake?.();
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    poke();
  };
  const onEnd = (why: string) => (): void => {
    closed = true;
    failure ??= why;
    poke();
  };
  const onClose = onEnd(msg('the server closed the keep-alive connection'));
  const onError = (err: unknown): void => onEnd(english.t(KEEP_ALIVE_FAILED, describeConnectError(err).meaning))();
  o.socket.on('data', onData).on('close', onClose).on('error', onError);
  o.signal?.addEventListener('abort', poke);
  let sent = 0;
  try {
    while (sent < o.count && failure === undefined && !o.signal?.aborted) {
      const t0 = process.hrtime.bigint();
      o.socket.write(httpGet(o.host, o.path, true));
      sent++;
      const deadline = setTimeout(() => {
        failure ??= english.t(NO_RESPONSE, o.timeoutMs);
        poke();
      }, o.timeoutMs);
      for (;;) {
        const frame = frameResponse(buffered);
        if (!frame.ok) {
          failure ??= english.t(UNUSABLE_RESPONSE, frame.error.message);
          break;
        }
        if (frame.value !== null) {
          buffered = buffered.subarray(frame.value.length);
          if (frame.value.interim) continue;
          timesMs.push(msSince(t0));
          if (frame.value.close && sent < o.count) failure ??= english.t(ENDED_KEEP_ALIVE, sent);
          break;
        }
        if (failure !== undefined || closed || o.signal?.aborted) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      clearTimeout(deadline);
    }
  } finally {
    o.socket.off('data', onData).off('close', onClose).off('error', onError);
    o.signal?.removeEventListener('abort', poke);
  }
  const aborted = o.signal?.aborted === true && failure === undefined;
  const requests = aborted ? sent : o.count;
  return { requests, failed: requests - timesMs.length, timesMs, ...(failure === undefined ? {} : { error: failure }) };
}

/**
 * Holds a connected socket through the burst (TCP mode). `check()` afterwards says whether it is still open;
 * a close or error in between is remembered with its reason.
 */
export function holdConnection(socket: Socket): { check(): string | undefined } {
  let lost: string | undefined;
  socket.resume();
  socket.once('end', () => {
    lost ??= msg('the server closed the held connection during the burst');
  });
  socket.once('close', () => {
    lost ??= msg('the held connection closed during the burst');
  });
  socket.on('error', (err: unknown) => {
    lost ??= english.t(HELD_FAILED, describeConnectError(err).meaning);
  });
  return { check: () => lost ?? (socket.destroyed ? msg('the held connection was destroyed') : undefined) };
}
