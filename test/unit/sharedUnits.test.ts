import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  formatBytes,
  formatBytesExact,
  formatInteger,
  formatInterval,
  formatIntervalInProse,
  formatNumber,
  formatPercent,
  formatShare,
  formatShortPercent,
} from '../../src/shared/units';

const BYTES: [number, string][] = [
  [0, '0 B'],
  [512, '512 B'],
  [1023, '1023 B'],
  [1024, '1 KiB'],
  [2730, '2.7 KiB'],
  [16384, '16 KiB'],
  [133120, '130 KiB'],
  [1720320, '1.6 MiB'],
  [4194304, '4 MiB'],
  [1048550, '1 MiB'], // 1023.97 KiB would round to "1024 KiB"
  [1575370752, '1.5 GiB'],
  [-4096, '-4 KiB'],
];

for (const [n, text] of BYTES) test(`formatBytes(${n}) = ${text}`, () => assert.equal(formatBytes(n), text));

test('formatInteger groups digits with commas, independent of locale', () => {
  assert.equal(formatInteger(0), '0');
  assert.equal(formatInteger(999), '999');
  assert.equal(formatInteger(1720320), '1,720,320');
  assert.equal(formatInteger(-4096), '-4,096');
  assert.equal(formatInteger(Number.MAX_SAFE_INTEGER), '9,007,199,254,740,991');
  assert.equal(formatInteger(Number.NaN), 'NaN');
});

test('formatBytesExact: exact count, then the short form from 1 KiB up', () => {
  assert.equal(formatBytesExact(1720320), '1,720,320 B (1.6 MiB)');
  assert.equal(formatBytesExact(512), '512 B');
});

test('formatInteger round-trips: removing the commas gives the number back', () => {
  fc.assert(
    fc.property(fc.maxSafeInteger(), (n) => {
      const text = formatInteger(n);
      assert.match(text, /^-?\d{1,3}(,\d{3})*$/);
      assert.equal(Number(text.replace(/,/g, '')), n);
    }),
    { numRuns: 200 },
  );
});

test('formatBytes never shows 1024 or more of a unit below EiB, and stays within 5 % of the value', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1024, max: Number.MAX_SAFE_INTEGER }), (n) => {
      const [value, unit] = formatBytes(n).split(' ');
      const power = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'].indexOf(unit) + 1;
      assert.ok(power >= 1 && Number(value) < 1024);
      assert.ok(Math.abs(Number(value) * 1024 ** power - n) <= 0.05 * n);
    }),
    { numRuns: 200 },
  );
});

test('the three percent styles: reports and sentences, a share of a limit, a one-line summary', () => {
  assert.deepEqual([0.04, 0.195, 0, 1].map(formatPercent), ['4.0 %', '19.5 %', '0 %', '100.0 %']);
  assert.deepEqual(
    [
      [0.02, 0.077],
      [0, 0.161],
    ].map((ci) => formatInterval(ci as [number, number])),
    ['2.0–7.7 %', '0–16.1 %'],
  );
  assert.deepEqual(
    [
      [0.02, 0.077],
      [0.05, 0.126],
    ].map((ci) => formatIntervalInProse(ci as [number, number])),
    ['2.0 – 7.7 %', '5.0 – 12.6 %'],
  );
  assert.equal(formatShare(176.8, 1684.5), '10.5%');
  assert.equal(formatShare(0, 100), '0.0%');
  assert.equal(formatShare(252, 100), '252%');
  // docs/method.md §1.3: a barrier of 0 is meaningful and never a denominator; null is unlimited.
  assert.equal(formatShare(5, 0), '');
  assert.equal(formatShare(5, null), '');
  assert.deepEqual([0, 0.04, 0.071, 0.125, 1].map(formatShortPercent), ['0%', '4.0%', '7.1%', '13%', '100%']);
});

test('formatNumber groups integers and shortens other numbers for running text', () => {
  assert.deepEqual([1779659, 0, -4096, 2.5, 0.3333, 123.4, 9.96].map(formatNumber), [
    '1,779,659',
    '0',
    '-4,096',
    '2.5',
    '0.33',
    '123',
    '10',
  ]);
  assert.equal(formatNumber(Number.POSITIVE_INFINITY), 'Infinity');
});
