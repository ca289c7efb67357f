import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assessBufferRisk } from '../../src/core/kernel';
import { bufferRiskInput, riskSysctlsFromText } from '../../src/core/kernel/riskInput';
import type { HostSnapshot } from '../../src/core/remote/snapshot';
import { hostDescription, hostTreeModel, type HostModelInput } from '../../src/host/tree/hostTreeModel';
import { counterGrowth, kernelSection } from '../../src/host/tree/kernelItems';
import { latestProbes, probeSection, probeVerdict } from '../../src/host/tree/probeItems';
import { bufferSection } from '../../src/host/tree/bufferItems';
import { formatMessage as t } from './fakeTranslate';
import type { ModelNode } from '../../src/host/tree/treeItemData';
import { SEED, snapshot, table, viewOf, withFailcnt } from './hostFixtures';

const target = { id: 'ssh:vps1', label: 'vps1', alias: 'vps1', source: 'ssh-config' as const };
const NOW = 2_000_000;

function input(over: Partial<HostModelInput> = {}): HostModelInput {
  return {
    target,
    state: undefined,
    latest: undefined,
    virtualization: undefined,
    baseline: undefined,
    history: [],
    nowMs: NOW,
    ...over,
  };
}

const ids = (n: ModelNode): string[] => [n.data.id, ...n.children.flatMap(ids)];

describe('host node', () => {
  it('shows each connection state in its description and context value', () => {
    const cases: [HostModelInput['state'], string, string][] = [
      [undefined, 'not connected', 'host.disconnected.ssh-config'],
      [{ kind: 'idle' }, 'not connected', 'host.disconnected.ssh-config'],
      [{ kind: 'connecting' }, 'connecting…', 'host.connecting.ssh-config'],
      [{ kind: 'connected', sinceMs: NOW }, 'connected', 'host.connected.ssh-config'],
      [
        { kind: 'failed', error: { kind: 'auth', message: 'Login failed.', retryable: false } },
        'error: Login failed.',
        'host.failed.ssh-config',
      ],
    ];
    for (const [state, description, context] of cases) {
      const node = hostTreeModel(input({ state }), t);
      assert.equal(node.data.description, description);
      assert.equal(node.data.contextValue, context);
      assert.equal(node.data.id, 'ssh:vps1');
    }
  });

  it('keeps stale data with its age while reconnecting, and names the virtualisation when connected', () => {
    const latest = viewOf(SEED, { takenAtMs: NOW - 120_000, stale: true });
    const reconnecting = input({
      state: { kind: 'reconnecting', attempt: 3, nextAttemptInMs: 4000, lastError: 'reset' },
      latest,
    });
    assert.equal(hostDescription(reconnecting, t), 'stale 2 min · reconnecting (attempt 3)');
    assert.ok(
      hostTreeModel(reconnecting, t).children.some((c) => c.data.label === 'Beancounters'),
      'the last good data is kept, never blanked',
    );
    const virt = { kind: 'openvz-container', label: 'OpenVZ container (CT 12345)', evidence: ['/proc/vz exists'] };
    const connected = input({
      state: { kind: 'connected', sinceMs: NOW },
      latest: viewOf(SEED, { takenAtMs: NOW }),
      virtualization: virt,
    });
    assert.equal(hostDescription(connected, t), 'OpenVZ container (CT 12345)');
    assert.ok(hostTreeModel(connected, t).data.tooltip!.includes('- /proc/vz exists'));
  });

  it('reports failing samples on a live connection', () => {
    const state = {
      kind: 'connected' as const,
      sinceMs: NOW,
      sampleProblem: { reason: 'timeout', message: 'The server did not finish.', consecutive: 2, atMs: NOW },
    };
    const d = hostDescription(input({ state, latest: viewOf(SEED, { takenAtMs: NOW - 30_000 }) }), t);
    assert.equal(d, 'connected · stale 30 s · sample failed: The server did not finish.');
  });

  it('offers Connect before the first use and the first-sample hint while connecting', () => {
    const idle = hostTreeModel(input(), t);
    assert.equal(idle.children.length, 1);
    assert.deepEqual(idle.children[0]!.data.command, {
      command: 'vpsDoctor.hosts.connect',
      title: 'Connect',
      args: ['ssh:vps1'],
    });
    const pending = hostTreeModel(input({ state: { kind: 'connected', sinceMs: NOW } }), t);
    assert.equal(pending.children[0]!.data.contextValue, 'hint.pending');
  });

  it('keeps every node id stable and unique across samples (no flicker)', () => {
    const a = hostTreeModel(
      input({ state: { kind: 'connected', sinceMs: NOW }, latest: viewOf(SEED, { base: SEED }) }),
      t,
    );
    const grown = withFailcnt(SEED, 'tcpsndbuf', 1_779_700);
    const b = hostTreeModel(
      input({
        state: { kind: 'connected', sinceMs: NOW },
        latest: viewOf(grown, { prev: SEED, base: SEED, baselineAtMs: 1_000_000 - 60_000 }),
      }),
      t,
    );
    assert.deepEqual([...ids(a)].sort(), [...ids(b)].sort());
    assert.equal(new Set(ids(a)).size, ids(a).length);
    assert.notDeepEqual(ids(a), ids(b), 'the order changes (tcpsndbuf moves up), the ids do not');
  });

  it('colours the host by its worst resource once connected', () => {
    const grown = withFailcnt(SEED, 'tcpsndbuf', 1_779_700);
    const node = hostTreeModel(
      input({ state: { kind: 'connected', sinceMs: NOW }, latest: viewOf(grown, { prev: SEED }) }),
      t,
    );
    assert.deepEqual(node.data.icon, { id: 'error', color: 'list.errorForeground' });
  });
});

