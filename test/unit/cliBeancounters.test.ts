import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, utimesSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { Output } from '../../src/cli/io';

const SEED = new URL('../fixtures/seed_user_beancounters.txt', import.meta.url).pathname;
const SYSCTL = new URL('../fixtures/seed_sysctl.txt', import.meta.url).pathname;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Output = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), isTty: false };
  const code = await main(args, io);
  return { code, out, err };
}

function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-cli-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('--json on the seed file prints the contract exactly', async () => {
  const r = await run(['beancounters', '--file', SEED, '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j), ['version', 'containers']);
  assert.equal(j.version, '2.5');
  assert.equal(j.containers.length, 1);
  assert.equal(j.containers[0].id, '12345');
  const names = j.containers[0].resources.map((x: { name: string }) => x.name);
  assert.ok(!names.includes('dummy'));
  assert.equal(names.length, 20);
  const snd = j.containers[0].resources.find((x: { name: string }) => x.name === 'tcpsndbuf');
  assert.deepEqual(Object.keys(snd), [
    'name',
    'unit',
    'held',
    'maxheld',
    'barrier',
    'limit',
    'failcnt',
    'severity',
    'reasons',
  ]);
  assert.deepEqual(
    {
      unit: snd.unit,
      held: snd.held,
      maxheld: snd.maxheld,
      barrier: snd.barrier,
      limit: snd.limit,
      failcnt: snd.failcnt,
    },
    { unit: 'bytes', held: 181072, maxheld: 1731448, barrier: 1720320, limit: 2703360, failcnt: 1779659 },
  );
  assert.notEqual(snd.severity, 'ok');
  assert.ok(snd.reasons.length > 0);
  const kmem = j.containers[0].resources.find((x: { name: string }) => x.name === 'kmemsize');
  assert.equal(kmem.barrier, null);
  assert.equal(kmem.limit, null);
  const phys = j.containers[0].resources.find((x: { name: string }) => x.name === 'physpages');
  assert.equal(phys.unit, 'pages');
  assert.equal(phys.limit, 262144, 'pages stay pages');
  assert.equal(j.containers[0].resources.find((x: { name: string }) => x.name === 'numproc').unit, 'count');
});

test('--baseline adds failcntDelta, and a failcnt that went down means the container restarted', async () => {
  await withTemp(async (dir) => {
    const seed = readFileSync(SEED, 'utf8');
    const base = join(dir, 'base');
    const later = join(dir, 'later');
    const restarted = join(dir, 'restarted');
    writeFileSync(base, seed);
    writeFileSync(later, seed.replace('1779659', '1779671')); // 12 more tcpsndbuf refusals
    // After a restart every failcnt starts again from 0: tcpsndbuf has 5 new refusals since.
    writeFileSync(
      restarted,
      seed
        .replace('1779659', '5')
        .replace(/(tcprcvbuf(?:\s+\d+){4}\s+)91/, '$10')
        .replace(/(dgramrcvbuf(?:\s+\d+){4}\s+)82/, '$10'),
    );
    utimesSync(base, new Date(1_000_000), new Date(1_000_000));
    utimesSync(later, new Date(1_060_000), new Date(1_060_000));
    const r = await run(['beancounters', '--file', later, '--baseline', base, '--json']);
    assert.equal(r.code, 0, r.err);
    const res = JSON.parse(r.out).containers[0].resources;
    const find = (rows: { name: string }[], n: string) => rows.find((x) => x.name === n) as Record<string, unknown>;
    assert.deepEqual([find(res, 'tcpsndbuf').failcntDelta, find(res, 'tcpsndbuf').reset], [12, false]);
    assert.equal(find(res, 'tcpsndbuf').severity, 'critical');
    assert.deepEqual([find(res, 'tcprcvbuf').failcntDelta, find(res, 'tcprcvbuf').reset], [0, false]);
    assert.deepEqual(Object.keys(find(res, 'numproc')), [
      'name',
      'unit',
      'held',
      'maxheld',
      'barrier',
      'limit',
      'failcnt',
      'failcntDelta',
      'reset',
      'severity',
      'reasons',
    ]);
    const human = await run(['beancounters', '--file', later, '--baseline', base]);
    assert.match(human.out, /tcpsndbuf.*\+12/);

    const rr = await run(['beancounters', '--file', restarted, '--baseline', base, '--json']);
    assert.equal(rr.code, 0, rr.err);
    const rres = JSON.parse(rr.out).containers[0].resources;
    assert.deepEqual([find(rres, 'tcpsndbuf').failcntDelta, find(rres, 'tcpsndbuf').reset], [5, true]);
    assert.deepEqual([find(rres, 'tcprcvbuf').failcntDelta, find(rres, 'tcprcvbuf').reset], [0, true]);
    for (const row of rres) assert.ok((row.failcntDelta as number) >= 0, 'never a negative delta');
  });
});

test('malformed input exits 2 with one stderr line naming the line number', async () => {
  await withTemp(async (dir) => {
    const bad = join(dir, 'bad');
    const lines = readFileSync(SEED, 'utf8').split('\n');
    lines[15] = lines[15].replace('181072', '18x072');
    writeFileSync(bad, lines.join('\n'));
    const r = await run(['beancounters', '--file', bad, '--json']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /:16:/);
  });
});

test('a missing file, a permission message and a missing flag are clear errors', async () => {
  await withTemp(async (dir) => {
    const missing = await run(['beancounters', '--file', join(dir, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no such file/);
    const denied = join(dir, 'denied');
    writeFileSync(denied, 'cat: /proc/user_beancounters: Permission denied\n');
    const d = await run(['beancounters', '--file', denied]);
    assert.equal(d.code, 2);
    assert.match(d.err, /:1: .*(root|sudo)/i);
    const noFlag = await run(['beancounters']);
    assert.equal(noFlag.code, 2);
    assert.match(noFlag.err, /--file/);
    const unknown = await run(['beancounters', '--file', SEED, '--bogus']);
    assert.equal(unknown.code, 2);
  });
});

test('human output shows units, percentages and the reasons', async () => {
  const r = await run(['beancounters', '--file', SEED]);
  assert.equal(r.code, 0);
  assert.match(r.out, /Container 12345/);
  assert.match(r.out, /tcpsndbuf\s+176\.8 KiB\s+1\.7 MiB\s+1\.6 MiB\s+2\.6 MiB\s+10\.5%/);
  assert.match(r.out, /kmemsize.*unlimited/);
  assert.doesNotMatch(r.out, /\x1b\[/, 'no colour when not a terminal');
  assert.match(r.out, /--baseline/);
});

test('--sysctl adds the TCP buffer risk derivation', async () => {
  const r = await run(['beancounters', '--file', SEED, '--sysctl', SYSCTL]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /TCP buffer risk/);
  assert.match(r.out, /4,194,304/);
  assert.match(r.out, /wmem_max/);
  const j = JSON.parse((await run(['beancounters', '--file', SEED, '--sysctl', SYSCTL, '--json'])).out);
  assert.equal(j.bufferRisk[0].container, '12345');
  assert.equal(j.bufferRisk[0].grade, 'critical');
  assert.deepEqual(Object.keys(j).slice(0, 2), ['version', 'containers']);
});
