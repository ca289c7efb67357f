import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HostSession, type SampleView, type SessionDeps, type SessionState } from '../../src/core/session/hostSession';
import { sha256Fingerprint } from '../../src/core/ssh/fingerprint';
import type { HostKeyPromptInfo } from '../../src/core/ssh/hostKeyPolicy';
import { SshError } from '../../src/core/ssh/sshErrors';
import { generateKey, publicBlob, sshdSkip } from './helpers/sshd';
import { FAST, trustHost } from './helpers/sshFixture';
import { bumpFailcnt, startLab, writeSshConfig, type SnapshotLab } from './snapshotFixture';

const target = { id: 'ssh:vpsd-test', label: 'vpsd-test', alias: 'vpsd-test', source: 'ssh-config' as const };
const SEED_TCPSNDBUF = 1779659;

/** Resolves with the first state matching `pred`; the bound only keeps a broken build from hanging. */
function waitForState(
  session: HostSession,
  pred: (s: SessionState) => boolean,
  boundMs = 30_000,
): Promise<SessionState> {
  if (pred(session.state)) return Promise.resolve(session.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`state not reached; now ${JSON.stringify(session.state)}`)),
      boundMs,
    );
    const sub = session.onDidChangeState((s) => {
      if (!pred(s)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });
}

function waitForSample(session: HostSession, pred: (v: SampleView) => boolean, boundMs = 30_000): Promise<SampleView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such sample')), boundMs);
    const sub = session.onDidSample((v) => {
      if (!pred(v)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(v);
    });
  });
}

