/** Shared pieces of the kernel parser property tests: the parsers under test, fixture mutations and soundness checks. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitLines, type Result } from '../../src/core/result';
import { parseLimitValue } from '../../src/core/kernel/cgroup';
import { parseConntrackStat } from '../../src/core/kernel/conntrack';
import { parseCounterTableDetailed } from '../../src/core/kernel/counterTable';
import { parseKeyValueDetailed } from '../../src/core/kernel/keyValue';
import { parseSockstat } from '../../src/core/kernel/sockstat';
import { parseSysctlInts } from '../../src/core/kernel/sysctl';
import { readKernelFixture } from './kernelFixtures';

export const RUNS = { numRuns: 200 };

/** The integer tokens of every line whose first token is `head`, as exact BigInts. */
function integersOnLinesStartingWith(text: string, head: string, hex = false): Set<bigint> {
  const out = new Set<bigint>();
  for (const line of splitLines(text)) {
    const words = line.trim().split(/\s+/);
    if (head !== '' && words[0] !== head) continue;
    for (const w of words) {
      if (hex ? /^[0-9a-fA-F]+$/.test(w) : /^-?\d+$/.test(w)) out.add(BigInt(hex ? `0x${w}` : w));
    }
  }
  return out;
}

const safe = (v: number, nonNegative: boolean): boolean =>
  Number.isSafeInteger(v) && (!nonNegative || v >= 0) && !Object.is(v, -0);

/** One parser with a check that a successful result is sound: every number exact, from the text, within bounds. */
export interface ParserUnderTest {
  name: string;
  fixtures: string[];
  parse: (text: string) => Result<unknown>;
  /** Whether runs of spaces and tabs inside a line separate tokens (false for /proc/self/cgroup paths). */
  tokenized: boolean;
  assertSound: (text: string, value: unknown) => void;
}

export const PARSERS: ParserUnderTest[] = [
  {
    name: 'counter table',
    fixtures: [
      'captured-6.18/snmp.txt',
      'captured-6.18/netstat.txt',
      'openvz-2.6.32/snmp.txt',
      'openvz-2.6.32/netstat.txt',
    ],
    parse: (t) => parseCounterTableDetailed(t, 'snmp'),
    tokenized: true,
    assertSound: (text, value) => {
      const { table, skipped } = value as ReturnType<typeof parseCounterTableDetailed> extends Result<infer V>
        ? V
        : never;
      for (const [prefix, counters] of Object.entries(table)) {
        const onLines = integersOnLinesStartingWith(text, `${prefix}:`);
        for (const v of Object.values(counters)) {
          assert.ok(safe(v, false), `${prefix} ${v}`);
          assert.ok(onLines.has(BigInt(v)), `${prefix} ${v} is not on any ${prefix}: line`);
        }
      }
      for (const s of skipped)
        assert.ok(
          BigInt(s.text) > BigInt(Number.MAX_SAFE_INTEGER) || BigInt(s.text) < -BigInt(Number.MAX_SAFE_INTEGER),
        );
    },
  },
  {
    name: 'sockstat',
    fixtures: ['captured-6.18/sockstat.txt', 'openvz-2.6.32/sockstat.txt'],
    parse: (t) => parseSockstat(t),
    tokenized: true,
    assertSound: (text, value) => {
      const v = value as { socketsUsed?: number; tcp?: Record<string, number>; udp?: Record<string, number> };
      const check = (head: string, key: string, n: number | undefined) => {
        if (n === undefined) return;
        assert.ok(safe(n, true));
        const line = splitLines(text)
          .map((l) => l.trim().split(/\s+/))
          .find((w) => w[0] === head);
        assert.ok(line !== undefined && BigInt(line[line.indexOf(key) + 1]) === BigInt(n), `${head} ${key} ${n}`);
      };
      check('sockets:', 'used', v.socketsUsed);
      for (const [field, key] of [
        ['inuse', 'inuse'],
        ['orphan', 'orphan'],
        ['tw', 'tw'],
        ['alloc', 'alloc'],
        ['memPages', 'mem'],
      ])
        check('TCP:', key, v.tcp?.[field]);
      check('UDP:', 'inuse', v.udp?.inuse);
      check('UDP:', 'mem', v.udp?.memPages);
    },
  },
  {
    name: 'sysctl ints',
    fixtures: ['captured-6.18/tcp_wmem.txt', 'captured-6.18/tcp_mem.txt', 'captured-6.18/wmem_max.txt'],
    parse: (t) => parseSysctlInts(t, 'tcp_wmem'),
    tokenized: true,
    assertSound: (text, value) => {
      const onLines = integersOnLinesStartingWith(text, '');
      for (const v of value as number[]) assert.ok(safe(v, false) && onLines.has(BigInt(v)));
    },
  },
  {
    name: 'conntrack',
    fixtures: ['openvz-2.6.32/nf_conntrack-2cpu.txt', 'captured-6.18/nf_conntrack.txt'],
    parse: (t) => parseConntrackStat(t),
    tokenized: true,
    assertSound: (text, value) => {
      const record = value as Record<string, number>;
      for (const v of Object.values(record)) assert.ok(safe(v, true));
      if (record.entries !== undefined)
        assert.ok(integersOnLinesStartingWith(text, '', true).has(BigInt(record.entries)));
    },
  },
  {
    name: 'key value',
    fixtures: [
      'cgroup-v2/memory.events.txt',
      'cgroup-v2/memory.stat.txt',
      'cgroup-v2/pids.events.txt',
      'captured-6.18/memory.stat-v1.txt',
    ],
    parse: (t) => parseKeyValueDetailed(t, 'memory.stat'),
    tokenized: true,
    assertSound: (text, value) => {
      const { values } = value as { values: Record<string, number> };
      for (const [key, v] of Object.entries(values)) {
        assert.ok(safe(v, true));
        assert.ok(integersOnLinesStartingWith(text, key).has(BigInt(v)), `${key} ${v}`);
      }
    },
  },
  {
    name: 'limit value',
    fixtures: ['cgroup-v2/memory.max.txt', 'cgroup-v2/memory.max-unlimited.txt', 'cgroup-v2/pids.max.txt'],
    parse: (t) => parseLimitValue(t, 'memory.max'),
    tokenized: true,
    assertSound: (text, value) => {
      if (value === null) return assert.match(text, /max/);
      assert.ok(safe(value as number, true) && integersOnLinesStartingWith(text, '').has(BigInt(value as number)));
    },
  },
];

