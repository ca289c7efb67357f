/**
 * The burst bench's target: an HTTP/1.1 keep-alive server on 127.0.0.1 that answers every request with a
 * tiny 200 and logs when each connection was accepted, so the launch spread of our probe and of ab is
 * measured by the same clock on the same side.
 */
import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface AcceptLogServer {
  port: number;
  /** Accept times (ms, performance.now() of this process) since the last call, and clears the log. */
  take(): number[];
  close(): Promise<void>;
}

/** More than any bench run opens; a runaway client cannot grow the log past this. */
const MAX_LOGGED = 5000;

export function startAcceptLogServer(): Promise<AcceptLogServer> {
  let log: number[] = [];
  const server: Server = createServer({ keepAlive: true }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '3' });
    res.end('ok\n');
  });
  server.on('connection', () => {
    if (log.length < MAX_LOGGED) log.push(performance.now());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // A backlog well above the largest concurrency, so the server's queue is never what is measured.
    server.listen({ host: '127.0.0.1', port: 0, backlog: 511 }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no TCP address'));
      resolve({
        port: address.port,
        take: () => {
          const t = log;
          log = [];
          return t;
        },
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
