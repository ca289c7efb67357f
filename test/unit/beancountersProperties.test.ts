import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseBeancounters } from '../../src/core/beancounters/parse';
import { splitLines, type Result } from '../../src/core/result';
import type { BeancounterTable, Container, ResourceRow } from '../../src/core/beancounters/types';
import { unitOf } from '../../src/core/beancounters/resources';
import { printBeancounters } from './beancountersPrinter';
import { readFixture, unwrap } from './beancountersFixtures';

const RUNS = { numRuns: 200 };
const FIXTURES = ['seed', 'hostNode', 'bits32', 'bcResourcesSwap'].map(readFixture);
const UNLIMITED = new Set(['9223372036854775807', '2147483647']);

/**
 * Totality and soundness in one check: a Result always; an error names a line that exists;
 * every parsed number is a non-negative safe integer (or null for barrier/limit) and is exactly
 * what the cited line says, so a mutation can never yield a wrong number.
 */
function assertSound(text: string, r: Result<BeancounterTable>): void {
  const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (!r.ok) {
    assert.equal(r.error.kind, 'parse');
    assert.ok(
      Number.isInteger(r.error.line) && r.error.line >= 0 && r.error.line <= lines.length,
      `line ${r.error.line} of ${lines.length}`,
    );
    assert.ok(r.error.message.length > 0 && r.error.message.length < 600);
    return;
  }
  for (const c of r.value.containers) {
    for (const row of c.resources) {
      for (const v of [row.held, row.maxheld, row.failcnt]) assert.ok(Number.isSafeInteger(v) && v >= 0);
      for (const v of [row.barrier, row.limit]) assert.ok(v === null || (Number.isSafeInteger(v) && v >= 0));
      assert.equal(row.unit, unitOf(row.name));
      const cited = lines[row.line - 1].trim().split(/\s+/).slice(-6);
      assert.equal(cited[0], row.name);
      const expect = (token: string, v: number | null) =>
        assert.equal(
          v === null ? UNLIMITED.has(token.replace(/^0+(?=\d)/, '')) : BigInt(token) === BigInt(v),
          true,
          `${token} vs ${v}`,
        );
      [row.held, row.maxheld, row.barrier, row.limit, row.failcnt].forEach((v, k) => expect(cited[k + 1], v));
    }
  }
}

test('total on arbitrary strings', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (s) => assertSound(s, parseBeancounters(s))),
    RUNS,
  );
});

test('total on arbitrary strings that start like the file', () => {
  const prefix = fc.constantFrom('', 'Version: 2.5\n', `${FIXTURES[0].split('\n').slice(0, 2).join('\n')}\n`);
  const body = fc.array(
    fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 80 }),
      fc.constantFrom(' 1: a 1 2 3 4 5', '  x 1 2 3 4 5', ': x 1 2 3 4 5'),
    ),
    { maxLength: 20 },
  );
  fc.assert(
    fc.property(prefix, body, (p, lines) => {
      const text = p + lines.join('\n');
      assertSound(text, parseBeancounters(text));
    }),
    RUNS,
  );
});

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('garbage' as const),
    at: fc.nat(),
    text: fc.string({ unit: 'binary', maxLength: 60 }),
  }),
  fc.record({ kind: fc.constant('crlf' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('replaceChar' as const),
    at: fc.nat(),
    text: fc.constantFrom('9', ' ', ':', '-', 'x', '\n', '\t', '0'),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const at = m.at % Math.max(1, lines.length);
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'duplicate':
      return [...lines.slice(0, at + 1), lines[at], ...lines.slice(at + 1)].join('\n');
    case 'delete':
      return [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n');
    case 'garbage':
      return [...lines.slice(0, at), m.text, ...lines.slice(at)].join('\n');
    case 'crlf':
      return lines.map((l, k) => (k % (at + 1) === 0 ? `${l}\r` : l)).join('\n');
    case 'replaceChar': {
      const i = m.at % Math.max(1, text.length);
      return text.slice(0, i) + m.text + text.slice(i + 1);
    }
  }
}

test('total and sound on mutated real fixtures', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...FIXTURES),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      (fixture, mutations) => {
        const text = mutations.reduce(mutate, fixture);
        assertSound(text, parseBeancounters(text));
      },
    ),
    RUNS,
  );
});

// Valid tables: distinct ids and names, no "dummy", barrier/limit never equal to a sentinel (those mean null).
const resourceName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/).filter((n) => n !== 'dummy');
const count = fc.maxSafeNat();
const threshold = fc.option(
  count.filter((v) => v !== 2147483647),
  { nil: null },
);
const resource = fc.record({
  name: resourceName,
  held: count,
  maxheld: count,
  barrier: threshold,
  limit: threshold,
  failcnt: count,
});
const containerId = fc.oneof(
  fc.nat({ max: 99999 }).map(String),
  fc.uuid(),
  fc.stringMatching(/^[A-Za-z0-9._-]{1,24}$/),
);
const table = fc.record({
  version: fc.constantFrom('2.5', '2.6', '3'),
  containers: fc.uniqueArray(
    fc.record({
      id: containerId,
      resources: fc.uniqueArray(resource, { minLength: 1, maxLength: 25, selector: (r) => r.name }),
    }),
    { minLength: 1, maxLength: 5, selector: (c) => c.id },
  ),
});