describe('HostSession over a real sshd', { skip: sshdSkip() }, () => {
  let lab: SnapshotLab;
  let config: string;
  const sessions: HostSession[] = [];

  const session = (
    storeDir: string,
    over: Partial<SessionDeps> = {},
    settings: Partial<SessionDeps['settings']> = {},
  ): { s: HostSession; logs: string[] } => {
    const logs: string[] = [];
    const s = new HostSession(target, {
      prompts: {},
      log: (level, message) => logs.push(`${level}: ${message}`),
      storeDir,
      settings: {
        hostKeyChecking: 'ask',
        sampleIntervalMs: 60_000,
        hiddenIntervalMs: null,
        useSudo: false,
        timeoutMs: 10_000,
        maxOutputBytes: 1 << 20,
        sshConfigFile: config,
        ...settings,
      },
      sshTuning: FAST,
      ...over,
    });
    sessions.push(s);
    return { s, logs };
  };

  before(async () => {
    lab = await startLab();
    config = writeSshConfig(lab, 'ssh_config');
  });
  after(async () => {
    for (const s of sessions) s.dispose();
    await lab?.dispose();
  });

  test('samples the fake /proc, and failcnt written between samples shows as +N', async () => {
    trustHost(join(lab.dir, 'known_hosts'), lab.sshd);
    const { s } = session(join(lab.dir, 'store-delta'));
    await s.connect();
    const first = await s.sampleNow();
    assert.equal(s.state.kind, 'connected');
    assert.equal(s.virtualization?.kind, 'openvz-container');
    assert.equal(first.snapshot.uptimeSeconds.state === 'ok' && first.snapshot.uptimeSeconds.value, 12345.67);
    const row =
      first.snapshot.beancounters.state === 'ok'
        ? first.snapshot.beancounters.table.containers[0]!.resources.find((r) => r.name === 'tcpsndbuf')
        : undefined;
    assert.equal(row?.failcnt, SEED_TCPSNDBUF);

    bumpFailcnt(lab, 'tcpsndbuf', SEED_TCPSNDBUF + 250, 5);
    const second = await s.sampleNow();
    const d = second.deltas.find((x) => x.name === 'tcpsndbuf');
    assert.deepEqual(d, {
      containerId: '12345',
      name: 'tcpsndbuf',
      failcntDelta: 250,
      reset: false,
      ratePerMinute: 3000,
    });
    assert.equal(second.sinceBaseline.find((x) => x.name === 'tcpsndbuf')?.failcntDelta, 250);
    assert.equal(second.assessments.find((a) => a.name === 'tcpsndbuf')?.severity, 'critical');
    assert.equal(second.bufferRisk?.send.grade, 'critical');
    assert.equal(s.samplingStats.failed, 0);
    bumpFailcnt(lab, 'tcpsndbuf', SEED_TCPSNDBUF, 5);
  });

  test('an unknown key is asked about once; it is recorded in our store after the login, and trusted from then on', async () => {
    writeFileSync(join(lab.dir, 'known_hosts'), '');
    const store = join(lab.dir, 'store-prompt');
    const asked: HostKeyPromptInfo[] = [];
    const { s, logs } = session(store, { prompts: { hostKey: async (info) => (asked.push(info), true) } });
    await s.connect();
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.fingerprint, sha256Fingerprint(lab.sshd.hostKeyBlob()));
    assert.equal(asked[0]!.storePath, join(store, 'known_hosts'));
    await waitFor(() => existsSync(join(store, 'known_hosts')));
    assert.ok(readFileSync(join(store, 'known_hosts'), 'utf8').includes(lab.sshd.hostKeyBlob().toString('base64')));
    await waitFor(() => logs.some((l) => /^info: Trusted the ssh-ed25519 host key/.test(l)));
    s.dispose();
    const again = session(store);
    await again.s.connect();
    assert.equal(again.s.state.kind, 'connected');
  });

  test('a declined key fails without retrying and writes nothing', async () => {
    writeFileSync(join(lab.dir, 'known_hosts'), '');
    const store = join(lab.dir, 'store-declined');
    const { s } = session(store, { prompts: { hostKey: async () => false } });
    await assert.rejects(s.connect(), (e: SshError) => e.kind === 'hostKeyDeclined' && !e.retryable);
    assert.equal(s.state.kind, 'failed');
    assert.equal(s.hostKeyRefusal?.reason, 'declined');
    assert.equal(existsSync(join(store, 'known_hosts')), false);
  });

  test('when sshd restarts, the data is kept stale while reconnecting and refreshed once back', async () => {
    trustHost(join(lab.dir, 'known_hosts'), lab.sshd);
    const { s } = session(join(lab.dir, 'store-reconnect'));
    await s.connect();
    await s.sampleNow();
    const stale = waitForSample(s, (v) => v.stale);
    const reconnecting = waitForState(s, (x) => x.kind === 'reconnecting');
    await lab.sshd.restart();
    await reconnecting;
    const old = await stale;
    assert.equal(s.latest?.stale, true);
    const fresh = await waitForSample(s, (v) => !v.stale && v.takenAtMs > old.takenAtMs);
    assert.equal(fresh.stale, false);
    assert.equal(s.state.kind, 'connected');
  });

  test('a changed host key after a restart is refused and never retried', async () => {
    trustHost(join(lab.dir, 'known_hosts'), lab.sshd);
    const { s } = session(join(lab.dir, 'store-changed'));
    await s.connect();
    await s.sampleNow();
    const failed = waitForState(s, (x) => x.kind === 'failed');
    await lab.sshd.restart({ newHostKey: true });
    const state = await failed;
    assert.deepEqual(state.kind === 'failed' && [state.error.kind, state.error.retryable], ['hostKeyChanged', false]);
    assert.equal(s.latest?.stale, true, 'the last good data is kept');
    assert.equal(s.hostKeyRefusal?.reason, 'changed');
  });

  test('a changed key recorded in our store: "Forget Host Key" removes only that line, and the next connect asks about the current key', async () => {
    writeFileSync(join(lab.dir, 'known_hosts'), '');
    const store = join(lab.dir, 'store-forget');
    mkdirSync(store, { recursive: true, mode: 0o700 });
    const old = join(lab.dir, 'forget_old_ed25519');
    generateKey(old);
    const name = `[127.0.0.1]:${lab.sshd.port}`;
    const otherHost = `[127.0.0.1]:1 ssh-ed25519 ${publicBlob(`${old}.pub`).toString('base64')}\n`;
    writeFileSync(
      join(store, 'known_hosts'),
      `${name} ssh-ed25519 ${publicBlob(`${old}.pub`).toString('base64')}\n${otherHost}`,
      { mode: 0o600 },
    );
    const asked: HostKeyPromptInfo[] = [];
    const { s } = session(store, { prompts: { hostKey: async (info) => (asked.push(info), true) } });
    assert.deepEqual(await s.forgetRefusedHostKeys(), [], 'nothing to forget before a refusal');
    await assert.rejects(
      s.connect(),
      (e: SshError) => e.kind === 'hostKeyChanged' && e.message.includes(`use "Forget Host Key" for ${name}`),
    );
    assert.equal(asked.length, 0, 'a changed key is never offered for trust');
    assert.deepEqual(await s.forgetRefusedHostKeys(), [{ name, removed: 1 }]);
    assert.equal(readFileSync(join(store, 'known_hosts'), 'utf8'), otherHost, "other hosts' keys stay byte-identical");
    await s.connect();
    assert.deepEqual(
      asked.map((a) => a.fingerprint),
      [sha256Fingerprint(lab.sshd.hostKeyBlob())],
    );
    assert.equal(s.state.kind, 'connected');
    assert.deepEqual(await s.forgetRefusedHostKeys(), [], 'once connected there is nothing to forget');
  });
});

async function waitFor(cond: () => boolean, boundMs = 10_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}
