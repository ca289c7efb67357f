import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLimitValue } from '../../src/core/kernel/cgroup';
import { parseKeyValue, parseKeyValueDetailed } from '../../src/core/kernel/keyValue';
import { errorOf, readKernelFixture, unwrap } from './kernelFixtures';

test('memory.events, with and without sock_throttled', () => {
  assert.deepEqual(unwrap(parseKeyValue(readKernelFixture('cgroup-v2/memory.events.txt'), 'memory.events')), {
    low: 0,
    high: 0,
    max: 1432,
    oom: 7,
    oom_kill: 7,
    oom_group_kill: 0,
  });
  assert.equal(
    unwrap(parseKeyValue(readKernelFixture('cgroup-v2/memory.events-sock_throttled.txt'), 'memory.events'))
      .sock_throttled,
    58,
  );
});

test('memory.stat (v2) and pids.events', () => {
  const stat = unwrap(parseKeyValue(readKernelFixture('cgroup-v2/memory.stat.txt'), 'memory.stat'));
  assert.equal(stat.sock, 2367488);
  assert.equal(stat.anon, 148594688);
  assert.equal(stat.pgfault, 38812277);
  assert.equal(Object.keys(stat).length, 50);
  assert.deepEqual(unwrap(parseKeyValue(readKernelFixture('cgroup-v2/pids.events.txt'), 'pids.events')), { max: 12 });
});

test('captured cgroup v1 memory.stat: the "unlimited" values are skipped and recorded, not rounded', () => {
  const parsed = unwrap(parseKeyValueDetailed(readKernelFixture('captured-6.18/memory.stat-v1.txt'), 'memory.stat'));
  assert.deepEqual(parsed.skipped, [
    { name: 'hierarchical_memory_limit', line: 21, text: '9223372036854771712' },
    { name: 'hierarchical_memsw_limit', line: 22, text: '9223372036854771712' },
  ]);
  assert.equal(Object.hasOwn(parsed.values, 'hierarchical_memory_limit'), false);
  assert.equal(Object.keys(parsed.values).length, 40);
  assert.ok(Object.values(parsed.values).every((v) => Number.isSafeInteger(v) && v >= 0));
});

test('cgroup.stat reads as key value; an empty file is an empty record; "__proto__" is an ordinary key', () => {
  const stat = unwrap(parseKeyValue(readKernelFixture('captured-6.18/cgroup.stat.txt'), 'cgroup.stat'));
  assert.equal(stat.nr_descendants, 0);
  assert.equal(stat.nr_subsys_perf_event, 1);
  assert.deepEqual(unwrap(parseKeyValue('', 'memory.events')), {});
  const odd = unwrap(parseKeyValue('__proto__ 5\n', 'x'));
  assert.equal(Object.getPrototypeOf(odd), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(odd, '__proto__')?.value, 5);
});

const KV_ERRORS: { name: string; text: string; line: number; message: RegExp }[] = [
  { name: 'three words', text: 'low 0\nhigh 0 1\n', line: 2, message: /expected "key value", found 3 words/ },
  { name: 'not a number', text: 'max x\n', line: 1, message: /"max" is not a non-negative integer/ },
  { name: 'negative', text: 'max -3\n', line: 1, message: /non-negative/ },
  { name: 'duplicate key', text: 'max 1\nmax 2\n', line: 2, message: /appears twice \(first on line 1\)/ },
];

for (const { name, text, line, message } of KV_ERRORS) {
  test(`key value error: ${name} names line ${line}`, () => {
    const error = errorOf(parseKeyValue(text, 'memory.events'));
    assert.equal(error.line, line);
    assert.match(error.message, message);
  });
}

test('limit files: bytes, counts and "max"', () => {
  assert.equal(unwrap(parseLimitValue(readKernelFixture('cgroup-v2/memory.max.txt'), 'memory.max')), 536870912);
  assert.equal(unwrap(parseLimitValue(readKernelFixture('cgroup-v2/memory.max-unlimited.txt'), 'memory.max')), null);
  assert.equal(unwrap(parseLimitValue(readKernelFixture('cgroup-v2/pids.max.txt'), 'pids.max')), 128);
});

test('limit file errors name the line', () => {
  const v1 = errorOf(
    parseLimitValue(readKernelFixture('captured-6.18/memory.limit_in_bytes-v1.txt'), 'memory.limit_in_bytes'),
  );
  assert.equal(v1.line, 1);
  assert.match(v1.message, /exceeds/);
  assert.equal(errorOf(parseLimitValue('max 1\n', 'pids.max')).line, 1);
  assert.equal(errorOf(parseLimitValue('12\n13\n', 'pids.max')).line, 2);
  assert.equal(errorOf(parseLimitValue('', 'pids.max')).line, 0);
  assert.match(errorOf(parseLimitValue('unlimited\n', 'pids.max')).message, /expected "max" or a non-negative integer/);
});
