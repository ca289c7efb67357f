import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * The demo service's listening socket lives in a child Node process that accepts connections like a
 * per-source SYN filter lets them through: a token bucket of `burst` tokens refilled at `ratePerSecond`
 * (the lab's rule, `limit rate over 3/second burst 4`). Each accepted connection takes a token; with none
 * left the child's event loop sleeps until the next token, and with `backlog: 1` the kernel then queues two
 * finished handshakes and drops further SYNs, so the clients retransmit them about 1 s later. The first
 * connections of a burst go through at once and the later ones wait, as behind the seed's provider filter
 * (docs/method.md §3.2 step 5). One artifact a real filter has not: a handshake the kernel finished
 * into the listen queue while the listener slept is served only when it wakes, so right after a burst a
 * connection or two may wait for its first byte. Each accepted socket is handed to the parent over the IPC channel
 * (a file descriptor, SCM_RIGHTS), so the parent serves requests at once, keep-alive ones included.
 *
 * The child is plain JavaScript run with `node -e`, so it works the same from a bundle, from tsx and
 * inside the editor (whose binary is Electron: `ELECTRON_RUN_AS_NODE` makes it a plain Node).
 * `Atomics.wait` sleeps without burning a CPU.
 */
const CHILD_SOURCE = `
'use strict';
const net = require('node:net');
const [rate, burst, refillFully] = process.argv.slice(1).map(Number);
const cell = new Int32Array(new SharedArrayBuffer(4));
let tokens = burst;
let last = performance.now();
const refill = () => {
  const now = performance.now();
  tokens = Math.min(burst, tokens + ((now - last) / 1000) * rate);
  last = now;
};
let sleeping = false;
const server = net.createServer({ pauseOnConnect: true }, (socket) => {
  socket.on('error', () => {});
  process.send({ type: 'connection' }, socket);
  refill();
  // At most one token of debt: a connection the kernel already finished waits one refill at most, so every
  // connection that got through is served promptly (as behind a real filter), never after a growing backlog.
  tokens = Math.max(tokens - 1, -1);
  // Out of tokens: nobody accepts until the next one, so the kernel's tiny queue fills and SYNs are dropped.
  // The sleep waits for the next turn of the loop, so the sockets already accepted reach the parent first
  // (the demo's counters follow the accepts), and one sleep covers every accept of this turn.
  if (tokens < 0 && !sleeping) {
    sleeping = true;
    setImmediate(() => {
      refill();
      // refillFully: block until the whole burst is back, like an appliance that blocks a source for a while.
      if (tokens < 0) Atomics.wait(cell, 0, 0, ((refillFully ? burst - tokens : -tokens) / rate) * 1000);
      refill();
      sleeping = false;
    });
  }
});
server.on('error', (e) => { process.send({ type: 'error', message: String(e && e.message) }); process.exit(1); });
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  process.send({ type: 'listening', port: server.address().port });
});
process.on('disconnect', () => process.exit(0));
`;

export interface PacedListenerOptions {
  /** Connections accepted per second once the burst is spent (default 3). */
  ratePerSecond?: number;
  /** Connections accepted at once before the rate applies (default 4). */
  burst?: number;
  /**
   * Once out of tokens, accept nothing until the whole burst has refilled (default false: until the next
   * token). Drops then do not depend on how fast the client sends, which keeps a busy machine's bursts honest.
   */
  refillFully?: boolean;
  /** Called with each accepted socket, already handed over to this process. */
  onConnection: (socket: Socket) => void;
}

export interface PacedListener {
  port: number;
  /** The child's process id, so a caller can check it is gone after `close()`. */
  pid: number;
  /** Ends the child (by its pid) and waits for it to exit. */
  close(): Promise<void>;
}

/** Starts the child and resolves once it listens on 127.0.0.1. */
export function startPacedListener(opts: PacedListenerOptions): Promise<PacedListener> {
  const child = spawn(
    process.execPath,
    ['-e', CHILD_SOURCE, String(opts.ratePerSecond ?? 3), String(opts.burst ?? 4), opts.refillFully ? '1' : '0'],
    {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<PacedListener>((resolve, reject) => {
    const fail = (why: string): void => {
      child.kill('SIGKILL');
      reject(new Error(`the demo service could not start: ${why}`));
    };
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`its listener exited (${signal ?? code})`);
    child.once('error', (e) => fail(e.message));
    child.once('exit', onEarlyExit);
    child.on('message', (msg: unknown, handle: unknown) => {
      const m = msg as { type?: string; port?: number; message?: string };
      if (m.type === 'connection' && isSocket(handle)) opts.onConnection(handle);
      else if (m.type === 'error') fail(m.message ?? 'listen failed');
      else if (m.type === 'listening' && typeof m.port === 'number' && child.pid !== undefined) {
        child.off('exit', onEarlyExit);
        resolve({ port: m.port, pid: child.pid, close: () => stopChild(child, exited) });
      }
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
}

function isSocket(handle: unknown): handle is Socket {
  return typeof handle === 'object' && handle !== null && typeof (handle as Socket).write === 'function';
}
