import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { main } from '../../src/cli/main';
import type { Output } from '../../src/cli/io';
import { burstStrip } from '../../src/core/report/burstText';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Output = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), isTty: false };
  return { code: await main(args, io), out, err };
}

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer(() => undefined);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

test('burst --json against a healthy loopback listener: every attempt fast, control held', async () => {
  const { server, port } = await listen();
  try {
    const r = await run(['burst', `127.0.0.1:${port}`, '--count', '8', '--concurrency', '2', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.attempts.length, 8);
    assert.equal(j.summary.delayed, 0);
    assert.equal(j.summary.failed, 0);
    assert.equal(j.keepAlive.failed, 0);
    const human = await run(['burst', `127.0.0.1:${port}`, '--count', '4']);
    assert.match(human.out, /attempts {2}\.\.\.\./);
    assert.match(human.out, /none failed/);
  } finally {
    server.close();
  }
});

test('burst: bad targets and oversized bursts are refused with exit 2', async () => {
  for (const args of [
    ['burst'],
    ['burst', 'nohostport'],
    ['burst', '127.0.0.1:0'],
    ['burst', '127.0.0.1:80', '--count', '0'],
    ['burst', '127.0.0.1:80', '--count', '5000'],
    ['burst', '127.0.0.1:80', '--http', 'no-slash'],
  ]) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.ok(r.err.trim().length > 0);
  }
  const big = await run(['burst', '127.0.0.1:80', '--count', '500']);
  assert.equal(big.code, 2);
  assert.match(big.err, /--yes/);
});

test('the burst strip shows one mark per attempt in order', () => {
  const a = (index: number, kind: 'fast' | 'retransmit' | 'latency' | 'failed', k: number | null) => ({
    index,
    startMs: 0,
    connectMs: 1,
    retransmissions: k,
    kind,
  });
  assert.equal(
    burstStrip([a(2, 'failed', null), a(0, 'fast', 0), a(1, 'retransmit', 2), a(3, 'latency', null)]),
    '.2xL',
  );
});

test('ping: option errors exit 2', async () => {
  assert.equal((await run(['ping'])).code, 2);
  assert.equal((await run(['ping', '127.0.0.1', '--count', 'x'])).code, 2);
  assert.equal((await run(['ping', '127.0.0.1', '--interval', '0'])).code, 2);
  const flag = await run(['ping', '-f']);
  assert.equal(flag.code, 2);
});
