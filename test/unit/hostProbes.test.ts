import { formatMessage } from './fakeTranslate';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diagnose } from '../../src/core/diagnosis/diagnose';
import { parseHistoryLine } from '../../src/core/history/historyEntry';
import {
  CONFIRM_CONCURRENCY,
  CONFIRM_COUNT,
  HARD_MAX_CONCURRENCY,
  HARD_MAX_COUNT,
} from '../../src/core/probes/burstLimits';
import { createReport } from '../../src/core/resultModel/resultSchema';
import { DEMO_HOST_ID, demoProbes, demoRoute, demoTarget } from '../../src/host/demo/demoTarget';
import { burstReport } from '../../src/host/probes/burstReport';
import { burstRequest, type ProbeSettings } from '../../src/host/probes/burstRequest';
import { burstProbeSummary, diagnosisSummary, pingProbeSummary } from '../../src/host/probes/probeSummary';
import { formatProbeTarget, parseProbeTarget, storedProbeTarget } from '../../src/host/probes/probeTarget';
import { probeSection, probeVerdict } from '../../src/host/tree/probeItems';
import { burstOf, fast, idleDeltas, pingOf, quietDeltas, randomShots, seedShots } from './diagnosisFixtures';

const t = (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_w, i: string) => String(a[Number(i)]));

