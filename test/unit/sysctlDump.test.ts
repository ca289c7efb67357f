import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseSysctlDump } from '../../src/core/kernel/sysctlDump';

const SEED = readFileSync(new URL('../fixtures/seed_sysctl.txt', import.meta.url), 'utf8');

test('the seed sysctls parse, tabs kept inside values', () => {
  const r = parseSysctlDump(SEED);
  assert.ok(r.ok);
  assert.equal(r.value['net.ipv4.tcp_wmem'], '4096\t16384\t4194304');
  assert.equal(r.value['net.core.wmem_max'], '133120');
  assert.equal(Object.keys(r.value).length, 4);
});

test('comments, blanks, slashes and sysctl diagnostics are accepted', () => {
  const r = parseSysctlDump('# c\n\nnet/core/rmem_max=1\nsysctl: permission denied on key "fs.x"\r\n; x\n');
  assert.ok(r.ok);
  assert.deepEqual(r.value, { 'net.core.rmem_max': '1' });
});

test('a line that is not name = value is an error naming it', () => {
  const r = parseSysctlDump('net.core.rmem_max = 1\nPermission denied\n');
  assert.ok(!r.ok);
  assert.equal(r.error.line, 2);
  assert.equal(parseSysctlDump('').ok, false);
  const bad = parseSysctlDump('a b c = 1');
  assert.ok(!bad.ok && bad.error.line === 1);
});

test('total on arbitrary and truncated input; CRLF changes nothing', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
      const r = parseSysctlDump(s);
      assert.ok(r.ok || (r.error.line >= 0 && r.error.line <= s.split(/\r\n|\n|\r/).length));
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.nat(SEED.length), (cut) => {
      const r = parseSysctlDump(SEED.slice(0, cut));
      if (r.ok) for (const v of Object.values(r.value)) assert.equal(typeof v, 'string');
    }),
    { numRuns: 200 },
  );
  assert.deepEqual(parseSysctlDump(SEED.replace(/\n/g, '\r\n')), parseSysctlDump(SEED));
});
