import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { startPacedListener, type PacedListenerOptions } from './pacedListener';
import type { TrafficEvent } from './scenarioState';

export interface DemoServiceOptions extends Pick<PacedListenerOptions, 'ratePerSecond' | 'burst' | 'refillFully'> {
  /** False: a plain listener in this process, with no simulated filter (a healthy host of the demo fleet). Default true. */
  filter?: boolean;
  /** Told about every connection accepted, request served and connection closed (the scenario's hook). */
  onTraffic?: (event: TrafficEvent) => void;
}

export interface DemoService {
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Process id of the child that owns the listening socket. */
  listenerPid: number;
  /** Stops accepting, closes every connection and ends the child. */
  stop(): Promise<void>;
}

/** A small static page, like the seed's `test.txt`. */
const BODY = 'VPS Doctor demo service: this page is served from 127.0.0.1 behind a simulated SYN filter.\n';

/**
 * The demo's web server on 127.0.0.1: new connections beyond a few at a time wait for a SYN
 * retransmission (see pacedListener.ts), while a keep-alive connection that is already open is
 * answered at once, which is the seed's `ab -c 4` versus `ab -k` picture. The client-side timings are
 * real; the server counters the demo host shows are simulated (scenario.ts).
 */
export async function startDemoService(opts: DemoServiceOptions = {}): Promise<DemoService> {
  const tell = opts.onTraffic ?? (() => undefined);
  const sockets = new Set<Socket>();
  const http = createServer({ keepAliveTimeout: 30_000 }, (req: IncomingMessage, res: ServerResponse) => {
    tell('request');
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(req.method === 'HEAD' ? undefined : BODY);
  });
  const onConnection = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      sockets.delete(socket);
      tell('closed');
    });
    tell('accepted');
    // The HTTP server never listens itself: it serves the sockets the listener accepted.
    http.emit('connection', socket);
  };
  const listener =
    opts.filter === false
      ? await plainListener(onConnection)
      : await startPacedListener({
          ...(opts.ratePerSecond !== undefined ? { ratePerSecond: opts.ratePerSecond } : {}),
          ...(opts.burst !== undefined ? { burst: opts.burst } : {}),
          ...(opts.refillFully !== undefined ? { refillFully: opts.refillFully } : {}),
          onConnection,
        });
  let stopping: Promise<void> | undefined;
  return {
    port: listener.port,
    listenerPid: listener.pid,
    stop: () => {
      stopping ??= (async () => {
        await listener.close();
        for (const s of sockets) s.destroy();
        http.close();
      })();
      return stopping;
    },
  };
}

/** A listener with the kernel's default backlog in this process: every connection is accepted at once. */
function plainListener(
  onConnection: (socket: Socket) => void,
): Promise<{ port: number; pid: number; close(): Promise<void> }> {
  const server = createNetServer(onConnection);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        pid: process.pid,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
