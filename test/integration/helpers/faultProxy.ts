/**
 * A TCP proxy between the client and sshd that can misbehave on demand (docs/security.md
 * §5.3): cut, blackhole, delay, reset, corrupt and refuse. Loopback only.
 */
import { createServer, Socket, type Server } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Blackholed pairs never forward again: bytes already dropped would desynchronise the stream. */
  black: boolean;
}

export class FaultProxy {
  private readonly pairs = new Set<Pair>();
  private server: Server | undefined;
  private blackhole = false;
  private delayMs = 0;
  private corruptPending = false;
  /** Connections accepted so far (each connect attempt of the client is one). */
  accepted = 0;

  private constructor(
    readonly port: number,
    private readonly targetPort: number,
  ) {}

  /** Listens on a free loopback port and forwards to `127.0.0.1:targetPort`. */
  static async start(targetPort: number): Promise<FaultProxy> {
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise((r) => probe.close(r));
    const proxy = new FaultProxy(port, targetPort);
    await proxy.listen();
    return proxy;
  }

  /** Open client connections. */
  get open(): number {
    return this.pairs.size;
  }

  /** Destroys every connection, as a dead link or a crashed server would (FIN, no RST). */
  cut(): void {
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
  }

  /** Resets every connection (RST to the client). */
  reset(): void {
    for (const p of this.pairs) {
      p.client.resetAndDestroy();
      p.upstream.destroy();
    }
  }

  /** While on, nothing is forwarded either way on current and new connections; sockets stay open. */
  setBlackhole(on: boolean): void {
    this.blackhole = on;
    if (on) for (const p of this.pairs) p.black = true;
  }

  /** Holds every chunk for `ms` before forwarding it (order is kept). */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** Flips one byte in the next chunk sshd sends (arm it after the key exchange). */
  corruptNext(): void {
    this.corruptPending = true;
  }

  /** While on, the port has no listener: connects fail with ECONNREFUSED. Open connections stay. */
  async refuse(on: boolean): Promise<void> {
    if (on && this.server) {
      // close() stops listening at once; its callback would wait for open connections to end.
      this.server.close();
      this.server = undefined;
    } else if (!on && !this.server) {
      await this.listen();
    }
  }

  async close(): Promise<void> {
    this.cut();
    await this.refuse(true);
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  private accept(client: Socket): void {
    this.accepted++;
    const upstream = new Socket();
    const pair: Pair = { client, upstream, black: this.blackhole };
    this.pairs.add(pair);
    const drop = (): void => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => this.forward(pair, upstream, chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (this.corruptPending && !pair.black && chunk.length > 0) {
        this.corruptPending = false;
        chunk = Buffer.from(chunk);
        chunk[chunk.length >> 1] ^= 0xff;
      }
      this.forward(pair, client, chunk);
    });
    upstream.connect(this.targetPort, '127.0.0.1');
  }

  private forward(pair: Pair, to: Socket, chunk: Buffer): void {
    if (pair.black) return;
    const write = (): void => {
      if (!pair.black && !to.destroyed) to.write(chunk);
    };
    // Equal delays fire in order, so the stream stays intact.
    if (this.delayMs > 0) setTimeout(write, this.delayMs);
    else write();
  }
}