export function fixtureTexts(p: ParserUnderTest): string[] {
  return p.fixtures.map(readKernelFixture);
}

/** A Result at all, an error that names an existing line with a short message, or a sound value. */
export function assertTotalAndSound(p: ParserUnderTest, text: string): void {
  let r: Result<unknown>;
  try {
    r = p.parse(text);
  } catch (e) {
    assert.fail(`${p.name} threw ${String(e)}`);
  }
  if (r.ok) return p.assertSound(text, r.value);
  assert.equal(r.error.kind, 'parse');
  assert.ok(
    Number.isInteger(r.error.line) && r.error.line >= 0 && r.error.line <= splitLines(text).length,
    `line ${r.error.line}`,
  );
  assert.ok(r.error.message.length > 0 && r.error.message.length < 600);
}

/** Fixture mutations: truncation, a duplicated, dropped or garbage line, a replaced token, CRLF. */
export function mutated(texts: string[]): fc.Arbitrary<string> {
  const garbage = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constantFrom('Tcp: 1 2', 'TCP: inuse', '0::', 'max', '-', 'ffffffff', '99999999999999999999'),
  );
  return fc
    .tuple(fc.constantFrom(...texts), fc.nat(), fc.nat(), garbage, fc.integer({ min: 0, max: 5 }))
    .map(([text, a, b, junk, op]) => {
      const lines = text.split('\n');
      const i = a % lines.length;
      switch (op) {
        case 0:
          return text.slice(0, a % (text.length + 1));
        case 1:
          return [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n');
        case 2:
          return [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
        case 3:
          return [...lines.slice(0, i), junk, ...lines.slice(i)].join('\n');
        case 4: {
          const words = lines[i].split(' ');
          words[b % words.length] = junk;
          lines[i] = words.join(' ');
          return lines.join('\n');
        }
        default:
          return text.replace(/\n/g, '\r\n');
      }
    });
}

/** Re-spaces a LF text: leading/trailing blanks on every line, and (when tokenized) every space or tab run replaced by another. */
export function respaced(text: string, seed: number[], tokenized: boolean): string {
  let k = 0;
  const blank = (): string => [' ', '\t', '  ', ' \t ', ''][seed[k++ % seed.length] % 5];
  return text
    .split('\n')
    .map((line) =>
      line === '' ? line : `${blank()}${tokenized ? line.replace(/[ \t]+/g, () => blank() || ' ') : line}${blank()}`,
    )
    .join('\n');
}
