import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBeancounters } from '../../src/core/beancounters/parse';
import type { ResourceRow } from '../../src/core/beancounters/types';
import { parseFixture, readFixture, row, unwrap } from './beancountersFixtures';

const HEADER =
  '       uid  resource                     held              maxheld              barrier                limit              failcnt';
const U64 = '9223372036854775807';

/** Values of a row without its line number, for compact expectations. */
function values(r: ResourceRow): [string, number, number, number | null, number | null, number] {
  return [r.unit, r.held, r.maxheld, r.barrier, r.limit, r.failcnt];
}

test('seed file: exact values of several rows', () => {
  const table = parseFixture('seed');
  assert.equal(table.version, '2.5');
  assert.equal(table.versionKnown, true);
  assert.equal(table.containers.length, 1);
  const ct = table.containers[0];
  assert.equal(ct.id, '12345');
  const expected: Record<string, ReturnType<typeof values>> = {
    tcpsndbuf: ['bytes', 181072, 1731448, 1720320, 2703360, 1779659],
    tcprcvbuf: ['bytes', 117200, 1728504, 1720320, 2703360, 91],
    dgramrcvbuf: ['bytes', 0, 261256, 262144, 262144, 82],
    kmemsize: ['bytes', 56793972, 91213824, null, null, 0],
    physpages: ['pages', 214818, 262145, 0, 262144, 0],
    oomguarpages: ['pages', 65858, 91180, 26112, null, 0],
    numtcpsock: ['count', 23, 144, 360, 360, 0],
    numiptent: ['count', 93, 93, 256, 256, 0],
  };
  for (const [name, want] of Object.entries(expected)) assert.deepEqual(values(row(ct, name)), want, name);
  assert.equal(row(ct, 'tcpsndbuf').line, 16);
  assert.equal(row(ct, 'kmemsize').line, 3);
});

test('seed file: dummy rows are dropped and the kernel order kept', () => {
  const ct = parseFixture('seed').containers[0];
  assert.equal(ct.resources.length, 20);
  assert.ok(ct.resources.every((r) => r.name !== 'dummy'));
  assert.deepEqual(
    ct.resources.slice(0, 5).map((r) => r.name),
    ['kmemsize', 'lockedpages', 'privvmpages', 'shmpages', 'numproc'],
  );
  assert.equal(ct.resources.at(-1)?.name, 'numiptent');
});

test('host node: id 0, a numeric container and a vz7 name, separated only by id lines', () => {
  const table = parseFixture('hostNode');
  assert.deepEqual(
    table.containers.map((c) => c.id),
    ['0', '101', '4f7e4c2a-0d2b-4cf3-9a53-6b1b5a3e9c10'],
  );
  assert.ok(table.containers.every((c) => c.resources.length === 20));
  const [host, ct101, vz7] = table.containers;
  assert.ok(host.resources.every((r) => r.barrier === null && r.limit === null));
  assert.deepEqual(values(row(ct101, 'tcpsndbuf')), ['bytes', 1735168, 2703360, 1720320, 2703360, 2801251]);
  assert.deepEqual(values(row(ct101, 'physpages')), ['pages', 40813, 61227, 0, null, 0]);
  assert.deepEqual(values(row(vz7, 'physpages')), ['pages', 59310, 131072, 131072, 131072, 912]);
  assert.equal(row(vz7, 'kmemsize').line, 51);
});

test('32-bit kernel: %10lu columns, 2147483647 means unlimited', () => {
  const ct = parseFixture('bits32').containers[0];
  assert.equal(ct.id, '777');
  assert.deepEqual(values(row(ct, 'physpages')), ['pages', 9843, 11123, 0, null, 0]);
  assert.deepEqual(values(row(ct, 'tcpsndbuf')), ['bytes', 53760, 89600, 1720320, 2703360, 0]);
});

test('/proc/bc/resources layout: swappages and unknown vendor resources are kept', () => {
  const ct = parseFixture('bcResourcesSwap').containers[0];
  assert.equal(ct.resources.length, 23);
  assert.deepEqual(values(row(ct, 'swappages')), ['pages', 4117, 65536, 0, 131072, 37]);
  assert.deepEqual(values(row(ct, 'unused_privvmpages')), ['pages', 80112, 90331, null, null, 0]);
  assert.equal(row(ct, 'tmpfs_respages').unit, 'pages');
});

test('CRLF, tabs, blank lines and a byte-order mark parse like the original', () => {
  const seed = readFixture('seed');
  const plain = parseFixture('seed');
  assert.deepEqual(unwrap(parseBeancounters(seed.replaceAll('\n', '\r\n'))), plain);
  assert.deepEqual(unwrap(parseBeancounters(`\uFEFF${seed.replaceAll('  ', '\t ')}`)), plain);
  const spaced = unwrap(parseBeancounters(seed.replaceAll('\n', '\n\n')));
  assert.deepEqual(
    spaced.containers[0].resources.map((r) => ({ ...r, line: 0 })),
    plain.containers[0].resources.map((r) => ({ ...r, line: 0 })),
  );
  assert.equal(row(spaced.containers[0], 'tcpsndbuf').line, 31);
});

test('held > limit is legal (UB_FORCE); 2147483647 in held or failcnt is an ordinary count', () => {
  const text = `Version: 2.5\n${HEADER}\n 5: tcpsndbuf 2800000 2800000 1720320 2703360 2147483647\n numfile 2147483647 1 2 3 4\n`;
  const ct = unwrap(parseBeancounters(text)).containers[0];
  assert.deepEqual(values(row(ct, 'tcpsndbuf')), ['bytes', 2800000, 2800000, 1720320, 2703360, 2147483647]);
  assert.equal(row(ct, 'numfile').held, 2147483647);
});

