import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseBeancounters, parseBeancountersByLine, parseBeancountersIn } from '../../src/core/beancounters/parse';
import { scanText, scanWellFormed } from '../../src/core/beancounters/scan';
import { unitOf } from '../../src/core/beancounters/resources';
import { embeddedText, type EmbeddedLines } from '../../src/core/embeddedLines';
import { printBeancounters } from './beancountersPrinter';
import { readFixture, unwrap } from './beancountersFixtures';

// The one-pass scanner against the line-by-line parser it stands in for: whenever it answers, the
// answer is the line parser's, to the last field and line number; and the public parser equals the
// line parser on every input, errors included.

const RUNS = { numRuns: 300 };
const FIXTURES = ['seed', 'hostNode', 'bits32', 'bcResourcesSwap'].map(readFixture);
const HEADER =
  '       uid  resource                     held              maxheld              barrier                limit              failcnt';

function agrees(text: string): void {
  const reference = parseBeancountersByLine(text, 'x');
  assert.deepEqual(parseBeancounters(text, 'x'), reference);
  const scanned = scanText(text);
  if (scanned !== undefined) {
    answered++;
    assert.deepEqual({ ok: true, value: scanned }, reference);
  }
}

// Mostly well-formed pieces, now and then one the scanner must refuse: numbers around every edge the
// parsers treat specially (the sentinels, 2^53, 15/16/19/20 digits, leading zeros), odd whitespace, odd names.
const rarely = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: good, weight: 200 }, { arbitrary: bad, weight: 1 });
const edgeNumber = fc.constantFrom(
  '0',
  '00',
  '7',
  '0007',
  '2147483647',
  '02147483647',
  '999999999999999',
  '1000000000000000',
  '9007199254740991',
  '9223372036854775807',
  '09223372036854775807',
);
const number = rarely(
  fc.oneof(fc.nat({ max: 300 }).map(String), fc.maxSafeNat().map(String), edgeNumber),
  fc.constantFrom(
    '2147483648',
    '9007199254740992',
    '9223372036854775806',
    '9223372036854775808',
    '18446744073709551615',
    '1.5',
    '-1',
    '1e3',
    '',
    '١٢',
  ),
);
const gap = rarely(fc.constantFrom(' ', '  ', '\t', ' \t '), fc.constantFrom('\v', '\u00a0', '\ufeff', '\u2028', ''));
const name = rarely(
  fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_]{0,5}$/), fc.constantFrom('kmemsize', 'dummy', 'numpages')),
  fc.constantFrom('9x', 'a-b', 'kmem:', 'Ünïcode', ''),
);
const id = fc.oneof(
  { arbitrary: fc.constant(''), weight: 6 },
  { arbitrary: fc.constantFrom('101:', '0:', '4f7e4c2a-0d2b:', 'a:b:'), weight: 3 },
  { arbitrary: fc.constantFrom(':', 'ct\u00e9:', '101'), weight: 1 },
);
const row = fc
  .tuple(
    gap,
    id,
    gap,
    name,
    fc.array(fc.tuple(gap, number), { minLength: 5, maxLength: 5 }),
    rarely(fc.constantFrom('', ' ', '\t'), fc.constantFrom(' 1', ' x', '\u00a0')),
  )
  .map(
    ([lead, i, g, n, nums, trail]) =>
      `${lead}${i}${i === '' ? '' : g}${n}${nums.map(([s, v]) => s + v).join('')}${trail}`,
  );
const lineEnd = rarely(fc.constantFrom('\n', '\r\n', '\n\n', '\n \t\n'), fc.constantFrom('\r', '\n\u00a0\n', '\r\r\n'));
const preamble = rarely(
  fc.constantFrom(
    `101: x 1 2 3 4 5\n`,
    `Version: 2.5\n${HEADER}\n`,
    `\ufeffVersion: 2.6\r\n${HEADER}\r\n`,
    `\nVersion: 2.5\n\n${HEADER}\n`,
  ),
  fc.constantFrom('Version: 2.5\n', `Version:\n${HEADER}\n`, `Version: 2.5\n${HEADER} x\n`, ''),
).map((p) => (p.startsWith('101:') ? `Version: 2.5\n${HEADER}\n` : p));
let answered = 0;

test('scanner and line parser agree on generated near-valid files', () => {
  answered = 0;
  fc.assert(
    fc.property(preamble, fc.array(fc.tuple(row, lineEnd), { maxLength: 12 }), fc.boolean(), (p, rows, idFirst) => {
      agrees(p + (idFirst ? ' 100: first 1 2 3 4 5\n' : '') + rows.map(([r, e]) => r + e).join(''));
    }),
    RUNS,
  );
  // Not vacuous: a good share of the files are ones the scanner answers for.
  console.log(answered);
  assert.ok(answered > RUNS.numRuns / 10, `the scanner answered for ${answered} of ${RUNS.numRuns}`);
});