/** Strips line numbers and fills units, giving what a parse of any printing must produce. */
function normalise(t: {
  version: string;
  containers: { id: string; resources: Omit<ResourceRow, 'unit' | 'line'>[] }[];
}) {
  return {
    version: t.version,
    containers: t.containers.map((c) => ({
      id: c.id,
      resources: c.resources.map(({ name, held, maxheld, barrier, limit, failcnt }) => ({
        name,
        unit: unitOf(name),
        held,
        maxheld,
        barrier,
        limit,
        failcnt,
      })),
    })),
  };
}

test('round trip: a printed table in the kernel format parses back to the same values', () => {
  fc.assert(
    fc.property(table, fc.boolean(), (t, dummies) => {
      const asTable = {
        ...t,
        versionKnown: t.version === '2.5',
        containers: t.containers.map((c) => ({
          ...c,
          resources: c.resources.map((r) => ({ ...r, unit: unitOf(r.name), line: 0 })),
        })),
      };
      const parsed = unwrap(parseBeancounters(printBeancounters(asTable, { dummies })));
      assert.equal(parsed.versionKnown, t.version === '2.5');
      assert.deepEqual(normalise(parsed), normalise(t));
    }),
    RUNS,
  );
});

test('round trip through the 32-bit layout for values that fit in 32 bits', () => {
  const small = fc.nat({ max: 2147483646 });
  const row32 = fc.record({
    name: resourceName,
    held: small,
    maxheld: small,
    barrier: fc.option(small, { nil: null }),
    limit: fc.option(small, { nil: null }),
    failcnt: small,
  });
  fc.assert(
    fc.property(fc.uniqueArray(row32, { minLength: 1, maxLength: 25, selector: (r) => r.name }), (rows) => {
      const t = {
        version: '2.5',
        versionKnown: true,
        containers: [{ id: '101', resources: rows.map((r) => ({ ...r, unit: unitOf(r.name), line: 0 })) }],
      };
      const text = printBeancounters(t, { bits: 32 });
      assert.deepEqual(normalise(unwrap(parseBeancounters(text))), normalise(t));
    }),
    RUNS,
  );
});

function tableWithoutLines(t: BeancounterTable) {
  return t.containers.map((c: Container) => ({ id: c.id, resources: c.resources.map((r) => ({ ...r, line: 0 })) }));
}

test('metamorphic: CRLF, trailing whitespace and wider column gaps give the same table', () => {
  const spaces = fc.array(fc.constantFrom(' ', '\t', '  '), { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
  fc.assert(
    fc.property(fc.constantFrom(...FIXTURES), fc.boolean(), spaces, spaces, (text, crlf, trail, gap) => {
      const want = unwrap(parseBeancounters(text));
      let changed = text
        .split('\n')
        .map((l) => (l === '' ? l : l.replace(/ +/g, (m) => m + gap) + trail))
        .join('\n');
      if (crlf) changed = changed.replaceAll('\n', '\r\n');
      assert.deepEqual(unwrap(parseBeancounters(changed)), want);
    }),
    RUNS,
  );
});

test('metamorphic: blank lines change only line numbers', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FIXTURES), fc.array(fc.nat(), { maxLength: 6 }), (text, positions) => {
      const lines = text.split('\n');
      for (const p of positions) lines.splice(p % (lines.length + 1), 0, p % 2 === 0 ? '' : '   \t');
      const want = unwrap(parseBeancounters(text));
      const got = unwrap(parseBeancounters(lines.join('\n')));
      assert.deepEqual(tableWithoutLines(got), tableWithoutLines(want));
      assert.equal(got.version, want.version);
    }),
    RUNS,
  );
});

test('100k-character lines complete and give a typed result', () => {
  const big = 100_000;
  const header = FIXTURES[0].split('\n').slice(0, 2).join('\n');
  const cases = [
    'x'.repeat(big),
    ' '.repeat(big),
    `Version: 2.5\n${header}\n${' 1'.repeat(big / 2)}`,
    `${header}\n 1: kmemsize ${'9'.repeat(big)} 1 2 3 4`,
    `${header}\n ${'a'.repeat(big)}: kmemsize 1 2 3 4 5`,
    `${header}\n 1: ${'a'.repeat(big)} 1 2 3 4 5`,
    `${header}\n 1: kmemsize 1 2 3 4 5\n${'\t '.repeat(big / 2)}x`,
    `${header}\n 1: kmemsize 1 2 3 4 5 ${'Permission '.repeat(big / 11)}`,
    `${header}\n${':'.repeat(big)}`,
    '0'.repeat(big),
    `${header}\n 1: kmemsize ${'0'.repeat(big)}7 1 2 3 4`,
  ];
  for (const text of cases) assertSound(text, parseBeancounters(text));
  const id = unwrap(parseBeancounters(`${header}\n ${'a'.repeat(big)}: kmemsize 1 2 3 4 5`)).containers[0].id;
  assert.equal(id.length, big);
  assert.equal(
    unwrap(parseBeancounters(`${header}\n 1: kmemsize ${'0'.repeat(big)}7 1 2 3 4`)).containers[0].resources[0].held,
    7,
  );
});
