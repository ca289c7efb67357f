/**
 * The burst probe against real sockets on loopback (no root): a healthy server, a busy listener that
 * makes the kernel drop SYNs, a closed port, and cancellation. Asserts classifications, never durations.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { runBurst, type BurstAttempt } from '../../src/core/probes/burst';
import { connectErrorMeaning } from '../../src/core/probes/connectErrors';
import { BUSY_TCP, STUCK_TCP, closedPort, startChild } from './burstServers';

function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}
const close = (server: Server | ReturnType<typeof createHttpServer>): Promise<void> =>
  new Promise((r) => server.close(() => r()));

describe('runBurst on loopback', { timeout: 60_000 }, () => {
  it('a healthy TCP server: every connect fast, no failures, the held connection survives', async () => {
    const server = createServer((s) => {
      s.on('error', () => undefined);
      s.resume();
      s.on('end', () => s.end());
    });
    const port = await listen(server);
    const seen: BurstAttempt[] = [];
    try {
      const r = await runBurst({ host: '127.0.0.1', port, count: 12, concurrency: 4, onAttempt: (a) => seen.push(a) });
      assert.equal(r.mode, 'tcp');
      assert.equal(r.attempts.length, 12);
      assert.deepEqual(
        r.attempts.map((a) => a.index),
        [...Array(12).keys()],
      );
      assert.ok(
        r.attempts.every((a) => a.kind === 'fast' && a.retransmissions === 0),
        JSON.stringify(r.attempts),
      );
      assert.deepEqual(r.summary.histogram, { '0': 12 });
      assert.equal(r.summary.positionSignature, 'none');
      assert.equal(r.keepAlive.failed, 0);
      assert.equal(r.keepAlive.requests, 1);
      assert.equal(r.keepAlive.error, undefined);
      assert.equal(seen.length, 12);
      assert.equal(r.cancelled, undefined);
      // The rate cap (200 starts/s) is a minimum gap between actual starts, not only an average.
      const starts = r.attempts.map((a) => a.startMs).sort((a, b) => a - b);
      for (let i = 1; i < starts.length; i++)
        assert.ok(starts[i] - starts[i - 1] >= 1000 / 200 - 0.5, `starts ${starts.join(', ')}`);
    } finally {
      await close(server);
    }
  });

  it('a healthy HTTP server: one GET per connection, the same number over one keep-alive connection', async () => {
    const sockets = new Set<unknown>();
    const server = createHttpServer((req, res) => {
      res.end(`hello ${req.url}`);
    });
    server.on('connection', (s) => sockets.add(s));
    const port = await listen(server);
    try {
      const r = await runBurst({ host: '127.0.0.1', port, count: 10, concurrency: 4, httpPath: '/test.txt' });
      assert.equal(r.mode, 'http');
      assert.ok(
        r.attempts.every((a) => a.kind === 'fast' && a.httpStatus === 200 && a.error === undefined),
        JSON.stringify(r.attempts),
      );
      assert.equal(r.summary.responseFailed, 0);
      assert.equal(r.keepAlive.requests, 10);
      assert.equal(r.keepAlive.failed, 0);
      assert.equal(r.keepAlive.timesMs.length, 10);
      // 1 control + 10 burst connections, no baseline connects before the burst: the control really was one
      // connection, and nothing spent a rate limiter's allowance before the burst.
      assert.equal(sockets.size, 11);
    } finally {
      server.closeAllConnections();
      await close(server);
    }
  });

  it('an HTTP server that refuses keep-alive: the control reports it, the burst itself is fine', async () => {
    const server = createHttpServer((_req, res) => {
      res.setHeader('Connection', 'close');
      res.end('bye');
    });
    const port = await listen(server);
    try {
      const r = await runBurst({ host: '127.0.0.1', port, count: 5, concurrency: 2, httpPath: '/' });
      assert.ok(r.attempts.every((a) => a.httpStatus === 200));
      assert.equal(r.keepAlive.requests, 5);
      assert.equal(r.keepAlive.timesMs.length, 1);
      assert.equal(r.keepAlive.failed, 4);
      assert.match(r.keepAlive.error ?? '', /ended keep-alive after 1 request/);
    } finally {
      await close(server);
    }
  });

  it('a busy listener with backlog 1: some connects wait exactly one SYN retransmission, the held connection is unaffected', async () => {
    const child = await startChild(BUSY_TCP);
    try {
      const r = await runBurst({ host: '127.0.0.1', port: child.port, count: 16, concurrency: 4 });
      const ks = r.attempts.map((a) => a.retransmissions);
      assert.ok(
        r.attempts.every((a) => a.kind === 'fast' || a.kind === 'retransmit'),
        JSON.stringify(r.attempts),
      );
      assert.ok(ks.includes(1), `expected some k = 1, got ${JSON.stringify(ks)}`);
      assert.ok(r.summary.delayed >= 1);
      assert.equal(r.summary.failed, 0);
      assert.equal(r.keepAlive.failed, 0, r.keepAlive.error);
      assert.equal(r.keepAlive.error, undefined);
    } finally {
      await child.stop();
    }
  });

  it('a closed port: every attempt refused, with its meaning, and the control says so', async () => {
    const port = await closedPort();
    const r = await runBurst({ host: '127.0.0.1', port, count: 4, concurrency: 2 });
    assert.equal(r.summary.failed, 4);
    for (const a of r.attempts) {
      assert.equal(a.kind, 'failed');
      assert.equal(a.connectMs, null);
      assert.deepEqual(a.error, { code: 'ECONNREFUSED', meaning: connectErrorMeaning('ECONNREFUSED') });
    }
    assert.equal(r.summary.positionSignature, 'none');
    assert.equal(r.keepAlive.failed, 1);
    assert.match(r.keepAlive.error ?? '', /nothing is listening/);
  });

  it(
    'cancel mid-burst: pending sockets are dropped and the result is marked cancelled',
    { timeout: 20_000 },
    async () => {
      const child = await startChild(STUCK_TCP);
      const controller = new AbortController();
      try {
        // The listener never accepts, so after its queue fills every connect waits on SYN retransmissions
        // until the 60 s deadline; the abort is what ends the probe.
        const r = await runBurst({
          host: '127.0.0.1',
          port: child.port,
          count: 12,
          concurrency: 4,
          baselineRttMs: 0.1,
          attemptTimeoutMs: 60_000,
          signal: controller.signal,
          onAttempt: () => controller.abort(),
        });
        assert.equal(r.cancelled, true);
        assert.ok(r.attempts.length >= 1 && r.attempts.length < 12, `attempts: ${r.attempts.length}`);
        assert.equal(r.summary.attempts, r.attempts.length);
      } finally {
        await child.stop();
      }
    },
  );

  it('cancelled before the burst starts: rejects with the abort reason', async () => {
    const server = createServer((s) => s.destroy());
    const port = await listen(server);
    try {
      await assert.rejects(runBurst({ host: '127.0.0.1', port, signal: AbortSignal.abort() }), { name: 'AbortError' });
    } finally {
      await close(server);
    }
  });
});
