import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { HostKeyDecision } from '../../src/core/ssh/hostKeyDecision';
import { SshConnection } from '../../src/core/ssh/sshConnection';
import { SshError } from '../../src/core/ssh/sshErrors';
import { SshRunner } from '../../src/core/ssh/sshRunner';
import { FaultProxy } from './helpers/faultProxy';
import { Sshd, sshdSkip } from './helpers/sshd';
import {
  command,
  endpointFor,
  FAST,
  knownHostsVerifier,
  recordStates,
  request,
  trustHost,
  waitForState,
} from './helpers/sshFixture';

const hello = command('testHello', 'echo hello');
const hung = command('testHung', 'sleep 600');

describe('SSH connection under network and server faults', { skip: sshdSkip() }, () => {
  let sshd: Sshd;
  let proxy: FaultProxy;
  let kh: string;
  let conn: SshConnection | undefined;
  let prompts = 0;
  let decisions: HostKeyDecision[] = [];

  before(async () => {
    sshd = await Sshd.start();
    proxy = await FaultProxy.start(sshd.port);
    kh = join(sshd.dir, 'known_hosts');
    trustHost(kh, sshd, [proxy.port]);
  });
  afterEach(() => {
    conn?.dispose();
    conn = undefined;
    proxy.setBlackhole(false);
    proxy.setDelay(0);
  });
  after(async () => {
    await proxy?.close();
    await sshd?.dispose();
  });

  /** A connected connection through the proxy, with its runner. */
  const connect = async (): Promise<{ c: SshConnection; runner: SshRunner }> => {
    decisions = [];
    const c = new SshConnection({
      target: endpointFor(sshd, { port: proxy.port }),
      createHostVerifier: knownHostsVerifier(kh, decisions, async () => (prompts++, false)),
      ...FAST,
    });
    conn = c;
    await c.connect();
    return { c, runner: new SshRunner(c) };
  };
  const assertWorks = async (runner: SshRunner): Promise<void> => {
    const r = await runner.exec(request(hello));
    assert.equal(r.stdout.toString(), 'hello\n');
  };
  const reconnectedAfter = (c: SshConnection): Promise<unknown> => waitForState(c, (e) => e.state === 'connected');

  test('cut: a running command fails as incomplete, then the connection comes back with backoff', async () => {
    const { c, runner } = await connect();
    const states = recordStates(c);
    const accepted = proxy.accepted;
    const running = runner.exec(request(hung));
    await new Promise((r) => setTimeout(r, 300));
    const back = reconnectedAfter(c);
    proxy.cut();
    await assert.rejects(
      running,
      (e: unknown) => e instanceof SshError && e.kind === 'closed' && /incomplete/.test(e.message),
    );
    await back;
    const retry = states.find((s) => s.state === 'reconnecting');
    assert.equal(retry?.error?.kind, 'closed');
    assert.ok(retry.retryInMs !== undefined && retry.retryInMs >= 0 && retry.retryInMs < FAST.backoff!.baseMs!);
    assert.equal(proxy.accepted, accepted + 1);
    await assertWorks(runner);
  });

  test('blackhole: keepalive notices the dead link, then the connection recovers', async () => {
    const { c, runner } = await connect();
    const dead = waitForState(c, (e) => e.state === 'reconnecting');
    proxy.setBlackhole(true);
    const e = await dead;
    assert.equal(e.error?.kind, 'timeout');
    assert.match(e.error?.detail ?? '', /Keepalive timeout/);
    const back = reconnectedAfter(c);
    proxy.setBlackhole(false);
    await back;
    await assertWorks(runner);
  });

  test('reset: an RST drops the connection and it reconnects', async () => {
    const { c, runner } = await connect();
    const dropped = waitForState(c, (e) => e.state === 'reconnecting');
    const back = reconnectedAfter(c);
    proxy.reset();
    assert.equal((await dropped).error?.retryable, true);
    await back;
    await assertWorks(runner);
  });

  test('corrupt: a flipped byte kills the connection, which reconnects cleanly', async () => {
    const { c, runner } = await connect();
    const dropped = waitForState(c, (e) => e.state === 'reconnecting');
    const back = reconnectedAfter(c);
    proxy.corruptNext();
    await assert.rejects(runner.exec(request(hello)), SshError);
    const e = await dropped;
    assert.equal(e.error?.kind, 'protocol');
    await back;
    await assertWorks(runner);
  });

  test('refuse: refused reconnects back off within the schedule and recover when the port is back', async () => {
    const { c, runner } = await connect();
    const states = recordStates(c);
    await proxy.refuse(true);
    const refusedTwice = waitForState(c, () => states.filter((s) => s.error?.kind === 'refused').length >= 2);
    proxy.cut();
    await refusedTwice;
    const back = reconnectedAfter(c);
    await proxy.refuse(false);
    await back;
    const waits = states.filter((s) => s.state === 'reconnecting').map((s) => s.retryInMs!);
    const { baseMs, capMs } = FAST.backoff as { baseMs: number; capMs: number };
    waits.forEach((w, n) => assert.ok(w >= 0 && w < Math.min(capMs, baseMs * 2 ** n), `wait ${n} = ${w}`));
    await assertWorks(runner);
  });

  test('delay: logins and commands work over a slow link', async () => {
    proxy.setDelay(100);
    const { runner } = await connect();
    await assertWorks(runner);
  });

  test('server restart with the same host key: reconnects silently', async () => {
    const { c, runner } = await connect();
    const back = reconnectedAfter(c);
    await sshd.restart();
    await back;
    await assertWorks(runner);
    assert.equal(prompts, 0);
    assert.ok(decisions.length >= 2 && decisions.every((d) => d.kind === 'match'));
  });

  test('server restart with a new host key: refused as CHANGED and never retried', async () => {
    const { c, runner } = await connect();
    const states = recordStates(c);
    const failed = waitForState(c, (e) => e.state === 'failed');
    await sshd.restart({ newHostKey: true });
    const e = await failed;
    assert.equal(e.error?.kind, 'hostKeyChanged');
    assert.equal(e.error?.retryable, false);
    assert.match(e.error?.message ?? '', /CHANGED/);
    assert.equal(decisions.filter((d) => d.kind === 'refused').length, 1);
    assert.equal(prompts, 0);
    // Longer than the largest backoff: nothing else may be tried.
    const accepted = proxy.accepted;
    await new Promise((r) => setTimeout(r, 2 * FAST.backoff!.capMs!));
    assert.equal(proxy.accepted, accepted);
    assert.equal(states.at(-1)?.state, 'failed');
    await assert.rejects(
      runner.exec(request(hello)),
      (err: unknown) => err instanceof SshError && err.kind === 'hostKeyChanged',
    );
  });
});
