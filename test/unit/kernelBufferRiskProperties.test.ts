import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assessBufferRisk, worseGrade, type BufferRiskInput, type RiskGrade } from '../../src/core/kernel/index';
import { RUNS } from './kernelPropertyKit';

const GRADES: RiskGrade[] = ['unknown', 'low', 'medium', 'high', 'critical'];
const rank = (g: RiskGrade): number => GRADES.indexOf(g);

const bytes = fc.integer({ min: 0, max: 2 ** 36 });
const limitLike = fc.option(bytes, { nil: null });
const triple = fc.tuple(bytes, bytes, bytes);
const row = fc.record(
  { barrier: limitLike, limit: limitLike, held: bytes, maxheld: bytes, failcntDelta: fc.integer({ min: -5, max: 5 }) },
  { requiredKeys: ['barrier', 'limit', 'held', 'maxheld'] },
);
const input: fc.Arbitrary<BufferRiskInput> = fc.record(
  {
    tcpWmem: triple,
    tcpRmem: triple,
    wmemMax: bytes,
    rmemMax: bytes,
    tcpMemPages: triple,
    sndbuf: row,
    rcvbuf: row,
    numtcpsock: fc.record({ held: fc.nat({ max: 100000 }), limit: fc.option(fc.nat({ max: 100000 }), { nil: null }) }),
    bdpBytes: bytes,
  },
  { requiredKeys: [] },
);
/** Anything at all where numbers are expected: NaN, negatives, strings, nulls. */
const junk = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constant(null),
  fc.string(),
  fc.array(fc.double(), { maxLength: 4 }),
);
const junkInput = fc.dictionary(
  fc.constantFrom(
    'tcpWmem',
    'tcpRmem',
    'wmemMax',
    'rmemMax',
    'tcpMemPages',
    'bdpBytes',
    'sndbuf',
    'rcvbuf',
    'numtcpsock',
  ),
  fc.oneof(junk, fc.record({ barrier: junk, limit: junk, held: junk, maxheld: junk, failcntDelta: junk })),
) as fc.Arbitrary<unknown> as fc.Arbitrary<BufferRiskInput>;

test('total: any input, even junk, gives grades, figures that are non-negative integers, and a derivation ending in the grade', () => {
  fc.assert(
    fc.property(fc.oneof(input, junkInput), (i) => {
      const risk = assessBufferRisk(i);
      assert.equal(risk.grade, worseGrade(risk.send.grade, risk.receive.grade));
      for (const side of [risk.send, risk.receive]) {
        assert.ok(GRADES.includes(side.grade));
        for (const v of Object.values(side.figures)) assert.ok(Number.isSafeInteger(v) && v >= 0, `${v}`);
        assert.ok(side.derivation.length >= 2);
        assert.ok(side.derivation[side.derivation.length - 1].startsWith(`Grade ${side.grade}: `));
        for (const line of [...side.derivation, ...side.mitigations])
          assert.doesNotMatch(line, /NaN|undefined|Infinity/);
      }
    }),
    RUNS,
  );
});

test('figures follow §2.4: n_busy = floor(B / S) exactly, h = floor((L - B) / Nmax)', () => {
  fc.assert(
    fc.property(input, (i) => {
      const { figures } = assessBufferRisk(i).send;
      const B = i.sndbuf?.barrier;
      const check = (n: number | undefined, perSocket: number | undefined) => {
        if (n === undefined) return;
        assert.ok(typeof B === 'number' && perSocket !== undefined && perSocket > 0);
        assert.ok(n * perSocket <= B && (n + 1) * perSocket > B);
      };
      check(figures.busySocketsWorst, i.tcpWmem?.[2]);
      check(figures.busySocketsSockopt, i.wmemMax === undefined ? undefined : 2 * i.wmemMax);
      check(figures.busySocketsInitial, i.tcpWmem?.[1]);
      if (figures.headroomPerSocketBytes !== undefined) {
        const L = i.sndbuf?.limit as number;
        const N = i.numtcpsock?.limit as number;
        assert.equal(figures.headroomPerSocketBytes, Math.max(0, Math.floor((L - (B as number)) / N)));
      }
    }),
    RUNS,
  );
});

test('failcnt growing now is always critical; no growth and an unlimited barrier is always low', () => {
  fc.assert(
    fc.property(input, row, fc.integer({ min: 1, max: 1e9 }), (i, r, delta) => {
      assert.equal(assessBufferRisk({ ...i, sndbuf: { ...r, failcntDelta: delta } }).send.grade, 'critical');
      assert.equal(assessBufferRisk({ ...i, sndbuf: { ...r, barrier: null, failcntDelta: 0 } }).send.grade, 'low');
    }),
    RUNS,
  );
});

test('lowering tcp_wmem max never raises the send grade (unknown aside)', () => {
  fc.assert(
    fc.property(input, triple, fc.integer({ min: 1, max: 2 ** 36 }), (i, [w0, w1, w2], lower) => {
      const high = assessBufferRisk({ ...i, tcpWmem: [w0, w1, w2 + lower] }).send.grade;
      const low = assessBufferRisk({ ...i, tcpWmem: [w0, w1, w2] }).send.grade;
      fc.pre(high !== 'unknown' && low !== 'unknown');
      assert.ok(rank(low) <= rank(high), `${low} after lowering, ${high} before`);
    }),
    RUNS,
  );
});

test('without beancounter rows both sides are unknown, whatever the sysctls say', () => {
  fc.assert(
    fc.property(input, (i) => {
      const risk = assessBufferRisk({ ...i, sndbuf: undefined, rcvbuf: undefined });
      assert.equal(risk.grade, 'unknown');
      assert.deepEqual(risk.send.mitigations, []);
    }),
    RUNS,
  );
});
