import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HostKeyDecision } from '../../src/core/ssh/hostKeyDecision';
import { SshConnection } from '../../src/core/ssh/sshConnection';
import { SshError } from '../../src/core/ssh/sshErrors';
import { SshRunner } from '../../src/core/ssh/sshRunner';
import { FaultProxy } from './helpers/faultProxy';
import { Sshd, sshdSkip } from './helpers/sshd';
import { command, endpointFor, FAST, knownHostsVerifier, recordStates, request } from './helpers/sshFixture';

const where = command('testWhere', 'echo "$SSH_CONNECTION"');

/** Waits until `cond` holds; the bound only keeps a broken build from hanging. */
async function until(cond: () => boolean, boundMs = 10_000): Promise<void> {
  for (let waited = 0; !cond(); waited += 20) {
    if (waited > boundMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('ProxyJump through a second sshd', { skip: sshdSkip() }, () => {
  let jump: Sshd;
  let closedJump: Sshd;
  let target: Sshd;
  let proxy: FaultProxy;
  let kh: string;

  before(async () => {
    jump = await Sshd.start({ extraConfig: ['AllowTcpForwarding yes'] });
    closedJump = await Sshd.start({ extraConfig: ['AllowTcpForwarding no'] });
    target = await Sshd.start();
    proxy = await FaultProxy.start(jump.port); // counts the jump connection's sockets
    kh = join(target.dir, 'known_hosts');
    writeFileSync(kh, jump.knownHostsLine(proxy.port) + closedJump.knownHostsLine() + target.knownHostsLine());
  });
  after(async () => {
    await proxy?.close();
    for (const s of [jump, closedJump, target]) await s?.dispose();
  });

  test('each hop is verified against its own name and port, and dispose closes every hop', async () => {
    const decisions: HostKeyDecision[] = [];
    const conn = new SshConnection({
      target: endpointFor(target),
      jumps: [endpointFor(jump, { port: proxy.port })],
      createHostVerifier: knownHostsVerifier(kh, decisions),
      ...FAST,
    });
    try {
      const r = await new SshRunner(conn).exec(request(where));
      assert.equal(r.exitCode, 0);
      // The target sees the jump host's forwarded connection arrive on its own port.
      assert.match(r.stdout.toString(), new RegExp(`^127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${target.port}\\n$`));
      assert.deepEqual(
        decisions.map((d) => [d.kind, d.target.lookupName]),
        [
          ['match', `[127.0.0.1]:${proxy.port}`],
          ['match', `[127.0.0.1]:${target.port}`],
        ],
      );
      assert.equal(proxy.open, 1);
    } finally {
      conn.dispose();
    }
    await until(() => proxy.open === 0);
    assert.equal(proxy.open, 0);
  });

  test('losing the jump connection takes the target down and both come back', async () => {
    const conn = new SshConnection({
      target: endpointFor(target),
      jumps: [endpointFor(jump, { port: proxy.port })],
      createHostVerifier: knownHostsVerifier(kh),
      ...FAST,
    });
    try {
      const runner = new SshRunner(conn);
      await runner.exec(request(where));
      const states = recordStates(conn);
      proxy.cut();
      await until(() => states.some((s) => s.state === 'connected'));
      assert.equal(states[0].state, 'reconnecting');
      assert.equal((await runner.exec(request(where))).exitCode, 0);
    } finally {
      conn.dispose();
    }
  });

  test('a jump host without TCP forwarding is a configuration error, not retried', async () => {
    const conn = new SshConnection({
      target: endpointFor(target),
      jumps: [endpointFor(closedJump)],
      createHostVerifier: knownHostsVerifier(kh),
      ...FAST,
    });
    const states = recordStates(conn);
    try {
      await assert.rejects(
        conn.connect(),
        (e: unknown) => e instanceof SshError && e.kind === 'config' && /AllowTcpForwarding/.test(e.message),
      );
      assert.deepEqual(
        states.map((s) => s.state),
        ['connecting', 'failed'],
      );
    } finally {
      conn.dispose();
    }
  });
});
