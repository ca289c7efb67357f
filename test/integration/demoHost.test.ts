/**
 * The built-in demo host end to end: reached like any other host (ssh_config via resolveHost, host key
 * checked by createHostVerifier against the demo's known_hosts, no bypass), the real `sample` command
 * parsed by takeSample, refusals, the paced demo service, the metrics CLI, and a clean stop().
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, utils, type ClientChannel } from 'ssh2';
import { metricsCommand } from '../../src/cli/commands/metrics';
import { counterDeltas } from '../../src/core/diagnosis/counterDeltas';
import { runBurst } from '../../src/core/probes/burst';
import { DEADLINE_CODE, HTTP_RESPONSE_CODE } from '../../src/core/probes/connectErrors';
import { HOST_FACTS } from '../../src/core/remote/catalog';
import { renderCommandLine } from '../../src/core/remote/runner';
import { readHostFacts, takeSample } from '../../src/core/remote/sampler';
import type { HostSnapshot } from '../../src/core/remote/snapshot';
import { createHostVerifier } from '../../src/core/ssh/hostKeyPolicy';
import type { HostKeyDecision } from '../../src/core/ssh/hostKeyDecision';
import { parseKnownHosts } from '../../src/core/ssh/knownHosts';
import { policyVerifierFactory } from '../../src/core/ssh/policyVerifier';
import { resolveHost } from '../../src/core/ssh/sshConfig';
import { SshConnection } from '../../src/core/ssh/sshConnection';
import { SshRunner } from '../../src/core/ssh/sshRunner';
import { startDemoHost, type DemoHost } from '../../src/demo/demoHost';

const LIMITS = { timeoutMs: 15_000, maxOutputBytes: 1 << 22 };

/** A plain ssh2 Client whose host key is judged by the product's own policy over the demo's known_hosts. */
function plainClient(
  host: DemoHost,
  knownHostsFile: string,
  decisions: HostKeyDecision[],
  privateKey?: Buffer,
): Promise<Client> {
  const entries = parseKnownHosts(readFileSync(knownHostsFile, 'utf8'), knownHostsFile).entries;
  const hostVerifier = createHostVerifier({
    host: '127.0.0.1',
    port: host.sshPort,
    checking: 'yes',
    entries,
    storePath: join(host.scenarioRoot, '..', 'unused-store'),
    onDecision: (d) => decisions.push(d),
  });
  const client = new Client();
  return new Promise((resolve, reject) => {
    client.once('ready', () => resolve(client)).once('error', reject);
    client.connect({
      host: '127.0.0.1',
      port: host.sshPort,
      username: 'demo',
      privateKey: privateKey ?? readFileSync(host.identityFile),
      hostVerifier,
      readyTimeout: 10_000,
    });
  });
}

function execOn(
  client: Client,
  command: string,
  opts: { pty?: boolean; env?: Record<string, string> } = {},
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | undefined, ch: ClientChannel) => {
      if (err) return reject(err);
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      ch.on('data', (d: Buffer) => (stdout += d.toString()));
      ch.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      ch.on('exit', (c: number | null) => (code = c));
      ch.on('close', () => resolve({ stdout, stderr, code }));
    };
    if (opts.pty) client.exec(command, { pty: true }, done);
    else if (opts.env) client.exec(command, { env: opts.env }, done);
    else client.exec(command, done);
  });
}

function refusedConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

const tcpsndbuf = (s: HostSnapshot) => {
  assert.equal(s.beancounters.state, 'ok');
  if (s.beancounters.state !== 'ok') throw new Error('unreachable');
  const row = s.beancounters.table.containers[0]!.resources.find((r) => r.name === 'tcpsndbuf');
  assert.ok(row);
  return row;
};

