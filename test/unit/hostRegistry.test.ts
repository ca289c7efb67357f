import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostIdOf } from '../../src/host/commands/commandIds';
import { HostRegistry } from '../../src/host/sessions/hostRegistry';
import { hostTargets, withHost, withoutHost } from '../../src/host/sessions/hostTargets';
import { sessionSettings, type Settings } from '../../src/host/sessions/sessionSettings';
import type {
  HistoryEntry,
  HostTarget,
  SampleView,
  SessionLike,
  SessionState,
} from '../../src/host/sessions/sessionTypes';
import { SEED, viewOf } from './hostFixtures';

/** A session that does what the test tells it: the same interface as HostSession, no network. */
class FakeSession implements SessionLike {
  state: SessionState = { kind: 'idle' };
  latest: SampleView | undefined;
  facts = undefined;
  virtualization = undefined;
  address = undefined;
  hostKeyRefusal = undefined;
  visible: boolean[] = [];
  disposed = false;
  resets = 0;
  appended: HistoryEntry[] = [];
  history = {
    read: async (): Promise<{ entries: HistoryEntry[] }> => ({ entries: [...this.appended] }),
    append: async (_hostId: string, e: HistoryEntry) => {
      this.appended.push(e);
    },
  };
  private stateL = new Set<(s: SessionState) => void>();
  private sampleL = new Set<(v: SampleView) => void>();
  constructor(readonly target: HostTarget) {}
  onDidChangeState(l: (s: SessionState) => void) {
    this.stateL.add(l);
    return { dispose: () => this.stateL.delete(l) };
  }
  onDidSample(l: (v: SampleView) => void) {
    this.sampleL.add(l);
    return { dispose: () => this.sampleL.delete(l) };
  }
  async connect() {
    this.setState({ kind: 'connected', sinceMs: 0 });
  }
  async disconnect() {
    this.setState({ kind: 'idle' });
  }
  async sampleNow() {
    return this.latest!;
  }
  setVisible(v: boolean) {
    this.visible.push(v);
  }
  resetBaseline() {
    this.resets++;
  }
  runner() {
    return { exec: async () => ({ stdout: '', stderr: '', code: 0 }) } as unknown as ReturnType<SessionLike['runner']>;
  }
  dispose() {
    this.disposed = true;
  }
  async forgetRefusedHostKeys() {
    return [];
  }
  setState(s: SessionState) {
    this.state = s;
    for (const l of this.stateL) l(s);
  }
  publish(v: SampleView) {
    this.latest = v;
    for (const l of this.sampleL) l(v);
  }
}

const targets = hostTargets(['admin@203.0.113.7:2222', 'root@[2001:db8::1]:22'], ['vps1']).targets;

function registry() {
  const made: FakeSession[] = [];
  const r = new HostRegistry(async (t) => {
    const s = new FakeSession(t);
    made.push(s);
    return s;
  });
  r.setTargets(targets);
  return { r, made };
}

describe('host list', () => {
  it('lists ssh config aliases first, then hand-added hosts, with stable ids', () => {
    const list = hostTargets(
      ['admin@203.0.113.7:2222', ' admin@203.0.113.7:2222 ', '-oProxyCommand=x', 'bad host'],
      ['vps1', 'vps1'],
    );
    assert.deepEqual(list.targets, [
      { id: 'ssh:vps1', label: 'vps1', alias: 'vps1', source: 'ssh-config' },
      {
        id: 'manual:admin@203.0.113.7:2222',
        label: 'admin@203.0.113.7:2222',
        alias: 'admin@203.0.113.7:2222',
        source: 'settings',
      },
    ]);
    assert.deepEqual(
      list.invalid.map((i) => i.spec),
      ['-oProxyCommand=x', 'bad host'],
    );
    assert.match(list.invalid[0]!.message, /^vpsDoctor\.hosts\.list\[2\]: invalid host name/);
  });

  it('adds and removes hand-added hosts in the settings list', () => {
    assert.deepEqual(withHost(['a@b'], ' c@d:22 '), ['a@b', 'c@d:22']);
    assert.deepEqual(withHost(['a@b'], 'a@b'), ['a@b']);
    assert.deepEqual(withoutHost(['a@b', 'c@d:22'], 'manual:c@d:22'), ['a@b']);
    assert.deepEqual(withoutHost(['a@b'], 'ssh:a@b'), ['a@b'], 'ssh config hosts are never removed from settings');
  });

  it('finds the host of a command argument: a tree node, an id, or nothing from the palette', () => {
    assert.equal(hostIdOf({ hostId: 'ssh:vps1', data: {} }), 'ssh:vps1');
    assert.equal(hostIdOf('manual:a@b'), 'manual:a@b');
    assert.equal(hostIdOf(undefined), undefined);
    assert.equal(hostIdOf({ fsPath: '/x' }), undefined);
  });

  it('turns the settings in seconds into the session settings in ms, clamped', () => {
    const base: Settings = {
      hosts: [],
      useSudo: true,
      timeoutSeconds: 20,
      maxOutputBytes: 4 * 1024 * 1024,
      hostKeyChecking: 'ask',
      sshConfigFile: '',
      intervalSeconds: 10,
      hiddenIntervalSeconds: 0,
      failcntAlerts: true,
    };
    assert.deepEqual(sessionSettings(base), {
      hostKeyChecking: 'ask',
      sampleIntervalMs: 10_000,
      hiddenIntervalMs: null,
      useSudo: true,
      timeoutMs: 20_000,
      maxOutputBytes: 4_194_304,
    });
    const odd = sessionSettings({
      ...base,
      intervalSeconds: 0.5,
      hiddenIntervalSeconds: 60,
      timeoutSeconds: Number.NaN,
      maxOutputBytes: 1,
      sshConfigFile: '/x',
    });
    assert.deepEqual(odd, {
      hostKeyChecking: 'ask',
      sampleIntervalMs: 2000,
      hiddenIntervalMs: 60_000,
      useSudo: true,
      timeoutMs: 20_000,
      maxOutputBytes: 65_536,
      sshConfigFile: '/x',
    });
  });
});