test('scanner and line parser agree on mutated fixtures', () => {
  const edit = fc.record({
    at: fc.nat(),
    cut: fc.nat({ max: 3 }),
    text: fc.oneof(
      fc.constantFrom('9', ' ', ':', '\t', '\r', '\n', '\r\n', '0', 'x', '\u00a0', '2147483647', '9223372036854775807'),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
  });
  fc.assert(
    fc.property(fc.constantFrom(...FIXTURES), fc.array(edit, { minLength: 1, maxLength: 4 }), (fixture, edits) => {
      const text = edits.reduce((t, e) => {
        const i = e.at % (t.length + 1);
        return t.slice(0, i) + e.text + t.slice(i + e.cut);
      }, fixture);
      agrees(text);
    }),
    RUNS,
  );
});

test('scanner and line parser agree on arbitrary strings', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
      agrees(s);
      agrees(`Version: 2.5\n${HEADER}\n${s}`);
    }),
    RUNS,
  );
});

test('the scanner answers for well-formed files in every layout the kernel and transports produce', () => {
  const layouts = (text: string) => [
    text,
    text.replaceAll('\n', '\r\n'),
    `\ufeff${text}`,
    text.replaceAll('  ', '\t '),
    text.replaceAll('\n', '\n\n'),
    text.replace(/\n$/, ''),
  ];
  for (const fixture of FIXTURES) {
    for (const text of layouts(fixture)) {
      const scanned = scanText(text);
      assert.ok(scanned !== undefined, JSON.stringify(text.slice(0, 80)));
      assert.deepEqual({ ok: true, value: scanned }, parseBeancountersByLine(text));
    }
  }
});

// Distinct names and ids, barrier/limit never equal to a sentinel (those mean null).
const resourceName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/).filter((n) => n !== 'dummy');
const count = fc.oneof(
  fc.maxSafeNat(),
  fc.constantFrom(0, 2147483647, 999999999999999, 1000000000000000, Number.MAX_SAFE_INTEGER),
);
const threshold = fc.option(
  count.filter((v) => v !== 2147483647),
  { nil: null },
);
const table = fc
  .record({
    version: fc.constantFrom('2.5', '2.6'),
    containers: fc.uniqueArray(
      fc.record({
        id: fc.oneof(fc.nat({ max: 99999 }).map(String), fc.uuid()),
        resources: fc.uniqueArray(
          fc.record({
            name: resourceName,
            held: count,
            maxheld: count,
            barrier: threshold,
            limit: threshold,
            failcnt: count,
          }),
          { minLength: 1, maxLength: 25, selector: (r) => r.name },
        ),
      }),
      { minLength: 1, maxLength: 6, selector: (c) => c.id },
    ),
  })
  .map((t) => ({
    ...t,
    versionKnown: t.version === '2.5',
    containers: t.containers.map((c) => ({
      ...c,
      resources: c.resources.map((r) => ({ ...r, unit: unitOf(r.name), line: 0 })),
    })),
  }));

test("the scanner answers for printed tables (64-bit with dummies, and 32-bit) with the line parser's table", () => {
  fc.assert(
    fc.property(table, fc.boolean(), (t, dummies) => {
      const text = printBeancounters(t, { dummies });
      const scanned = scanText(text);
      assert.ok(scanned !== undefined);
      assert.deepEqual({ ok: true, value: scanned }, parseBeancountersByLine(text));
    }),
    RUNS,
  );
  const small = fc.nat({ max: 2147483646 });
  fc.assert(
    fc.property(
      fc.uniqueArray(
        fc.record({
          name: resourceName,
          held: small,
          maxheld: small,
          barrier: fc.option(small, { nil: null }),
          limit: fc.option(small, { nil: null }),
          failcnt: small,
        }),
        { minLength: 1, maxLength: 25, selector: (r) => r.name },
      ),
      (rows) => {
        const text = printBeancounters(
          {
            version: '2.5',
            versionKnown: true,
            containers: [{ id: '101', resources: rows.map((r) => ({ ...r, unit: unitOf(r.name), line: 0 })) }],
          },
          { bits: 32 },
        );
        const scanned = scanText(text);
        assert.ok(scanned !== undefined);
        assert.deepEqual({ ok: true, value: scanned }, parseBeancountersByLine(text));
      },
    ),
    RUNS,
  );
});