describe('probe target input', () => {
  it('reads a port, or a port and an HTTP path', () => {
    assert.deepEqual(parseProbeTarget('80'), { ok: true, value: { port: 80 } });
    assert.deepEqual(parseProbeTarget(' 443 '), { ok: true, value: { port: 443 } });
    assert.deepEqual(parseProbeTarget('8080/test.txt'), { ok: true, value: { port: 8080, httpPath: '/test.txt' } });
    assert.deepEqual(parseProbeTarget('80/'), { ok: true, value: { port: 80, httpPath: '/' } });
    assert.deepEqual(parseProbeTarget('65535/a?b=c'), { ok: true, value: { port: 65535, httpPath: '/a?b=c' } });
  });

  it('refuses what is not a port or a clean path, saying why', () => {
    const cases: [string, RegExp][] = [
      ['', /type a port/],
      ['   ', /type a port/],
      ['0', /outside 1-65535/],
      ['65536', /outside 1-65535/],
      ['123456', /not a port number/],
      ['http', /not a port number/],
      ['-1', /not a port number/],
      ['80.5', /not a port number/],
      ['/test.txt', /not a port number/],
      ['80/a b', /spaces or control characters/],
      ['80/\u0000', /spaces or control characters/],
      ['80/é', /spaces or control characters/],
      [`80/${'a'.repeat(2048)}`, /longer than 2048/],
    ];
    for (const [input, why] of cases) {
      const r = parseProbeTarget(input);
      assert.equal(r.ok, false, JSON.stringify(input));
      if (!r.ok) assert.match(r.error.message, why, JSON.stringify(input));
    }
  });

  it('is total, and every target it accepts formats back to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const r = parseProbeTarget(s);
        if (!r.ok) return;
        assert.ok(Number.isInteger(r.value.port) && r.value.port >= 1 && r.value.port <= 65535);
        assert.deepEqual(parseProbeTarget(formatProbeTarget(r.value)), r);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65535 }),
        fc.option(fc.stringMatching(/^\/[\x21-\x7e]{0,40}$/), { nil: undefined }),
        (port, httpPath) => {
          const target = httpPath === undefined ? { port } : { port, httpPath };
          assert.deepEqual(parseProbeTarget(formatProbeTarget(target)), { ok: true, value: target });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('checks a remembered target read back from storage instead of trusting it', () => {
    assert.deepEqual(storedProbeTarget({ port: 80 }), { port: 80 });
    assert.deepEqual(storedProbeTarget({ port: 80, httpPath: '/x' }), { port: 80, httpPath: '/x' });
    for (const bad of [
      undefined,
      null,
      80,
      '80',
      { port: '80' },
      { port: 0 },
      { port: 80.5 },
      { port: 1e9 },
      { port: 80, httpPath: 'x' },
      { port: 80, httpPath: 7 },
      { port: 80, httpPath: '/a b' },
    ]) {
      assert.equal(storedProbeTarget(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('burst size from the settings', () => {
  const base: ProbeSettings = {
    burstCount: 32,
    burstConcurrency: 4,
    maxCount: 100,
    maxConcurrency: 16,
    pingCount: 100,
  };

  it("runs the seed's 32 at 4 without asking", () => {
    assert.deepEqual(burstRequest(base), { count: 32, concurrency: 4, confirm: false });
  });

  it("caps at the user's maximum and says so", () => {
    const r = burstRequest({ ...base, burstCount: 500, burstConcurrency: 40 });
    assert.equal(r.count, 100);
    assert.equal(r.concurrency, 16);
    assert.equal(r.confirm, false);
    assert.match(r.capped ?? '', /capped at 100 connections, 16 at a time/);
  });

  it('asks above the confirmation thresholds, and never exceeds the hard ceilings', () => {
    const big = burstRequest({ ...base, burstCount: 5000, burstConcurrency: 500, maxCount: 5000, maxConcurrency: 500 });
    assert.deepEqual([big.count, big.concurrency, big.confirm], [HARD_MAX_COUNT, HARD_MAX_CONCURRENCY, true]);
    assert.equal(burstRequest({ ...base, burstCount: CONFIRM_COUNT + 1, maxCount: 1000 }).confirm, true);
    assert.equal(
      burstRequest({ ...base, burstConcurrency: CONFIRM_CONCURRENCY + 1, maxConcurrency: 64 }).confirm,
      true,
    );
    assert.equal(
      burstRequest({ ...base, burstCount: CONFIRM_COUNT, burstConcurrency: CONFIRM_CONCURRENCY }).confirm,
      false,
    );
  });

  it('a concurrency above the count is not reported as a cap', () => {
    assert.deepEqual(burstRequest({ ...base, burstCount: 2, burstConcurrency: 4 }), {
      count: 2,
      concurrency: 2,
      confirm: false,
    });
  });

  it('always stays within its caps and confirms exactly above the thresholds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10, max: 5000 }),
        fc.integer({ min: -10, max: 500 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 500 }),
        (burstCount, burstConcurrency, maxCount, maxConcurrency) => {
          const r = burstRequest({ ...base, burstCount, burstConcurrency, maxCount, maxConcurrency });
          assert.ok(r.count >= 1 && r.count <= Math.min(maxCount, HARD_MAX_COUNT));
          assert.ok(r.concurrency >= 1 && r.concurrency <= Math.min(maxConcurrency, HARD_MAX_CONCURRENCY, r.count));
          assert.equal(r.confirm, r.count > CONFIRM_COUNT || r.concurrency > CONFIRM_CONCURRENCY);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('probe results in the history and the tree', () => {
  const tool = { name: 'vps-doctor', version: '0.0.0' };
  const seedBurst = burstOf(seedShots);
  const full = createReport({
    tool,
    demo: true,
    target: { label: 'vps-doctor-demo (simulated OpenVZ host)', host: '127.0.0.1', port: 8080 },
    client: { platform: 'linux', release: '6.18', node: 'v20', synSchedule: seedBurst.schedule },
    server: { deltas: quietDeltas(), idleDeltas: idleDeltas() },
    diagnosis: diagnose({
      burst: seedBurst,
      ping: pingOf(100, 4),
      deltas: quietDeltas(),
      idleDeltas: idleDeltas(),
      virtualization: 'openvz-container',
    }),
    burst: seedBurst,
    ping: pingOf(100, 4),
  });

  /** What the tree's Probes section shows after the summary went through the history file. */
  const shown = (probe: 'burst' | 'ping' | 'diagnosis', summary: unknown): string => {
    const line = parseHistoryLine(JSON.stringify({ kind: 'probe', atMs: 1000, probe, summary }), 'history', 1);
    assert.ok(line.ok);
    const section = probeSection('h', [line.value], 61_000, t);
    assert.equal(section.children.length, 1);
    return section.children[0]!.data.label;
  };

  it('the full diagnosis records its verdict, which the tree shows', () => {
    const s = diagnosisSummary(full);
    assert.equal(s.verdictId, full.diagnosis.verdict);
    assert.equal(s.verdict, `Upstream SYN filter (${full.diagnosis.confidence} confidence)`);
    assert.deepEqual([s.delayed, s.attempts, s.lost, s.sent, s.demo], [28, 32, 4, 100, true]);
    assert.equal(shown('diagnosis', s), `Diagnosis: ${s.verdict}`);
  });

  it('a burst records its delayed share and the control, a ping its loss with interval and n', () => {
    const b = burstProbeSummary(seedBurst);
    assert.equal(b.verdict, '28/32 delayed by SYN retransmissions, first fast then delayed; keep-alive control fine');
    assert.equal(shown('burst', b), `Burst probe: ${b.verdict}`);
    const scattered = burstProbeSummary(
      burstOf([...randomShots.slice(0, 31), 'ECONNREFUSED'], { keepAlive: { failed: 1, error: 'reset' } }),
    );
    assert.match(scattered.verdict, /^\d+\/32 delayed by SYN retransmissions, 1 failed; keep-alive control failed$/);
    assert.equal(
      burstProbeSummary(burstOf(fast(8))).verdict,
      '0/8 delayed by SYN retransmissions; keep-alive control fine',
    );
    const p = pingProbeSummary(pingOf(100, 4));
    assert.match(p.verdict, /^4\.0% loss \(95% CI 1\.\d%-9\.\d%, n = 100\)$/);
    assert.deepEqual([p.lost, p.sent], [4, 100]);
    assert.equal(shown('ping', p), `Ping probe: ${p.verdict}`);
    assert.equal(pingProbeSummary(pingOf(50, 0)).verdict, '0% loss (95% CI 0%-7.1%, n = 50)');
  });

  it('every summary carries the string the tree reads', () => {
    for (const s of [diagnosisSummary(full), burstProbeSummary(seedBurst), pingProbeSummary(pingOf(20, 1))]) {
      assert.equal(probeVerdict(s, formatMessage), s.verdict);
      assert.equal(probeVerdict(JSON.parse(JSON.stringify(s)), formatMessage), s.verdict);
    }
  });

  it('a burst on its own makes a client-only report the panel and exports take', () => {
    const r = burstReport(seedBurst, { label: 'web1', tool, demo: false, virtualization: 'kvm' });
    assert.deepEqual(r.server, { virtualization: 'kvm', deltas: {} });
    assert.equal(r.target.label, 'web1');
    assert.equal(r.burst, seedBurst);
    assert.equal(r.ping, undefined);
    assert.deepEqual(r.diagnosis, diagnose({ burst: seedBurst, deltas: {}, virtualization: 'kvm' }));
    assert.equal(r.client.vantage, undefined, 'no vantage given, none invented');
    const vantage = { side: 'workspace' as const, host: 'vps-1', remoteName: 'codespaces' };
    assert.deepEqual(
      burstReport(seedBurst, { label: 'web1', tool, demo: false, vantage }).client.vantage,
      vantage,
      "the extension host's vantage is recorded",
    );
  });
});

describe('the demo host entry', () => {
  it('is labelled as simulated, listed as the demo, and reached through its own ssh config', () => {
    assert.deepEqual(demoTarget(), {
      id: DEMO_HOST_ID,
      label: 'vps-doctor-demo (simulated OpenVZ host)',
      alias: 'vps-doctor-demo',
      source: 'demo',
    });
    const route = demoRoute('/state/demo/ssh_config');
    assert.deepEqual(route, {
      target: { ...demoTarget(), source: 'ssh-config' },
      sshConfigFile: '/state/demo/ssh_config',
    });
    assert.equal(route.target.id, DEMO_HOST_ID, 'the same id, so the history and the report panel are the same');
  });

  it("probes the demo service at the CLI demo's size; pings fast only as root", () => {
    assert.deepEqual(demoProbes(41234, true), {
      host: '127.0.0.1',
      target: { port: 41234 },
      count: 32,
      concurrency: 4,
      pingCount: 100,
      pingIntervalSeconds: 0.05,
    });
    assert.equal(demoProbes(41234, false).pingIntervalSeconds, 0.2);
  });
});
