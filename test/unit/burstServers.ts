/**
 * Loopback servers for the burst tests, each in its own Node process so a busy event loop there cannot
 * delay the probe's timers here. Each resolves with the port and a stop() that kills only that child.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface ChildServer {
  port: number;
  stop(): Promise<void>;
}

/** A listener with `backlog: 1` that accepts for about 50 ms every 500 ms (docs/method.md §3.5, "Without root"). */
export const BUSY_TCP = `
const net = require('node:net');
const srv = net.createServer((s) => { s.on('error', () => {}); s.resume(); s.on('end', () => s.end()); });
srv.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(srv.address().port + '\\n');
  const busy = () => { const until = Date.now() + 450; while (Date.now() < until) {} setTimeout(busy, 50); };
  setTimeout(busy, 50);
});`;

/** A listener with `backlog: 1` whose event loop never runs again: it accepts nothing, ever. */
export const STUCK_TCP = `
const net = require('node:net');
const srv = net.createServer(() => {});
srv.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(srv.address().port + '\\n');
  setTimeout(() => { for (;;) {} }, 10);
});`;

export function startChild(script: string): Promise<ChildServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.once('error', reject);
    child.stdout.once('data', (chunk: Buffer) => {
      const port = Number(chunk.toString().trim());
      resolve({
        port,
        stop: async () => {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

/** A port on which nothing listens: bound once to learn a free number, then closed. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