describe('demo host', { timeout: 180_000 }, () => {
  let dir: string;
  let host: DemoHost;
  let conn: SshConnection;
  let runner: SshRunner;
  const refused: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpsd-demo-'));
    // Backup always running, quick ticks: every pair of samples sees failcnt grow.
    host = await startDemoHost({
      stateDir: join(dir, 'state'),
      tickMs: 200,
      backup: { periodSeconds: 3600, runSeconds: 3600 },
      onRefused: (line) => refused.push(line),
    });
    const resolved = await resolveHost(host.hostAlias, { configFile: host.sshConfigFile, env: process.env });
    assert.ok(resolved.ok, JSON.stringify(resolved));
    if (!resolved.ok) return;
    const r = resolved.value;
    assert.deepEqual(
      [r.hostName, r.port, r.user, r.identityFiles, r.userKnownHostsFiles, r.strictHostKeyChecking],
      ['127.0.0.1', host.sshPort, 'demo', [host.identityFile], [host.knownHostsFile], 'yes'],
    );
    conn = new SshConnection({
      target: {
        hostName: r.hostName,
        port: r.port,
        user: r.user,
        identityFiles: r.identityFiles,
        identitiesOnly: r.identitiesOnly,
        identityAgent: r.identityAgent ?? 'none',
      },
      createHostVerifier: policyVerifierFactory(() => ({
        checking: r.strictHostKeyChecking === 'yes' ? 'yes' : 'ask',
        entries: r.userKnownHostsFiles.flatMap((f) => parseKnownHosts(readFileSync(f, 'utf8'), f).entries),
        storePath: join(dir, 'store'),
      })),
      connectTimeoutMs: 10_000,
      backoff: { maxAttempts: 0 },
    });
    runner = new SshRunner(conn);
  });

  after(async () => {
    conn?.dispose();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its state private: directory 0700, keys, known_hosts and ssh_config 0600', () => {
    assert.equal(statSync(join(dir, 'state')).mode & 0o777, 0o700);
    for (const f of [host.identityFile, host.knownHostsFile, host.sshConfigFile, join(dir, 'state', 'host_ed25519')]) {
      assert.equal(statSync(f).mode & 0o777, 0o600, f);
    }
    assert.match(
      readFileSync(host.knownHostsFile, 'utf8'),
      new RegExp(`^\\[127\\.0\\.0\\.1\\]:${host.sshPort} ssh-ed25519 [A-Za-z0-9+/=]+\\n$`),
    );
  });

  it('serves the simulated OpenVZ container through the real sample command: the seed row, then failcnt growth', async () => {
    const facts = await readHostFacts(runner, LIMITS);
    assert.ok(facts.ok, JSON.stringify(facts));
    if (!facts.ok) return;
    assert.deepEqual(
      [facts.value.osRelease, facts.value.envId, facts.value.exists['proc/vz'], facts.value.exists['proc/bc']],
      ['2.6.32-042stab141.3', '12345', true, false],
    );
    const first = await takeSample(runner, { ...LIMITS, useSudo: false, facts: facts.value });
    assert.ok(first.ok, JSON.stringify(first));
    if (!first.ok) return;
    assert.equal(first.value.virtualization?.kind, 'openvz-container');
    assert.deepEqual(first.value.errors, []);
    const row1 = tcpsndbuf(first.value);
    assert.deepEqual([row1.barrier, row1.limit, row1.unit], [1720320, 2703360, 'bytes']);
    assert.ok(row1.failcnt >= 1779659);
    // Wait for the scenario's next ticks (it rewrites every 200 ms); the assertion is about growth, not time.
    await new Promise((r) => setTimeout(r, 600));
    const second = await takeSample(runner, { ...LIMITS, useSudo: false });
    assert.ok(second.ok);
    if (!second.ok) return;
    assert.ok(tcpsndbuf(second.value).failcnt > row1.failcnt, `${row1.failcnt} -> ${tcpsndbuf(second.value).failcnt}`);
  });

  it('checks the host key like any host: a different recorded key is refused as changed', async () => {
    const decisions: HostKeyDecision[] = [];
    const client = await plainClient(host, host.knownHostsFile, decisions);
    client.end();
    assert.equal(decisions[0]?.kind, 'match');
    const other = join(dir, 'other_known_hosts');
    writeFileSync(
      other,
      `[127.0.0.1]:${host.sshPort} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`,
    );
    const refusedDecisions: HostKeyDecision[] = [];
    await assert.rejects(plainClient(host, other, refusedDecisions));
    assert.equal(refusedDecisions[0]?.kind, 'refused');
    assert.equal(refusedDecisions[0]?.kind === 'refused' ? refusedDecisions[0].reason : '', 'changed');
  });

  it('accepts only its client key', async () => {
    const stranger = Buffer.from(utils.generateKeyPairSync('ed25519').private);
    await assert.rejects(plainClient(host, host.knownHostsFile, [], stranger), /authentication/i);
  });

  it('refuses every command that is not a catalog rendering (stderr, exit 126), and shell, pty and env requests', async () => {
    const client = await plainClient(host, host.knownHostsFile, []);
    try {
      const r = await execOn(client, 'cat /etc/passwd');
      assert.deepEqual([r.stdout, r.code], ['', 126]);
      assert.match(r.stderr, /vps-doctor demo host: refused: it is not one of the catalog commands/);
      assert.ok(refused.includes('cat /etc/passwd'));
      await assert.rejects(execOn(client, 'true', { pty: true }));
      // env requests carry no reply in ssh2; the refusal shows in the result: the scenario is still served.
      const facts = await execOn(client, renderCommandLine(HOST_FACTS, ['0a1b2c3d'], 0), { env: { VPSD_ROOT: '/' } });
      assert.equal(facts.code, 0);
      assert.match(facts.stdout, /osrelease:2\.6\.32-042stab141\.3$/m);
      await assert.rejects(
        new Promise((resolve, reject) => client.shell((err, ch) => (err ? reject(err) : resolve(ch)))),
      );
    } finally {
      client.end();
    }
  });

  it('the filtered service: new connections wait for SYN retransmissions, the keep-alive one answers, server counters show an upstream filter', async () => {
    const before = await takeSample(runner, { ...LIMITS, useSudo: false });
    assert.ok(before.ok);
    const tcp = await runBurst({ host: '127.0.0.1', port: host.servicePort, count: 32, concurrency: 4 });
    // A SYN can be dropped again and again (as behind the seed's filter): such an attempt times out, nothing else fails.
    assert.ok(
      tcp.attempts.every((a) => a.kind !== 'failed' || a.error?.code === DEADLINE_CODE),
      JSON.stringify(tcp.attempts.filter((a) => a.kind === 'failed')),
    );
    assert.ok(
      tcp.attempts.some((a) => (a.retransmissions ?? 0) >= 1),
      JSON.stringify(tcp.summary.histogram),
    );
    assert.ok(tcp.summary.delayed > 0);
    const http = await runBurst({
      host: '127.0.0.1',
      port: host.servicePort,
      count: 32,
      concurrency: 4,
      httpPath: '/test.txt',
    });
    assert.deepEqual([http.keepAlive.requests, http.keepAlive.failed, http.keepAlive.timesMs.length], [32, 0, 32]);
    // Behind the simulated filter some SYNs are dropped until the deadline. A userland filter has one artifact a
    // real one has not: the kernel finishes a handshake into the listen queue while the listener sleeps for want
    // of tokens, so right after a burst a connection or two can be made and answered late (HTTP_RESPONSE). The
    // rest of the connections that were made got their page.
    const late = http.attempts.filter((a) => a.connectMs !== null && a.error?.code === HTTP_RESPONSE_CODE);
    assert.ok(late.length <= 4, JSON.stringify(late));
    assert.ok(
      http.attempts.every((a) =>
        a.connectMs === null ? a.error?.code === DEADLINE_CODE : a.httpStatus === 200 || late.includes(a),
      ),
      JSON.stringify(http.attempts.filter((a) => a.httpStatus !== 200)),
    );
    assert.ok(http.attempts.filter((a) => a.httpStatus === 200).length >= 20, 'most connections got their page');
    // Every connection that reached the service: per burst 1 control + the attempts that connected; an attempt
    // that timed out on the client may still have been accepted after it gave up, so at most 2 × (1 + 32).
    const connected = [tcp, http].reduce((n, b) => n + 1 + b.attempts.filter((a) => a.connectMs !== null).length, 0);
    const accepted = 2 * (1 + 32);
    await new Promise((r) => setTimeout(r, 300));
    const after = await takeSample(runner, { ...LIMITS, useSudo: false });
    assert.ok(before.ok && after.ok);
    if (!before.ok || !after.ok) return;
    const d = counterDeltas(before.value, after.value);
    // The simulated counter follows the listener's accepts: handshakes still waiting in the listen queue (two
    // slots) or answered late (see the HTTP burst above) are counted once the listener wakes, so it may lag the
    // client's count by those.
    const lag = late.length + 2 * 2;
    assert.ok(
      d['Tcp.PassiveOpens'] >= connected - lag && d['Tcp.PassiveOpens'] <= accepted,
      `PassiveOpens ${d['Tcp.PassiveOpens']}, connected ${connected}`,
    );
    assert.deepEqual(
      [d['TcpExt.ListenOverflows'], d['TcpExt.ListenDrops'], d['Tcp.RetransSegs'], d['Ip.InReceives-InDelivers']],
      [0, 0, 0, 0],
      JSON.stringify(d),
    );
    assert.ok((d['Tcp.InSegs'] ?? 0) >= connected * 4);
  });

  it('vps-doctor metrics reaches it through its ssh_config and prints OpenMetrics; an unknown host key is exit 3', async () => {
    let out = '';
    let err = '';
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += `${t}\n`), isTty: false };
    const env = { ...process.env, XDG_STATE_HOME: join(dir, 'xdg') };
    const code = await metricsCommand([host.hostAlias, '-F', host.sshConfigFile], io, { env });
    assert.equal(code, 0, err);
    assert.ok(out.endsWith('# EOF\n'));
    assert.match(out, /^vpsdoctor_beancounter_barrier_bytes\{container="12345",resource="tcpsndbuf"\} 1720320$/m);
    assert.match(out, /^vpsdoctor_host_info\{kernel="2\.6\.32-042stab141\.3",virtualization="openvz-container"\} 1$/m);

    const emptyKnownHosts = join(dir, 'empty_known_hosts');
    writeFileSync(emptyKnownHosts, '');
    const config = join(dir, 'strict_config');
    writeFileSync(config, readFileSync(host.sshConfigFile, 'utf8').replace(host.knownHostsFile, emptyKnownHosts));
    await assert.rejects(
      metricsCommand([host.hostAlias, '-F', config], io, { env }),
      (e: { exitCode?: number; message?: string }) => {
        assert.equal(e.exitCode, 3, e.message);
        return true;
      },
    );
  });

  it('stop() leaves no process or listener behind', async () => {
    const pid = host.serviceListenerPid;
    assert.doesNotThrow(() => process.kill(pid, 0));
    conn.dispose();
    await host.stop();
    assert.throws(
      () => process.kill(pid, 0),
      (e: NodeJS.ErrnoException) => e.code === 'ESRCH',
    );
    assert.equal(await refusedConnect(host.sshPort), true);
    assert.equal(await refusedConnect(host.servicePort), true);
  });
});
