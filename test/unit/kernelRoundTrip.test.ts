import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseLimitValue } from '../../src/core/kernel/cgroup';
import { parseConntrackStat } from '../../src/core/kernel/conntrack';
import { parseCounterTableDetailed, type SkippedCounter } from '../../src/core/kernel/counterTable';
import { parseKeyValueDetailed } from '../../src/core/kernel/keyValue';
import { parseSockstat } from '../../src/core/kernel/sockstat';
import { parseSysctlInts } from '../../src/core/kernel/sysctl';
import { RUNS } from './kernelPropertyKit';
import { unwrap } from './kernelFixtures';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const isSafe = (v: bigint): boolean => v <= MAX_SAFE && v >= -MAX_SAFE;
/** Unsigned longs as the kernel prints them, biased towards both ends of the safe range. */
const u64 = fc.oneof(
  fc.bigInt({ min: 0n, max: 1000n }),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.bigInt({ min: MAX_SAFE - 2n, max: MAX_SAFE + 2n }),
);
const s64 = fc.oneof(u64, fc.bigInt({ min: -(2n ** 63n), max: -1n }));
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,11}$/);

test('counter table: generated header/value pairs round-trip, unsafe values skipped with their line', () => {
  const section = fc.record({
    prefix: fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,9}$/),
    counters: fc.uniqueArray(fc.tuple(name, s64), { selector: ([n]) => n, maxLength: 30 }),
    perPair: fc.integer({ min: 1, max: 16 }), // IcmpMsg-style split into several pairs
  });
  fc.assert(
    fc.property(fc.uniqueArray(section, { selector: (s) => s.prefix, minLength: 1, maxLength: 6 }), (sections) => {
      const lines: string[] = [];
      const table: Record<string, Record<string, number>> = {};
      const skipped: SkippedCounter[] = [];
      for (const { prefix, counters, perPair } of sections) {
        table[prefix] = {};
        const chunks =
          counters.length === 0
            ? [[]]
            : Array.from({ length: Math.ceil(counters.length / perPair) }, (_, k) =>
                counters.slice(k * perPair, (k + 1) * perPair),
              );
        for (const chunk of chunks) {
          lines.push(
            `${prefix}: ${chunk.map(([n]) => n).join(' ')}`.trimEnd(),
            `${prefix}: ${chunk.map(([, v]) => v).join(' ')}`.trimEnd(),
          );
          for (const [n, v] of chunk) {
            if (isSafe(v)) table[prefix][n] = Number(v);
            else skipped.push({ prefix, name: n, line: lines.length, text: String(v) });
          }
        }
      }
      assert.deepEqual(unwrap(parseCounterTableDetailed(`${lines.join('\n')}\n`, 'snmp')), { table, skipped });
    }),
    RUNS,
  );
});

test('sockstat: generated files round-trip, whatever other lines surround them', () => {
  const n = fc.nat({ max: 2 ** 40 });
  fc.assert(
    fc.property(
      n,
      fc.tuple(n, n, n, n, n),
      fc.tuple(n, n),
      fc.boolean(),
      (used, [inuse, orphan, tw, alloc, mem], [udpInuse, udpMem], extra) => {
        const text = [
          `sockets: used ${used}`,
          `TCP: inuse ${inuse} orphan ${orphan} tw ${tw} alloc ${alloc} mem ${mem}`,
          `UDP: inuse ${udpInuse} mem ${udpMem}`,
          ...(extra ? ['UDPLITE: inuse 0', 'RAW: inuse 1', 'FRAG: inuse 0 memory 0', 'MPTCP: inuse 2'] : []),
        ].join('\n');
        assert.deepEqual(unwrap(parseSockstat(text)), {
          socketsUsed: used,
          tcp: { inuse, orphan, tw, alloc, memPages: mem },
          udp: { inuse: udpInuse, memPages: udpMem },
        });
      },
    ),
    RUNS,
  );
});

test('conntrack: per-CPU hex lines sum by name; entries is taken once', () => {
  const columns = [
    'entries',
    'searched',
    'clashres',
    'found',
    'new',
    'invalid',
    'ignore',
    'delete',
    'delete_list',
    'chainlength',
    'insert',
    'insert_failed',
    'drop',
    'early_drop',
    'icmp_error',
    'search_restart',
  ];
  fc.assert(
    fc.property(
      fc.shuffledSubarray(columns, { minLength: 1 }),
      fc.integer({ min: 1, max: 64 }),
      fc.nat(),
      (names, cpus, seed) => {
        const rows = Array.from({ length: cpus }, (_, cpu) =>
          names.map((_, k) => ((seed + 7919 * cpu + 104729 * k) * 2654435761) % 2 ** 32),
        );
        const text = [
          names.join(' '),
          ...rows.map((r) => r.map((v) => v.toString(16).padStart(8, '0')).join(' ')),
        ].join('\n');
        const expected = Object.fromEntries(
          names.map((c, k) => [c, c === 'entries' ? rows[0][k] : rows.reduce((sum, r) => sum + r[k], 0)]),
        );
        assert.deepEqual(unwrap(parseConntrackStat(text)), expected);
      },
    ),
    RUNS,
  );
});

test('key value: generated files round-trip, unsafe values skipped', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(name, u64), { selector: ([k]) => k, maxLength: 40 }), (pairs) => {
      const text = pairs.map(([k, v]) => `${k} ${v}`).join('\n');
      const values = Object.fromEntries(pairs.filter(([, v]) => isSafe(v)).map(([k, v]) => [k, Number(v)]));
      const skipped = pairs.flatMap(([k, v], i) => (isSafe(v) ? [] : [{ name: k, line: i + 1, text: String(v) }]));
      assert.deepEqual(unwrap(parseKeyValueDetailed(text, 'memory.stat')), { values, skipped });
    }),
    RUNS,
  );
});

test('sysctl ints: tab-separated safe integers round-trip', () => {
  fc.assert(
    fc.property(fc.array(fc.maxSafeInteger(), { minLength: 1, maxLength: 8 }), (values) => {
      assert.deepEqual(unwrap(parseSysctlInts(`${values.join('\t')}\n`, 'tcp_wmem', values.length)), values);
    }),
    RUNS,
  );
});

test('limit value: integers and "max" round-trip', () => {
  fc.assert(
    fc.property(fc.option(fc.nat({ max: Number.MAX_SAFE_INTEGER })), (limit) => {
      assert.equal(unwrap(parseLimitValue(`${limit ?? 'max'}\n`, 'memory.max')), limit);
    }),
    RUNS,
  );
});
