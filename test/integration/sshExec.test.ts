import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SAMPLE } from '../../src/core/remote/catalog';
import { parseSample } from '../../src/core/remote/parseSample';
import { SshConnection } from '../../src/core/ssh/sshConnection';
import { SshError } from '../../src/core/ssh/sshErrors';
import { SshRunner } from '../../src/core/ssh/sshRunner';
import { Sshd, sshdSkip } from './helpers/sshd';
import { command, endpointFor, FAST, knownHostsVerifier, request, trustHost } from './helpers/sshFixture';

const NONCE = '0123456789abcdef';
const hello = command('testHello', 'echo hello "$1"');
const hung = command('testHung', 'sleep 600');
const flood = command('testFlood', 'yes');
const stderrFlood = command('testStderrFlood', 'echo out; yes err >&2');
const garbage = command('testGarbage', 'head -c 65536 /dev/urandom');
const failing = command('testFailing', 'echo bad >&2; exit 3');
const sudoRead = command('testSudo', 'sudo -n cat /proc/self/status');
const slowEcho = command('testSlowEcho', 'sleep 0.2; echo "$1"');
const longSleep = command('testLongSleep', 'sleep 2');

describe('SSH exec over one shared connection', { skip: sshdSkip() }, () => {
  let sshd: Sshd;
  let conn: SshConnection;
  let runner: SshRunner;

  before(async () => {
    sshd = await Sshd.start(); // MaxSessions 10: an 11th concurrent channel would be refused

    const kh = join(sshd.dir, 'known_hosts');
    trustHost(kh, sshd);
    conn = new SshConnection({
      target: endpointFor(sshd),
      createHostVerifier: knownHostsVerifier(kh),
      ...FAST,
      maxChannels: 3,
    });
    runner = new SshRunner(conn, { abandonGraceMs: 1000 });
  });
  after(async () => {
    conn?.dispose();
    await sshd?.dispose();
  });

  const assertHealthy = async (): Promise<void> => {
    const r = await runner.exec(request(hello, { args: ['again'] }));
    assert.equal(r.stdout.toString(), 'hello again\n');
    assert.equal(r.exitCode, 0);
  };

  test('passes arguments and returns stdout, stderr and the exit code', async () => {
    const ok = await runner.exec(request(hello, { args: ['world'] }));
    assert.deepEqual(
      [ok.stdout.toString(), ok.exitCode, ok.exitSignal, ok.truncated, ok.timedOut],
      ['hello world\n', 0, null, false, false],
    );
    const bad = await runner.exec(request(failing));
    assert.deepEqual([bad.stderr.toString(), bad.exitCode], ['bad\n', 3]);
  });

  test('sudo -n without passwordless sudo fails clearly instead of prompting', async () => {
    const r = await runner.exec(request(sudoRead, { timeoutMs: 5000 }));
    assert.equal(r.timedOut, false);
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr.toString(), /sudo: a password is required/);
  });

  test('a hung command is killed by the remote watchdog and reported as timed out', async () => {
    const r = await runner.exec(request(hung, { timeoutMs: 2500 }));
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, 137);
    await assertHealthy();
  });

  test('without the remote watchdog the local deadline settles, kills the channel, and the connection still works', async () => {
    const local = new SshRunner(conn, { remoteWatchdog: false, abandonGraceMs: 1000 });
    const r = await local.exec(request(hung, { timeoutMs: 800 }));
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    await assertHealthy();
  });

  test('a flood of output is cut at the cap and the next command works', async () => {
    const r = await runner.exec(request(flood, { maxOutputBytes: 64 * 1024 }));
    assert.equal(r.truncated, true);
    assert.equal(r.stdout.length, 64 * 1024);
    assert.match(r.stdout.subarray(0, 4).toString(), /^y\ny\n$/);
    await assertHealthy();
  });

  test('stderr is drained and capped on its own', async () => {
    const r = await runner.exec(request(stderrFlood, { maxOutputBytes: 4096 }));
    assert.equal(r.truncated, true);
    assert.equal(r.stdout.toString(), 'out\n');
    assert.equal(r.stderr.length, 4096);
    await assertHealthy();
  });

  test('binary garbage arrives byte for byte, the sample parser rejects it clearly, and the next command works', async () => {
    const r = await runner.exec(request(garbage));
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout.length, 65536);
    const parsed = parseSample(r.stdout, NONCE);
    assert.ok(!parsed.ok && parsed.error.reason === 'unexpectedEnvironment');
    await assertHealthy();
  });

  test("the product's own sample command runs over SSH and parses", async () => {
    const r = await runner.exec(request(SAMPLE, { args: [NONCE, 'sudo'] }));
    assert.equal(r.exitCode, 0, r.stderr.toString());
    const parsed = parseSample(r.stdout, NONCE);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
  });

  test('an abort kills the command and rejects with the signal reason', async () => {
    const ac = new AbortController();
    const running = runner.exec(request(hung, { signal: ac.signal }));
    setTimeout(() => ac.abort(new Error('user cancelled')), 300);
    await assert.rejects(running, /user cancelled/);
    await assertHealthy();
  });

  test('11 parallel commands queue for 3 channels without a channel-open failure', async () => {
    const tokens = Array.from({ length: 11 }, (_, i) => `t${i}`);
    const results = await Promise.all(tokens.map((t) => runner.exec(request(slowEcho, { args: [t] }))));
    assert.deepEqual(
      results.map((r) => r.stdout.toString().trim()),
      tokens,
    );
    assert.ok(results.every((r) => r.exitCode === 0));
  });

  test('control: without the queue, 11 long commands exceed MaxSessions and sshd refuses a channel', async () => {
    const kh = join(sshd.dir, 'known_hosts');
    const unqueued = new SshConnection({
      target: endpointFor(sshd),
      createHostVerifier: knownHostsVerifier(kh),
      ...FAST,
      maxChannels: 11,
    });
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 11 }, () => new SshRunner(unqueued).exec(request(longSleep))),
      );
      const refused = outcomes.filter((o) => o.status === 'rejected');
      assert.ok(refused.length >= 1);
      assert.ok(refused.every((o) => o.reason instanceof SshError && o.reason.detail.includes('Channel open failure')));
    } finally {
      unqueued.dispose();
    }
  });
});

describe('SSH exec when MaxSessions equals the channel limit', { skip: sshdSkip() }, () => {
  let sshd: Sshd;
  let conn: SshConnection;

  before(async () => {
    sshd = await Sshd.start({ extraConfig: ['MaxSessions 3'] });
    const kh = join(sshd.dir, 'known_hosts');
    trustHost(kh, sshd);
    conn = new SshConnection({
      target: endpointFor(sshd),
      createHostVerifier: knownHostsVerifier(kh),
      ...FAST,
      maxChannels: 3,
    });
  });
  after(async () => {
    conn?.dispose();
    await sshd?.dispose();
  });

  test('a channel opened just after another closed is retried until sshd has freed the slot', async () => {
    const runner = new SshRunner(conn);
    const tokens = Array.from({ length: 11 }, (_, i) => `s${i}`);
    const results = await Promise.all(tokens.map((t) => runner.exec(request(slowEcho, { args: [t] }))));
    assert.deepEqual(
      results.map((r) => r.stdout.toString().trim()),
      tokens,
    );
  });
});
