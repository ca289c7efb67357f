import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * The demo service's listening socket lives in a child Node process whose event loop is asleep most of
 * the time (testing.md, "Without root"): with `backlog: 1` the kernel queues two finished handshakes
 * and drops further SYNs while nobody accepts, so the clients retransmit them about 1 s later, as they
 * would behind the seed's SYN filter. Each accepted socket is handed to the parent over the IPC channel
 * (a file descriptor, SCM_RIGHTS), so the parent serves requests at once, keep-alive ones included.
 *
 * The child is plain JavaScript run with `node -e`, so it works the same from a bundle, from tsx and
 * inside the editor (whose binary is Electron: `ELECTRON_RUN_AS_NODE` makes it a plain Node).
 * `Atomics.wait` sleeps without burning a CPU.
 */
const CHILD_SOURCE = `
'use strict';
const net = require('node:net');
const [awakeMs, asleepMs] = process.argv.slice(1).map(Number);
const cell = new Int32Array(new SharedArrayBuffer(4));
const server = net.createServer({ pauseOnConnect: true }, (socket) => {
  socket.on('error', () => {});
  process.send({ type: 'connection' }, socket);
});
server.on('error', (e) => { process.send({ type: 'error', message: String(e && e.message) }); process.exit(1); });
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  process.send({ type: 'listening', port: server.address().port });
  const cycle = () => setTimeout(() => { Atomics.wait(cell, 0, 0, asleepMs); cycle(); }, awakeMs);
  cycle();
});
process.on('disconnect', () => process.exit(0));
`;

export interface PacedListenerOptions {
  /** How long each accept window lasts, ms (default 50). */
  awakeMs?: number;
  /** How long the listener sleeps between windows, ms (default 450). */
  asleepMs?: number;
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
  const child = spawn(process.execPath, ['-e', CHILD_SOURCE, String(opts.awakeMs ?? 50), String(opts.asleepMs ?? 450)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<PacedListener>((resolve, reject) => {
    const fail = (why: string): void => {
      child.kill('SIGKILL');
      reject(new Error(`the demo service could not start: ${why}`));
    };
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void => fail(`its listener exited (${signal ?? code})`);
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