describe('sections', () => {
  it('TCP buffers: grade, both sides with the derivation, and the mitigations', () => {
    const sysctls = {
      'net.ipv4.tcp_wmem': '4096 16384 4194304',
      'net.ipv4.tcp_rmem': '4096 87380 4194304',
      'net.core.wmem_max': '133120',
      'net.core.rmem_max': '133120',
    };
    const risk = assessBufferRisk(bufferRiskInput(riskSysctlsFromText(sysctls), table(SEED).containers[0]));
    const node = bufferSection('ssh:vps1', risk, t);
    assert.equal(node.data.description, `risk: ${risk.grade}`);
    assert.equal(risk.grade, 'critical', 'tcp_wmem[2] = 4 MiB exceeds the 1.6 MiB barrier (docs/method.md §2.4)');
    const send = node.children[0]!;
    assert.equal(send.data.label, 'Send side (tcp_wmem vs tcpsndbuf)');
    assert.deepEqual(
      send.children.filter((c) => c.data.contextValue === 'buffers.step').map((c) => c.data.label),
      risk.send.derivation,
    );
    const what = send.children.find((c) => c.data.contextValue === 'buffers.mitigations')!;
    assert.deepEqual(
      what.children.map((c) => c.data.label),
      risk.send.mitigations,
    );
    assert.ok(risk.send.mitigations.length > 0);
  });

  it('kernel counters: growth since connect, trouble only when a drop counter grows', () => {
    const netstat = (overflows: number, retrans: number): Partial<HostSnapshot> => ({
      counters: {
        snmp: { state: 'missing' },
        netstat: {
          state: 'ok',
          value: { TcpExt: { ListenOverflows: overflows, ListenDrops: overflows, TCPSynRetrans: retrans } },
        },
      },
    });
    const base = snapshot({ state: 'missing' }, netstat(10, 5));
    const now = snapshot(
      { state: 'missing' },
      {
        ...netstat(42, 9),
        conntrack: {
          count: { state: 'ok', value: 950 },
          max: { state: 'ok', value: 1000 },
          stat: { state: 'missing' },
        },
        cgroup: { ...base.cgroup, memoryEvents: { state: 'ok', value: { max: 3, oom_kill: 0 } } },
      },
    );
    const node = kernelSection('ssh:vps1', now, base, false, t)!;
    const byLabel = new Map(node.children.map((c) => [c.data.label, c.data]));
    assert.equal(byLabel.get('ListenOverflows  42')!.description, '+32 since connect');
    assert.equal(byLabel.get('ListenOverflows  42')!.contextValue, 'counter.growing');
    assert.equal(
      byLabel.get('TCPSynRetrans  9')!.contextValue,
      'counter.quiet',
      'SYN retransmits are information, not a failure',
    );
    assert.equal(byLabel.get('conntrack entries  950 / 1,000')!.contextValue, 'usage.warn');
    assert.equal(byLabel.get('memory.events max  3')!.description, '', 'no baseline value: growth unknown, never 0');
    assert.equal(node.data.contextValue, 'kernel.growing');
    const openVz = kernelSection('ssh:vps1', now, base, true, t)!;
    assert.ok(
      !openVz.children.some((c) => c.data.label.startsWith('memory.events')),
      'cgroup events only on non-OpenVZ hosts',
    );
    assert.equal(counterGrowth(5, 9), undefined, 'a counter that went down means a reboot: growth unknown');
  });

  it('probes: the latest result of each kind from history, with its verdict', () => {
    const history = [
      { kind: 'sample' as const, atMs: 1, uptimeSeconds: 1, failcnt: {} },
      { kind: 'probe' as const, atMs: NOW - 600_000, probe: 'burst' as const, summary: { verdict: 'old' } },
      {
        kind: 'probe' as const,
        atMs: NOW - 60_000,
        probe: 'burst' as const,
        summary: { verdict: 'SYNs dropped upstream' },
      },
      { kind: 'probe' as const, atMs: NOW - 120_000, probe: 'ping' as const, summary: 42 },
    ];
    assert.deepEqual(
      latestProbes(history).map((e) => e.atMs),
      [NOW - 60_000, NOW - 120_000],
    );
    const node = probeSection('ssh:vps1', history, NOW, t);
    assert.deepEqual(
      node.children.map((c) => [c.data.label, c.data.description]),
      [
        ['Burst probe: SYNs dropped upstream', '1 min ago'],
        ['Ping probe: recorded', '2 min ago'],
      ],
    );
    assert.equal(probeVerdict({ headline: ' x ' }, t), 'x');
    assert.equal(probeVerdict(null, t), undefined);
    assert.equal(probeSection('ssh:vps1', [], NOW, t).children[0]!.data.contextValue, 'probe.none');
  });
});
