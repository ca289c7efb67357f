import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roundProblem, WATCH_HISTORY_LIMITS, WatchHistory } from '../../src/core/watch/watchHistory';
import { roundAt } from './watchFixtures';

const T0 = Date.UTC(2026, 10, 26, 20, 0, 0);

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-watch-history-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the bound: 4,032 rounds and 16 MiB a host; past it the oldest rounds go first', async (t) => {
  assert.deepEqual(WATCH_HISTORY_LIMITS, { maxEntriesPerHost: 4032, maxBytesPerHost: 16 * 1024 * 1024 });
  const h = new WatchHistory(tempDir(t), { maxEntriesPerHost: 10, maxBytesPerHost: 1 << 20 });
  for (let seq = 1; seq <= 25; seq++) await h.append('ssh:vps1', roundAt(seq, T0 + seq * 300_000, 'healthy'));
  const { rounds } = await h.read('ssh:vps1');
  assert.ok(rounds.length <= 10 && rounds.length >= 9, `${rounds.length} rounds kept`);
  assert.equal(rounds.at(-1)!.seq, 25, 'the newest is kept');
  assert.deepEqual(
    rounds.map((r) => r.seq),
    Array.from({ length: rounds.length }, (_, i) => 26 - rounds.length + i),
  );
});

test('a corrupt line costs that line only: the file is moved aside, the other rounds are kept and the watch continues', async (t) => {
  const dir = tempDir(t);
  const h = new WatchHistory(dir);
  await h.append('ssh:vps1', roundAt(1, T0, 'healthy'));
  await h.append('ssh:vps1', roundAt(2, T0 + 300_000, 'upstream-syn-filter'));
  const file = h.fileFor('ssh:vps1');
  appendFileSync(file, '{"kind":"probe","atMs":1,"probe":"watch","summ\n');
  // A valid history line whose round is not a round: kept out of the timeline, with the reason.
  appendFileSync(
    file,
    `${JSON.stringify({ kind: 'probe', atMs: T0 + 600_000, probe: 'watch', summary: { ...roundAt(3, T0 + 600_000, 'healthy'), burst: { attempts: 2, delayed: 5 } } })}\n`,
  );
  const fresh = new WatchHistory(dir);
  const read = await fresh.read('ssh:vps1');
  assert.deepEqual(
    read.rounds.map((r) => r.seq),
    [1, 2],
  );
  assert.match(read.recovered!.reason, /:3: not JSON/);
  assert.ok(
    readdirSync(join(dir, 'watch')).some((f) => f.includes('.corrupt-')),
    'the damaged file is kept as evidence',
  );
  assert.equal(read.skipped.length, 1);
  assert.match(read.skipped[0]!, /burst is not/);
  await fresh.append('ssh:vps1', roundAt(4, T0 + 900_000, 'healthy'));
  assert.deepEqual(
    (await new WatchHistory(dir).read('ssh:vps1')).rounds.map((r) => r.seq),
    [1, 2, 4],
  );
  assert.equal(
    readFileSync(file, 'utf8').split('\n').filter(Boolean).length,
    4,
    'the rewritten file holds the readable lines plus the new one',
  );
});

test('roundProblem names what is wrong with a stored round', () => {
  const ok = roundAt(1, T0, 'healthy');
  assert.equal(roundProblem(ok), undefined);
  assert.equal(roundProblem(roundAt(2, T0, null, { kind: 'unreachable', message: 'refused' })), undefined);
  const cases: [unknown, RegExp][] = [
    [null, /not an object/],
    [{ ...ok, seq: 0 }, /seq/],
    [{ ...ok, atMs: -1 }, /time/],
    [{ ...ok, target: { label: 'x' } }, /target/],
    [{ ...ok, confidence: 'certain' }, /confidence/],
    [{ ...ok, verdict: null }, /failure/],
    [{ ...ok, burst: { ...ok.burst, delayed: 17 } }, /exceed/],
    [{ ...ok, burst: { ...ok.burst, delayedCi95: [0.5, 0.2] } }, /burst is not/],
    [{ ...ok, ping: { ...ok.ping, received: 21 } }, /ping is not/],
    [{ ...ok, ping: { ...ok.ping, pooled: null } }, /pooled/],
    [{ ...ok, server: { deltas: { a: 'x' } } }, /server.deltas/],
    [{ ...ok, changed: 'yes' }, /changed/],
  ];
  for (const [value, why] of cases) assert.match(roundProblem(value) ?? 'accepted', why);
});