/** `text` as `grep -H` prints it inside a larger output: every line behind `prefix`, other files around it. */
function embed(text: string, prefix: string): EmbeddedLines {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const before = 'proc/uptime:12.5 3.2\nproc/net/snmp:Ip: Forwarding\n';
  const body = lines.map((l) => prefix + l).join('\n');
  const bytes = Buffer.from(`${before}${body}\nproc/net/sockstat:TCP: inuse 1\n`);
  return { bytes, from: before.length, to: Buffer.byteLength(before + body), prefix };
}

test('read in place behind a grep -H prefix, a file parses as its text does', () => {
  const prefix = 'proc/user_beancounters:';
  const check = (text: string) => {
    const lines = embed(text, prefix);
    assert.equal(embeddedText(lines), text.endsWith('\n') ? text : `${text}\n`);
    const reference = parseBeancountersByLine(text);
    assert.deepEqual(parseBeancountersIn(lines), reference);
    const inPlace = scanWellFormed(lines.bytes, lines.from, lines.to, lines.prefix);
    if (inPlace !== undefined) assert.deepEqual({ ok: true, value: inPlace }, reference);
    return inPlace;
  };
  for (const fixture of FIXTURES) {
    assert.ok(check(fixture) !== undefined);
    assert.ok(check(`\ufeff${fixture.replaceAll('\n', '\r\n')}`) !== undefined);
  }
  fc.assert(
    fc.property(table, (t) => assert.ok(check(printBeancounters(t, { dummies: true })) !== undefined)),
    RUNS,
  );
  fc.assert(
    fc.property(preamble, fc.array(fc.tuple(row, fc.constantFrom('\n', '\r\n')), { maxLength: 20 }), (p, rows) => {
      check(p + rows.map(([r, e]) => r + e).join(''));
    }),
    RUNS,
  );
});

test('a line without the prefix, or a prefix that is not printable ASCII, is not read in place', () => {
  const lines = embed(FIXTURES[0], 'proc/user_beancounters:');
  const broken = Buffer.from(
    lines.bytes
      .toString()
      .replace('proc/user_beancounters:            numproc', 'proc/user_beancounter:            numproc'),
  );
  assert.equal(scanWellFormed(broken, lines.from, lines.to - 1, lines.prefix), undefined);
  assert.equal(scanWellFormed(lines.bytes, lines.from, lines.to, 'a\nb'), undefined);
});

test('exact numbers at the edges: 2^53-1 is kept, both sentinels are null only in barrier and limit', () => {
  const text = `Version: 2.5\n${HEADER}\n 7: a 9007199254740991 1000000000000000 9223372036854775807 2147483647 2147483647\n b 0 0 09223372036854775807 02147483647 0\n`;
  const t = scanText(text);
  assert.ok(t !== undefined);
  const [a, b] = t.containers[0]!.resources;
  assert.deepEqual(
    [a!.held, a!.maxheld, a!.barrier, a!.limit, a!.failcnt],
    [9007199254740991, 1000000000000000, null, null, 2147483647],
  );
  assert.deepEqual([b!.barrier, b!.limit], [null, null]);
  assert.deepEqual(unwrap(parseBeancountersByLine(text)), t);
  // Past 2^53 or a sentinel in a count column: the scanner steps aside and the line parser names it.
  for (const bad of ['9007199254740992 0 0 0 0', '9223372036854775807 0 0 0 0', '0 0 9223372036854775806 0 0']) {
    const wrong = `Version: 2.5\n${HEADER}\n 7: a ${bad}\n`;
    assert.equal(scanText(wrong), undefined);
    assert.equal(parseBeancounters(wrong).ok, false);
  }
});

test("whitespace that JavaScript trims but the scanner does not split on gives the line parser's answer", () => {
  const rows = (w: string) => [
    `${w}101: a 1 2 3 4 5`,
    `101:${w}a 1 2 3 4 5`,
    ` 101: a${w}1 2 3 4 5`,
    ` 101: a 1 2 3 4 5${w}`,
    ` 101${w}: a 1 2 3 4 5`,
    ` 101: a 1 2 3 4 5\n${w}`,
    ` 101: a 1 2 3 4 5\n b 1 2 3${w}4 5`,
  ];
  for (const w of ['\u00a0', '\ufeff', '\u2028', '\u2029', '\v', '\f', '\u3000', '\u1680', '\u0085']) {
    for (const r of rows(w)) agrees(`Version: 2.5\n${HEADER}\n${r}\n`);
    agrees(`${w}Version: 2.5\n${w}\n${HEADER}${w}\n 101: a 1 2 3 4 5\n`);
  }
});

test('a short text after a long one reads only its own bytes (the encode buffer is reused)', () => {
  const long = FIXTURES[1]!;
  assert.ok(scanText(long) !== undefined);
  for (let cut = 1; cut < long.length; cut += 7) {
    const short = long.slice(0, cut);
    scanText(long);
    agrees(short);
    agrees(`${short}é`);
  }
});
