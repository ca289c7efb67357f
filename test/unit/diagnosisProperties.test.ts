import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diagnose, type DiagnosisEvidence } from '../../src/core/diagnosis/diagnose';
import type { Diagnosis, VerdictId } from '../../src/core/diagnosis/types';
import { assessBufferRisk } from '../../src/core/kernel/bufferRisk';
import { burstOf, fast, idleDeltas, pingOf, quietDeltas, seedShots, type Shot } from './diagnosisFixtures';

const VERDICTS: VerdictId[] = [
  'healthy',
  'upstream-syn-filter',
  'host-firewall-drop',
  'path-loss',
  'return-path-loss',
  'accept-queue-overflow',
  'syn-queue-full',
  'conntrack-full',
  'beancounter-numtcpsock',
  'beancounter-sockbuf',
  'connection-refused',
  'inconclusive',
];

const COUNTERS = Object.keys(quietDeltas()).concat([
  'ubc.101.numtcpsock.failcnt',
  'ubc.101.tcpsndbuf.failcnt',
  'host.rebooted',
]);

const shot: fc.Arbitrary<Shot> = fc.oneof(
  fc.double({ min: 0, max: 20_000, noNaN: true }),
  fc.constantFrom(0.3, 1020, 2040, 3060),
  fc.constantFrom('ECONNREFUSED', 'DEADLINE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'EMFILE', 'ESOMETHING'),
);
const value = fc.oneof(fc.nat(400), fc.integer({ min: -20, max: -1 }), fc.constant(Number.NaN));
const deltas = fc.dictionary(fc.constantFrom(...COUNTERS), value);
const evidence: fc.Arbitrary<DiagnosisEvidence> = fc.record(
  {
    burst: fc
      .record({
        shots: fc.array(shot, { maxLength: 48 }),
        mode: fc.constantFrom('tcp' as const, 'http' as const),
        kaFailed: fc.nat(2),
      })
      .map(({ shots, mode, kaFailed }) =>
        burstOf(shots, { mode, keepAlive: { failed: Math.min(kaFailed, shots.length) } }),
      ),
    ping: fc.option(
      fc.integer({ min: 1, max: 300 }).chain((sent) => fc.nat(sent).map((lost) => pingOf(sent, lost))),
      { nil: undefined },
    ),
    deltas,
    idleDeltas: fc.option(deltas, { nil: undefined }),
    virtualization: fc.option(fc.constantFrom('openvz-container', 'kvm', 'unknown', ''), { nil: undefined }),
  },
  { requiredKeys: ['burst', 'deltas'] },
);

/** Every text a user reads. */
const texts = (d: Diagnosis): string[] => [
  d.summary,
  d.explanation,
  ...d.evidence.flatMap((e) => [e.label, e.value]),
  ...d.nextSteps.user,
  ...d.nextSteps.provider,
  ...d.findings.flatMap((f) => [f.title, ...f.lines]),
];

test('property: diagnose is total and its output well-formed for any recorded evidence', () => {
  fc.assert(
    fc.property(evidence, (e) => {
      const d = diagnose(e);
      assert.ok(VERDICTS.includes(d.verdict));
      assert.ok(['low', 'medium', 'high'].includes(d.confidence));
      assert.equal(d.row === null, d.verdict === 'inconclusive');
      if (d.verdict !== 'inconclusive')
        assert.ok(
          d.evidence.some((x) => x.decisive),
          `${d.verdict} without decisive evidence`,
        );
      // One sentence: a full stop at the end and none inside followed by a new sentence.
      assert.ok(d.summary.endsWith('.'), d.summary);
      assert.ok(!/[.!?]\s+[A-Z]/.test(d.summary.slice(0, -1)), d.summary);
      for (const t of texts(d)) {
        assert.ok(t.trim().length > 0);
        assert.ok(!/NaN|undefined|Infinity|\[object/.test(t), t);
      }
    }),
    { numRuns: 200 },
  );
});

test('metamorphic: an idle control twice as long with twice the counts changes nothing', () => {
  fc.assert(
    fc.property(evidence, (e) => {
      if (e.idleDeltas === undefined || !(e.idleDeltas['uptime.seconds'] > 0) || !(e.deltas['uptime.seconds'] > 0))
        return;
      const doubled = Object.fromEntries(Object.entries(e.idleDeltas).map(([k, v]) => [k, v * 2]));
      const a = diagnose(e);
      const b = diagnose({ ...e, idleDeltas: doubled });
      assert.equal(b.verdict, a.verdict);
      assert.equal(b.confidence, a.confidence);
    }),
    { numRuns: 200 },
  );
});

test('metamorphic: counters the decision table does not read change nothing', () => {
  fc.assert(
    fc.property(
      evidence,
      fc.dictionary(
        fc.constantFrom('Udp.InDatagrams', 'Icmp.InMsgs', 'TcpExt.TCPHPHits', 'IpExt.InOctets'),
        fc.nat(10_000),
      ),
      (e, extra) => {
        const a = diagnose(e);
        const b = diagnose({ ...e, deltas: { ...e.deltas, ...extra } });
        assert.equal(b.verdict, a.verdict);
        assert.equal(b.confidence, a.confidence);
        assert.equal(b.summary, a.summary);
      },
    ),
    { numRuns: 200 },
  );
});

test('the buffer finding carries the §2.4 derivation for the seed container', () => {
  const risk = assessBufferRisk({
    tcpWmem: [4096, 16384, 4194304],
    tcpRmem: [4096, 87380, 4194304],
    wmemMax: 133120,
    rmemMax: 133120,
    sndbuf: { barrier: 1720320, limit: 2703360, held: 300000, maxheld: 2703360, failcntDelta: 0 },
    rcvbuf: { barrier: 1720320, limit: 2703360, held: 100000, maxheld: 1720320, failcntDelta: 0 },
    numtcpsock: { held: 40, limit: 360 },
  });
  const d = diagnose({
    burst: burstOf(seedShots),
    deltas: quietDeltas({ 'ubc.12345.tcpsndbuf.failcnt': 0 }),
    idleDeltas: idleDeltas({ 'ubc.12345.tcpsndbuf.failcnt': 0 }),
    risk,
  });
  assert.equal(d.verdict, 'upstream-syn-filter');
  const buffers = d.findings.find((f) => f.topic === 'buffers');
  assert.ok(buffers);
  assert.equal(buffers.title, `TCP buffers: risk ${risk.grade}`);
  assert.equal(buffers.status, 'problem');
  assert.equal(buffers.lines[0], 'The socket-buffer beancounters refused nothing during the burst.');
  for (const line of risk.send.derivation) assert.ok(buffers.lines.includes(line));
  assert.ok(buffers.lines.includes(risk.wmemMaxExplanation!));
  // Without any buffer data there is no buffer finding at all.
  assert.equal(diagnose({ burst: burstOf(fast(8)), deltas: {} }).findings.length, 0);
});
