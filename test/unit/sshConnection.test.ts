import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { SshConnection, type ConnectionStateChange } from '../../src/core/ssh/sshConnection';
import { SSH2_DEFAULT_HOST_KEY_ALGORITHMS } from '../../src/core/ssh/knownHostsAlgorithms';
import type { HostVerifierFactory } from '../../src/core/ssh/sshEndpoint';
import { SshError } from '../../src/core/ssh/sshErrors';

/** A loopback port with nothing listening: every connect is refused at once. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

const refuseAll: HostVerifierFactory = () => ({
  verifier: (_key, verify) => (verify(false), undefined),
  serverHostKey: [...SSH2_DEFAULT_HOST_KEY_ALGORITHMS],
});

async function refusedConnection(
  extra: { maxAttempts?: number; sleep?: (ms: number, signal: AbortSignal) => Promise<void> } = {},
) {
  const slept: number[] = [];
  const conn = new SshConnection({
    target: {
      hostName: '127.0.0.1',
      port: await closedPort(),
      user: 'nobody',
      identityFiles: [],
      identitiesOnly: true,
      identityAgent: 'none',
    },
    createHostVerifier: refuseAll,
    backoff: { random: () => 0.5, maxAttempts: extra.maxAttempts ?? 4 },
    sleep: extra.sleep ?? (async (ms) => void slept.push(ms)),
  });
  const states: ConnectionStateChange[] = [];
  conn.onDidChangeState((e) => states.push(e));
  return { conn, slept, states };
}

describe('SshConnection reconnect loop (injected sleep, refused loopback port)', () => {
  test('retries a refused connect on the jittered schedule, then fails with the last error', async () => {
    const { conn, slept, states } = await refusedConnection();
    await assert.rejects(conn.connect(), (e: unknown) => e instanceof SshError && e.kind === 'refused');
    assert.deepEqual(slept, [500, 1000, 2000, 4000]);
    assert.deepEqual(
      states.map((s) => s.state),
      ['connecting', 'reconnecting', 'reconnecting', 'reconnecting', 'reconnecting', 'failed'],
    );
    assert.deepEqual(
      states.filter((s) => s.state === 'reconnecting').map((s) => s.retryInMs),
      slept,
    );
    assert.equal(conn.state, 'failed');
    assert.equal(conn.lastError?.kind, 'refused');
  });

  test('after failing, requests get the error without a new attempt until reconnect()', async () => {
    const { conn, slept } = await refusedConnection({ maxAttempts: 1 });
    await assert.rejects(conn.connect());
    await assert.rejects(conn.connect(), (e: unknown) => e instanceof SshError && e.kind === 'refused');
    assert.equal(slept.length, 1);
    await assert.rejects(conn.reconnect());
    assert.equal(slept.length, 2); // a fresh schedule: one more retry
    assert.deepEqual(slept, [500, 500]);
  });

  test('concurrent connects share one attempt', async () => {
    const { conn, states } = await refusedConnection({ maxAttempts: 0 });
    const all = await Promise.allSettled([conn.connect(), conn.connect(), conn.openExec('true')]);
    assert.ok(all.every((r) => r.status === 'rejected'));
    assert.equal(states.filter((s) => s.state === 'connecting').length, 1);
  });

  test('dispose during the backoff wait cancels the loop and pending requests', async () => {
    const { conn, states } = await refusedConnection({
      sleep: (_ms, signal) =>
        new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    const pending = conn.openExec('true');
    while (!states.some((s) => s.state === 'reconnecting')) await new Promise((r) => setImmediate(r));
    conn.dispose();
    await assert.rejects(pending, (e: unknown) => e instanceof SshError && e.kind === 'cancelled');
    assert.equal(conn.state, 'idle');
    assert.equal(states.at(-1)?.state, 'idle');
  });
});