describe('host registry', () => {
  it('creates a session only on first use, once for concurrent callers', async () => {
    const { r, made } = registry();
    assert.equal(r.session('ssh:vps1'), undefined);
    const [a, b] = await Promise.all([r.use('ssh:vps1'), r.use('ssh:vps1')]);
    assert.equal(a, b);
    assert.equal(made.length, 1);
    await assert.rejects(r.use('ssh:nope'), /unknown host/);
  });

  it('passes visibility to every session, new ones included (no polling while hidden)', async () => {
    const { r, made } = registry();
    await r.use('ssh:vps1');
    r.setVisible(false);
    await r.use(targets[1]!.id);
    assert.deepEqual(
      made.map((s) => s.visible.at(-1)),
      [false, false],
    );
  });

  it("holds a host's background sampling while a probe runs, whatever the view does meanwhile", async () => {
    const { r, made } = registry();
    await r.use('ssh:vps1');
    const s = made[0]!;
    const first = r.holdSampling('ssh:vps1');
    const second = r.holdSampling('ssh:vps1');
    assert.equal(s.visible.at(-1), false);
    r.setVisible(true);
    assert.equal(s.visible.at(-1), false, 'the view being shown does not resume a held host');
    first.dispose();
    first.dispose();
    assert.equal(s.visible.at(-1), false, 'still held by the second probe (a double dispose counts once)');
    second.dispose();
    assert.equal(s.visible.at(-1), true, 'released: sampling follows the view again');
    r.setVisible(false);
    const third = r.holdSampling('ssh:vps1');
    third.dispose();
    assert.equal(s.visible.at(-1), false, 'released while the view is hidden: stays paused');
    const early = r.holdSampling(targets[1]!.id);
    await r.use(targets[1]!.id);
    r.setVisible(true);
    assert.equal(made[1]!.visible.at(-1), false, 'a session created while held starts paused');
    early.dispose();
    assert.equal(made[1]!.visible.at(-1), true);
  });

  it('fires one change per host for state changes and samples, and keeps the baseline snapshot', async () => {
    const { r, made } = registry();
    const changed: string[] = [];
    r.onDidChangeHost((id) => changed.push(id));
    await r.use('ssh:vps1');
    const s = made[0]!;
    await s.connect();
    const first = viewOf(SEED, { takenAtMs: 10, baselineAtMs: 10 });
    s.publish(first);
    s.publish(viewOf(SEED, { takenAtMs: 20, baselineAtMs: 10 }));
    assert.equal(r.baseline('ssh:vps1'), first.snapshot, 'the snapshot that began the baseline is kept');
    const fresh = viewOf(SEED, { takenAtMs: 30, baselineAtMs: 30 });
    s.publish(fresh);
    assert.equal(r.baseline('ssh:vps1'), fresh.snapshot);
    assert.deepEqual(changed, ['ssh:vps1', 'ssh:vps1', 'ssh:vps1', 'ssh:vps1', 'ssh:vps1']);
    r.resetBaseline('ssh:vps1');
    assert.equal(s.resets, 1);
    assert.equal(r.baseline('ssh:vps1'), undefined);
  });

  it('disposes the sessions of hosts that leave the list, and all on dispose', async () => {
    const { r, made } = registry();
    await r.use('ssh:vps1');
    await r.use(targets[1]!.id);
    r.setTargets(targets.slice(1));
    assert.deepEqual(
      made.map((s) => s.disposed),
      [true, false],
    );
    assert.equal(r.session('ssh:vps1'), undefined);
    r.dispose();
    assert.deepEqual(
      made.map((s) => s.disposed),
      [true, true],
    );
  });
});
