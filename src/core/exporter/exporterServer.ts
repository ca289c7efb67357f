import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Exporter } from './exporter';

export interface ExporterServer {
  /** `host:port` it listens on. */
  address: string;
  close(): Promise<void>;
}

/** `host:port` (IPv6 in brackets); a clear error otherwise. */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):([0-9]{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535)
    throw new TypeError(`--listen ${JSON.stringify(text)} is not HOST:PORT (e.g. 127.0.0.1:9947)`);
  return { host: m[1] ?? m[2] ?? '', port };
}

/**
 * Serves the exporter over HTTP (node:http). Every request is answered, even one whose handler threw: the
 * answer then says what went wrong (status 500 is left for a bug in the exporter itself).
 */
export function startExporterServer(
  exporter: Exporter,
  listen: { host: string; port: number },
): Promise<ExporterServer> {
  const server: Server = createServer((req, res) => {
    const header = req.headers['x-prometheus-scrape-timeout-seconds'];
    exporter
      .handle({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        ...(typeof header === 'string' ? { scrapeTimeoutSeconds: header } : {}),
        ...(req.headers.accept !== undefined ? { accept: req.headers.accept } : {}),
      })
      .then(
        (r) => {
          res.writeHead(r.status, { 'Content-Type': r.contentType, 'Cache-Control': 'no-store' });
          res.end(req.method === 'HEAD' ? undefined : r.body);
        },
        (err: unknown) => {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end(`exporter bug: ${err instanceof Error ? err.message : String(err)}\n`);
        },
      );
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      const a = server.address() as AddressInfo;
      resolve({
        address: a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
