import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertTotalAndSound, fixtureTexts, mutated, PARSERS, respaced, RUNS } from './kernelPropertyKit';

for (const p of PARSERS) {
  test(`${p.name}: fixtures parse and are sound`, () => {
    for (const text of fixtureTexts(p)) {
      const r = p.parse(text);
      assert.ok(r.ok, JSON.stringify(r));
      p.assertSound(text, r.value);
    }
  });

  test(`${p.name}: total on arbitrary strings`, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => assertTotalAndSound(p, text)),
      RUNS,
    );
  });

  test(`${p.name}: total and sound on mutated fixtures (truncated, duplicated, dropped, garbage, CRLF)`, () => {
    fc.assert(
      fc.property(mutated(fixtureTexts(p)), (text) => assertTotalAndSound(p, text)),
      RUNS,
    );
  });

  test(`${p.name}: CRLF and LF give the same result, errors included`, () => {
    fc.assert(
      fc.property(fc.oneof(mutated(fixtureTexts(p)), fc.constantFrom(...fixtureTexts(p))), (text) => {
        const lf = text.replace(/\r\n?/g, '\n');
        assert.deepEqual(p.parse(lf.replace(/\n/g, '\r\n')), p.parse(lf));
      }),
      RUNS,
    );
  });

  test(`${p.name}: extra spaces and tabs give the same result, errors included`, () => {
    const lfOnly = mutated(fixtureTexts(p)).filter((t) => !t.includes('\r'));
    fc.assert(
      fc.property(
        fc.oneof(lfOnly, fc.constantFrom(...fixtureTexts(p))),
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        (text, seed) => {
          assert.deepEqual(p.parse(respaced(text, seed, p.tokenized)), p.parse(text));
        },
      ),
      RUNS,
    );
  });

  // Blank lines shift line numbers (of skipped values too), and nothing else.
  const withoutLines = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(v, (key, x: unknown) => (key === 'line' ? undefined : x)));
  test(`${p.name}: blank lines change no value`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtureTexts(p)),
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        (text, at) => {
          const lines = text.split('\n');
          for (const i of at) lines.splice(i % (lines.length + 1), 0, i % 2 === 0 ? '' : ' \t');
          const before = p.parse(text);
          const after = p.parse(lines.join('\n'));
          assert.ok(before.ok && after.ok);
          assert.deepEqual(withoutLines(after.value), withoutLines(before.value));
        },
      ),
      RUNS,
    );
  });

  test(`${p.name}: 100,000-character lines return a result`, () => {
    for (const line of [
      'a'.repeat(100_000),
      '1 '.repeat(50_000),
      `Tcp: ${'x'.repeat(100_000)}`,
      `${'9'.repeat(100_000)}`,
      `0::${'/'.repeat(100_000)}`,
    ]) {
      assertTotalAndSound(p, `${line}\n${line}\n`);
    }
  });
}
