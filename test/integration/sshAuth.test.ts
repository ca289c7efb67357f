import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HostKeyDecision } from '../../src/core/ssh/hostKeyDecision';
import type { HostKeyPromptInfo } from '../../src/core/ssh/hostKeyPolicy';
import { sha256Fingerprint } from '../../src/core/ssh/fingerprint';
import { SshConnection } from '../../src/core/ssh/sshConnection';
import { SshError } from '../../src/core/ssh/sshErrors';
import { SshRunner } from '../../src/core/ssh/sshRunner';
import { SshAgent } from './helpers/sshAgent';
import { generateKey, run, Sshd, sshdSkip } from './helpers/sshd';
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

const whoami = command('testWhoami', 'id -un');

describe('SSH login against a real sshd', { skip: sshdSkip() }, () => {
  let sshd: Sshd;
  let kh: string;
  const open: SshConnection[] = [];
  const track = (c: SshConnection): SshConnection => (open.push(c), c);

  before(async () => {
    sshd = await Sshd.start();
    kh = join(sshd.dir, 'known_hosts');
  });
  after(async () => {
    for (const c of open) c.dispose();
    await sshd?.dispose();
  });

  test('logs in with an IdentityFile key and runs a command as the login user', async () => {
    trustHost(kh, sshd);
    const conn = track(
      new SshConnection({ target: endpointFor(sshd), createHostVerifier: knownHostsVerifier(kh), ...FAST }),
    );
    const r = await new SshRunner(conn).exec(request(whoami));
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout.toString().trim(), sshd.user);
    assert.equal(conn.state, 'connected');
  });

  test('logs in with a key held by ssh-agent (IdentityAgent)', async () => {
    trustHost(kh, sshd);
    const agent = await SshAgent.start(sshd.dir);
    try {
      agent.add(sshd.clientKeyPath);
      const target = endpointFor(sshd, { identityFiles: [], identitiesOnly: false, identityAgent: agent.socketPath });
      const conn = track(new SshConnection({ target, createHostVerifier: knownHostsVerifier(kh), ...FAST }));
      const r = await new SshRunner(conn).exec(request(whoami));
      assert.equal(r.stdout.toString().trim(), sshd.user);
    } finally {
      await agent.stop();
    }
  });

  test('IdentitiesOnly: an encrypted IdentityFile whose key the agent holds is used through the agent, unasked', async () => {
    trustHost(kh, sshd);
    const keyPath = join(sshd.dir, 'agent_enc_ed25519');
    generateKey(keyPath, 'agent secret');
    sshd.authorize(`${keyPath}.pub`);
    const plainCopy = join(sshd.dir, 'agent_plain_copy');
    copyFileSync(keyPath, plainCopy);
    run('ssh-keygen', ['-q', '-p', '-P', 'agent secret', '-N', '', '-f', plainCopy]);
    const agent = await SshAgent.start(sshd.dir);
    try {
      agent.add(plainCopy);
      const target = endpointFor(sshd, {
        identityFiles: [keyPath],
        identitiesOnly: true,
        identityAgent: agent.socketPath,
      });
      const conn = track(
        new SshConnection({
          target,
          createHostVerifier: knownHostsVerifier(kh),
          prompts: { promptPassphrase: async () => assert.fail('asked for a passphrase') },
          ...FAST,
        }),
      );
      assert.equal((await new SshRunner(conn).exec(request(whoami))).exitCode, 0);
    } finally {
      await agent.stop();
    }
  });

  test('asks for the passphrase of an encrypted key again after a wrong one, and not at all on reconnect', async () => {
    trustHost(kh, sshd);
    const keyPath = join(sshd.dir, 'enc_ed25519');
    generateKey(keyPath, 'correct horse');
    sshd.authorize(`${keyPath}.pub`);
    const asked: { path: string; wrongBefore: boolean }[] = [];
    const answers = ['wrong passphrase', 'correct horse'];
    const conn = track(
      new SshConnection({
        target: endpointFor(sshd, { identityFiles: [keyPath] }),
        createHostVerifier: knownHostsVerifier(kh),
        prompts: {
          promptPassphrase: async (path, wrongBefore) => {
            asked.push({ path, wrongBefore });
            return answers.shift();
          },
        },
        ...FAST,
      }),
    );
    const runner = new SshRunner(conn);
    assert.equal((await runner.exec(request(whoami))).exitCode, 0);
    assert.deepEqual(asked, [
      { path: keyPath, wrongBefore: false },
      { path: keyPath, wrongBefore: true },
    ]);
    const reconnected = waitForState(conn, (e) => e.state === 'connected');
    await sshd.restart(); // drops the session; the reconnect must reuse the decrypted key
    await reconnected;
    assert.equal((await runner.exec(request(whoami))).exitCode, 0);
    assert.equal(asked.length, 2);
  });

  test('an unknown host shows its SHA256 fingerprint; declining refuses the host and is never retried', async () => {
    trustHost(kh, sshd, []); // empty known_hosts
    const shown: HostKeyPromptInfo[] = [];
    const decisions: HostKeyDecision[] = [];
    const conn = track(
      new SshConnection({
        target: endpointFor(sshd),
        createHostVerifier: knownHostsVerifier(kh, decisions, async (info) => (shown.push(info), false)),
        ...FAST,
      }),
    );
    const states = recordStates(conn);
    await assert.rejects(
      conn.connect(),
      (e: unknown) => e instanceof SshError && e.kind === 'hostKeyDeclined' && !e.retryable,
    );
    assert.equal(shown.length, 1);
    assert.equal(shown[0].fingerprint, sha256Fingerprint(sshd.hostKeyBlob()));
    assert.match(shown[0].fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
    assert.deepEqual(
      states.map((s) => s.state),
      ['connecting', 'failed'],
    );
    assert.equal(conn.state, 'failed');
    // A later request gets the same refusal without a new prompt or connection.
    await assert.rejects(
      new SshRunner(conn).exec(request(whoami)),
      (e: unknown) => e instanceof SshError && e.kind === 'hostKeyDeclined',
    );
    assert.equal(shown.length, 1);
  });

  test('a revoked host key (@revoked in known_hosts) is refused without a prompt and never retried', async () => {
    writeFileSync(kh, `@revoked ${sshd.knownHostsLine()}`);
    const shown: HostKeyPromptInfo[] = [];
    const decisions: HostKeyDecision[] = [];
    const conn = track(
      new SshConnection({
        target: endpointFor(sshd),
        createHostVerifier: knownHostsVerifier(kh, decisions, async (info) => (shown.push(info), true)),
        ...FAST,
      }),
    );
    const states = recordStates(conn);
    await assert.rejects(
      conn.connect(),
      (e: unknown) => e instanceof SshError && e.kind === 'hostKeyRevoked' && !e.retryable,
    );
    assert.equal(shown.length, 0, 'a revoked key is never offered for trust');
    assert.equal(decisions.at(-1)?.kind, 'refused');
    assert.deepEqual(
      states.map((s) => s.state),
      ['connecting', 'failed'],
    );
    await assert.rejects(
      new SshRunner(conn).exec(request(whoami)),
      (e: unknown) => e instanceof SshError && e.kind === 'hostKeyRevoked',
    );
  });

  test('an unknown host the user trusts is connected', async () => {
    trustHost(kh, sshd, []);
    const conn = track(
      new SshConnection({
        target: endpointFor(sshd),
        createHostVerifier: knownHostsVerifier(kh, [], async () => true),
        ...FAST,
      }),
    );
    await conn.connect();
    assert.equal(conn.state, 'connected');
  });

  test('the connect timer stops while the host-key prompt is open', async () => {
    trustHost(kh, sshd, []);
    const slowYes = (): Promise<boolean> => new Promise((r) => setTimeout(() => r(true), 1500));
    const conn = track(
      new SshConnection({
        target: endpointFor(sshd),
        createHostVerifier: knownHostsVerifier(kh, [], slowYes),
        ...FAST,
        connectTimeoutMs: 1000,
      }),
    );
    const states = recordStates(conn);
    await conn.connect();
    assert.deepEqual(
      states.map((s) => s.state),
      ['connecting', 'connected'],
    );
  });

  test('a key the server does not accept is an auth error, not retried', async () => {
    trustHost(kh, sshd);
    const stranger = join(sshd.dir, 'stranger_ed25519');
    generateKey(stranger);
    const conn = track(
      new SshConnection({
        target: endpointFor(sshd, { identityFiles: [stranger] }),
        createHostVerifier: knownHostsVerifier(kh),
        ...FAST,
      }),
    );
    const states = recordStates(conn);
    await assert.rejects(conn.connect(), (e: unknown) => e instanceof SshError && e.kind === 'auth' && !e.retryable);
    assert.deepEqual(
      states.map((s) => s.state),
      ['connecting', 'failed'],
    );
  });

  test('a dismissed passphrase prompt cancels the login', async () => {
    trustHost(kh, sshd);
    const keyPath = join(sshd.dir, 'enc2_ed25519');
    generateKey(keyPath, 'another secret');
    const conn = track(
      new SshConnection({
        target: endpointFor(sshd, { identityFiles: [keyPath] }),
        createHostVerifier: knownHostsVerifier(kh),
        prompts: { promptPassphrase: async () => undefined },
        ...FAST,
      }),
    );
    await assert.rejects(
      conn.connect(),
      (e: unknown) => e instanceof SshError && e.kind === 'cancelled' && !e.retryable,
    );
  });
});
