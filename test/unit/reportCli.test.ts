import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { parseResultJson } from '../../src/core/resultModel/resultParse';

const FIXTURE = join(__dirname, '..', 'fixtures', 'report', 'upstream-filter.result.json');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    out: (t) => {
      out += `${t}\n`;
    },
    err: (t) => {
      err += `${t}\n`;
    },
    isTty: false,
  });
  return { code, out, err };
}

test('report --format md prints the ticket, IPs masked unless --public-ips', async () => {
  const masked = await run('report', FIXTURE, '--format', 'md');
  assert.equal(masked.code, 0);
  assert.match(masked.out, /^# VPS Doctor report: seed-vps \(203\.0\.x\.x:80\)/);
  assert.ok(!masked.out.includes('203.0.113.7'));
  const open = await run('report', FIXTURE, '--format', 'md', '--public-ips');
  assert.ok(open.out.includes('203.0.113.7'));
});

test('report --format json -o FILE writes a RESULT.json that reads back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-report-'));
  const file = join(dir, 'out.json');
  const r = await run('report', FIXTURE, '--format', 'json', '-o', file, '--public-ips');
  assert.equal(r.code, 0);
  assert.equal(r.out, '');
  const back = parseResultJson(readFileSync(file, 'utf8'));
  assert.ok(back.ok);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), JSON.parse(readFileSync(FIXTURE, 'utf8')));
});

test('an invalid RESULT.json exits 2 with one line naming the bad field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-report-'));
  const bad = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  bad.ping.received = 'lots';
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify(bad));
  const r = await run('report', file, '--format', 'md');
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.equal(r.err.trim().split('\n').length, 1);
  assert.match(r.err, /ping\.received: expected a whole number/);
  writeFileSync(file, '{"schema":"vps-doctor/result","version":9}');
  const newer = await run('report', file, '--format', 'html');
  assert.equal(newer.code, 2);
  assert.match(newer.err, /version 9 is newer than this VPS Doctor reads/);
});

test('usage errors exit 2', async () => {
  assert.equal((await run('report', FIXTURE)).code, 2);
  assert.equal((await run('report', FIXTURE, '--format', 'pdf')).code, 2);
  assert.equal((await run('report', '--format', 'md')).code, 2);
  const missing = await run('report', join(tmpdir(), 'no-such-result.json'), '--format', 'md');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no such file/);
});
