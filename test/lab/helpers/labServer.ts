/**
 * Services for the vps namespace of the lab, started as `node --import tsx labServer.ts <mode> <port>`;
 * prints `ready` once listening.
 * - `http`: an HTTP/1.1 server that keeps connections alive (the seed's web server; Python's http.server
 *   does not keep connections alive reliably).
 * - `stuck`: a listener with backlog 1 that never accepts, which overflows the accept queue (docs/method.md §3.5).
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';

const [mode, portText] = process.argv.slice(2);
const port = Number(portText);
if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`bad port ${portText}`);

if (mode === 'http') {
  const server = createHttpServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '3' });
    res.end('ok\n');
  });
  server.listen(port, () => process.stdout.write('ready\n'));
} else if (mode === 'stuck') {
  // listen() without a host binds synchronously; blocking the only thread afterwards means libuv never
  // calls accept(), and Atomics.wait blocks without using CPU. stdout is a pipe, written synchronously on Linux.
  createServer().listen({ port, backlog: 1 });
  process.stdout.write('ready\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
} else {
  throw new Error(`unknown mode ${mode}`);
}
