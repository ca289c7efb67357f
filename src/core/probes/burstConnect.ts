import { connect, type Socket } from 'node:net';
import { DEADLINE_CODE, HTTP_RESPONSE_CODE, connectErrorMeaning, describeConnectError } from './connectErrors';
import { httpGet, parseStatusLine } from './burstHttp';

/** How one timed connect ended. `aborted` means the caller cancelled: nothing was measured. */
export type ConnectOutcome =
  | { kind: 'connected'; connectMs: number; socket: Socket }
  | { kind: 'error'; error: { code: string; meaning: string } }
  | { kind: 'aborted' };

/** Milliseconds elapsed since an `hrtime.bigint()` reading. */
export const msSince = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/**
 * One TCP connect to an IP literal, timed with `process.hrtime.bigint` from the connect() call to the
 * 'connect' event. `autoSelectFamily: false` keeps Node's Happy Eyeballs from abandoning an address
 * after 250 ms, which would hide SYN retransmissions (docs/method.md §3.2 step 1).
 *
 * @param deadlineMs after this many ms the socket is destroyed and the outcome is a `DEADLINE` error
 */
export function timedConnect(
  ip: string,
  port: number,
  deadlineMs: number,
  signal?: AbortSignal,
): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ kind: 'aborted' });
    const t0 = process.hrtime.bigint();
    const socket = connect({ host: ip, port, autoSelectFamily: false });
    const settle = (outcome: ConnectOutcome): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      if (outcome.kind !== 'connected') socket.on('error', () => undefined).destroy();
      resolve(outcome);
    };
    const onConnect = (): void => {
      const connectMs = msSince(t0);
      // A late error (reset while we close) must not become an uncaught exception.
      socket.on('error', () => undefined);
      settle({ kind: 'connected', connectMs, socket });
    };
    const onError = (err: unknown): void => settle({ kind: 'error', error: describeConnectError(err) });
    const onAbort = (): void => settle({ kind: 'aborted' });
    const timer = setTimeout(
      () => settle({ kind: 'error', error: { code: DEADLINE_CODE, meaning: connectErrorMeaning(DEADLINE_CODE) } }),
      deadlineMs,
    );
    socket.once('connect', onConnect);
    socket.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Sends one GET on a connected socket and reads the status line. Resolves with the status code or an
 * error; never rejects. The socket is left for the caller to close.
 */
export function requestStatus(
  socket: Socket,
  host: string,
  path: string,
  deadlineMs: number,
  signal?: AbortSignal,
): Promise<{ status: number } | { error: { code: string; meaning: string } } | { aborted: true }> {
  return new Promise((resolve) => {
    let head = '';
    const settle = (r: { status: number } | { error: { code: string; meaning: string } } | { aborted: true }): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      resolve(r);
    };
    const bad = (why: string): void =>
      settle({ error: { code: HTTP_RESPONSE_CODE, meaning: `${connectErrorMeaning(HTTP_RESPONSE_CODE)} (${why})` } });
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const eol = head.indexOf('\r\n');
      if (eol < 0) {
        if (head.length > 8192) bad('no line end in the first 8 KiB');
        return;
      }
      const status = parseStatusLine(head.slice(0, eol));
      if (status.ok) settle({ status: status.value });
      else bad(status.error.message);
    };
    const onError = (err: unknown): void => settle({ error: describeConnectError(err) });
    const onClose = (): void => bad('closed before a status line');
    const onAbort = (): void => settle({ aborted: true });
    const timer = setTimeout(() => bad(`no status line within ${Math.round(deadlineMs)} ms`), deadlineMs);
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.write(httpGet(host, path, false));
  });
}

/** How long a closing socket may wait for the server's FIN before it is destroyed, ms. */
export const CLOSE_GRACE_MS = 2000;

/**
 * Closes a connection cleanly: discard anything the server sends (an SSH banner, the rest of a response)
 * so the kernel has no unread data to answer with a reset, send our FIN, and wait for the server's. After
 * `graceMs` the socket is destroyed anyway. Resolves when the socket is closed; never rejects.
 */
export function closeGently(socket: Socket, graceMs = CLOSE_GRACE_MS): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    const timer = setTimeout(() => socket.destroy(), graceMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.on('error', () => undefined);
    socket.resume();
    socket.end();
  });
}