test('an unknown version is parsed best-effort and flagged', () => {
  const table = unwrap(parseBeancounters(readFixture('seed').replace('Version: 2.5', 'Version: 2.6')));
  assert.equal(table.version, '2.6');
  assert.equal(table.versionKnown, false);
  assert.equal(row(table.containers[0], 'tcpsndbuf').failcnt, 1779659);
});

const seedLines = readFixture('seed').split('\n');
const withSeedLine = (index: number, text: string) => seedLines.map((l, k) => (k === index ? text : l)).join('\n');

const malformed: { name: string; text: string; line: number; says: RegExp }[] = [
  { name: 'empty input', text: '', line: 0, says: /empty/ },
  { name: 'only blank lines', text: '\n  \r\n\t\n', line: 0, says: /empty/ },
  {
    name: 'permission denied from cat',
    text: 'cat: /proc/user_beancounters: Permission denied\n',
    line: 1,
    says: /root.*sudo -n/s,
  },
  {
    name: 'permission denied from grep, after a blank line',
    text: '\ngrep: /proc/user_beancounters: Permission denied',
    line: 2,
    says: /root/,
  },
  {
    name: 'no such file',
    text: 'cat: /proc/user_beancounters: No such file or directory',
    line: 1,
    says: /not an OpenVZ or Virtuozzo/,
  },
  { name: 'sudo wants a password', text: 'sudo: a password is required\n', line: 1, says: /NOPASSWD/ },
  {
    name: 'shell noise before the file',
    text: `bash: warning: setlocale: LC_ALL: cannot change locale (en_US.UTF-8)\n${readFixture('seed')}`,
    line: 1,
    says: /Version: 2\.5.*shell warning/s,
  },
  { name: 'version without a number', text: `Version:\n${HEADER}\n`, line: 1, says: /expected the header/ },
  { name: 'only the version line', text: 'Version: 2.5\n', line: 1, says: /ends after the Version line/ },
  {
    name: 'missing column header',
    text: 'Version: 2.5\n     101: kmemsize 1 2 3 4 5\n',
    line: 2,
    says: /column header/,
  },
  { name: 'header but no rows', text: `Version: 2.5\n${HEADER}\n\n`, line: 2, says: /without any container rows/ },
  {
    name: 'a row before any id',
    text: `Version: 2.5\n${HEADER}\n            kmemsize 1 2 3 4 0\n`,
    line: 3,
    says: /before any container id/,
  },
  {
    name: 'a row cut short',
    text: seedLines.slice(0, 16).join('\n') + '\n            tcpsndbuf                  181072              17314',
    line: 17,
    says: /3 of the 6 fields.*cut short/,
  },
  {
    name: 'a non-numeric field',
    text: withSeedLine(15, '            tcpsndbuf 181072 1731448 1720320 27O3360 0'),
    line: 16,
    says: /tcpsndbuf: limit "27O3360" is not a whole non-negative number/,
  },
  {
    name: 'a decimal number',
    text: withSeedLine(4, '            numproc 1.5 102 240 240 0'),
    line: 5,
    says: /held "1\.5"/,
  },
  {
    name: 'a negative number',
    text: withSeedLine(4, '            numproc 46 102 240 240 -1'),
    line: 5,
    says: /failcnt "-1"/,
  },
  {
    name: 'a number above 2^53 that is not unlimited',
    text: withSeedLine(4, '            numproc 46 102 9223372036854775806 240 0'),
    line: 5,
    says: /barrier 9223372036854775806 is too large/,
  },
  {
    name: 'the unlimited value where it cannot mean unlimited',
    text: withSeedLine(4, `            numproc ${U64} 102 240 240 0`),
    line: 5,
    says: /held 9223372036854775807 is too large/,
  },
  {
    name: 'an extra field',
    text: withSeedLine(4, '            numproc 46 102 240 240 0 0'),
    line: 5,
    says: /7 fields, more than the 6/,
  },
  {
    name: 'a resource name that is a number',
    text: withSeedLine(4, '            42 46 102 240 240 0'),
    line: 5,
    says: /"42" is not a resource name/,
  },
  { name: 'a colon without an id', text: withSeedLine(2, ': kmemsize 1 2 3 4 0'), line: 3, says: /no container id/ },
  {
    name: 'the same container twice',
    text: `${readFixture('seed')}${seedLines[2]}\n`,
    line: 27,
    says: /container 12345 appears a second time \(first on line 3\)/,
  },
  {
    name: 'the same resource twice',
    text: withSeedLine(5, seedLines[15]),
    line: 16,
    says: /tcpsndbuf appears a second time in container 12345 \(first on line 6\)/,
  },
  {
    name: 'an error message in the middle',
    text: withSeedLine(9, 'cat: read error: Operation not permitted'),
    line: 10,
    says: /only root/,
  },
  {
    name: 'trailing shell noise',
    text: `${readFixture('seed')}logout\n`,
    line: 27,
    says: /"logout" is not a resource row/,
  },
  {
    name: 'a row with a field missing',
    text: withSeedLine(4, '            numproc 46 102 240 240'),
    line: 5,
    says: /5 of the 6 fields.*cut short/,
  },
];

for (const c of malformed) {
  test(`malformed: ${c.name} -> error on line ${c.line}`, () => {
    const r = parseBeancounters(c.text, 'ct101:/proc/user_beancounters');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.kind, 'parse');
    assert.equal(r.error.source, 'ct101:/proc/user_beancounters');
    assert.equal(r.error.line, c.line, r.error.message);
    assert.match(r.error.message, c.says);
  });
}

test('the default source is /proc/user_beancounters', () => {
  const r = parseBeancounters('');
  assert.equal(r.ok ? '' : r.error.source, '/proc/user_beancounters');
});
