import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import fc from 'fast-check';
import { parseHistoryLine, type HistoryEntry } from '../../src/core/history/historyEntry';
import { failcntGrowth } from '../../src/core/history/historyGrowth';
import { HistoryStore } from '../../src/core/history/historyStore';
import { cliLocalizer } from '../../src/cli/cliL10n';
import { renderPhrase } from '../../src/shared/l10n/phrase';

const HOST = 'ssh:vps';
const MIN = 60_000;
const T0 = 1_700_000_000_000;

const sample = (atMs: number, uptimeSeconds: number, tcpsndbuf: number): HistoryEntry => ({
  kind: 'sample',
  atMs,
  uptimeSeconds,
  failcnt: { '12345.tcpsndbuf': tcpsndbuf, '12345.tcprcvbuf': 91 },
});

const fileLines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('HistoryStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vpsd-history-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('appends JSON lines that survive a restart', async () => {
    const store = new HistoryStore(dir);
    await store.append(HOST, sample(T0, 100, 5));
    await store.append(HOST, { kind: 'probe', atMs: T0 + 1, probe: 'burst', summary: { connects: 32, slow: 29 } });
    await store.append('manual:root@203.0.113.7:2222', sample(T0, 50, 1));
    const again = new HistoryStore(dir);
    const { entries, recovered } = await again.read(HOST);
    assert.equal(recovered, undefined);
    assert.deepEqual(entries, [
      sample(T0, 100, 5),
      { kind: 'probe', atMs: T0 + 1, probe: 'burst', summary: { connects: 32, slow: 29 } },
    ]);
    assert.equal((await again.read('manual:root@203.0.113.7:2222')).entries.length, 1);
    assert.equal(readdirSync(dir).length, 2, 'one file per host');
    assert.match(store.fileFor('manual:root@203.0.113.7:2222'), /manual_root_203\.0\.113\.7_2222-[0-9a-f]{16}\.jsonl$/);
    assert.notEqual(store.fileFor('ssh:a/b'), store.fileFor('ssh:a_b'));
  });

  test('drops the oldest entries to stay within the entry bound, at every step', async () => {
    const store = new HistoryStore(dir, { maxEntriesPerHost: 10, maxBytesPerHost: 1 << 20 });
    for (let i = 0; i < 25; i++) {
      await store.append(HOST, sample(T0 + i * MIN, 100 + i * 60, i));
      assert.ok(fileLines(store.fileFor(HOST)).length <= 10);
    }
    const { entries } = await new HistoryStore(dir, { maxEntriesPerHost: 10, maxBytesPerHost: 1 << 20 }).read(HOST);
    assert.ok(entries.length >= 9 && entries.length <= 10);
    assert.deepEqual(entries.at(-1), sample(T0 + 24 * MIN, 100 + 24 * 60, 24), 'the newest entry is kept');
    const values = entries.map((e) => (e.kind === 'sample' ? e.failcnt['12345.tcpsndbuf'] : -1));
    assert.deepEqual(
      values,
      values.map((_, i) => 25 - values.length + i),
      'a contiguous run of the newest entries',
    );
  });

  test('stays within the byte bound, and refuses an entry larger than the bound', async () => {
    const limits = { maxEntriesPerHost: 1000, maxBytesPerHost: 1500 };
    const store = new HistoryStore(dir, limits);
    for (let i = 0; i < 40; i++) {
      await store.append(HOST, sample(T0 + i, i, i));
      assert.ok(statSync(store.fileFor(HOST)).size <= 1500);
    }
    const before = readFileSync(store.fileFor(HOST), 'utf8');
    const huge: HistoryEntry = { kind: 'probe', atMs: T0, probe: 'diagnosis', summary: 'x'.repeat(2000) };
    await assert.rejects(store.append(HOST, huge), RangeError);
    assert.equal(readFileSync(store.fileFor(HOST), 'utf8'), before);
  });

  test('a file over the bounds (limits lowered since) is trimmed when read', async () => {
    const big = new HistoryStore(dir);
    for (let i = 0; i < 30; i++) await big.append(HOST, sample(T0 + i, i, i));
    const small = new HistoryStore(dir, { maxEntriesPerHost: 5, maxBytesPerHost: 1 << 20 });
    const { entries } = await small.read(HOST);
    assert.equal(entries.length, 5);
    assert.equal(fileLines(small.fileFor(HOST)).length, 5);
  });

  test('a corrupt file is moved aside with the reason, and its readable entries are kept', async () => {
    const store = new HistoryStore(dir);
    const path = store.fileFor(HOST);
    const damaged = [
      JSON.stringify(sample(T0, 1, 1)),
      '{"kind":"sample","atMs":',
      JSON.stringify(sample(T0 + MIN, 61, 4)),
      '',
    ].join('\n');
    writeFileSync(path, damaged);
    const { entries, recovered } = await store.read(HOST);
    assert.deepEqual(entries, [sample(T0, 1, 1), sample(T0 + MIN, 61, 4)]);
    assert.ok(recovered);
    assert.match(recovered.reason, /:2: not JSON/);
    assert.equal(renderPhrase(recovered.reasonPhrase), recovered.reason, 'the phrase renders the English reason');
    assert.match(renderPhrase(recovered.reasonPhrase, cliLocalizer('ja')), /:2：JSON ではありません（/);
    assert.equal(readFileSync(recovered.movedTo, 'utf8'), damaged, 'the damaged file is kept as evidence');
    assert.equal(fileLines(path).length, 2);
    assert.equal((await store.read(HOST)).recovered, undefined, 'reported once');
    await store.append(HOST, sample(T0 + 2 * MIN, 121, 9));
    assert.equal((await new HistoryStore(dir).read(HOST)).entries.length, 3);
  });

  test('a torn last line (an interrupted append) is recovered before the next append', async () => {
    const store = new HistoryStore(dir);
    const path = store.fileFor(HOST);
    writeFileSync(path, `${JSON.stringify(sample(T0, 1, 1))}\n{"kind":"sam`);
    await store.append(HOST, sample(T0 + MIN, 61, 2));
    const { entries, recovered } = await store.read(HOST);
    assert.deepEqual(entries, [sample(T0, 1, 1), sample(T0 + MIN, 61, 2)]);
    assert.ok(recovered && existsSync(recovered.movedTo));
  });

  test('a valid last line without its newline: recovered, and the reason says so in either language', async () => {
    const store = new HistoryStore(dir);
    writeFileSync(store.fileFor(HOST), JSON.stringify(sample(T0, 1, 1)));
    const { entries, recovered } = await store.read(HOST);
    assert.deepEqual(entries, [sample(T0, 1, 1)]);
    assert.ok(recovered);
    assert.match(recovered.reason, /\.jsonl: the last line has no newline \(an interrupted write\)$/);
    assert.match(renderPhrase(recovered.reasonPhrase, cliLocalizer('ja')), /\.jsonl: 最終行に改行がありません/);
  });

  test('entries with impossible values are corrupt, never numbers made up', () => {
    const bad = [
      '{"kind":"sample","atMs":-1,"uptimeSeconds":1,"failcnt":{}}',
      '{"kind":"sample","atMs":1,"uptimeSeconds":1,"failcnt":{"12345.tcpsndbuf":-3}}',
      '{"kind":"sample","atMs":1,"uptimeSeconds":1,"failcnt":{"12345.tcpsndbuf":1.5}}',
      '{"kind":"sample","atMs":1,"uptimeSeconds":1,"failcnt":{"tcpsndbuf":3}}',
      '{"kind":"probe","atMs":1,"probe":"nmap"}',
      '{"kind":"other","atMs":1}',
      '[1,2]',
      'null',
    ];
    for (const line of bad) assert.equal(parseHistoryLine(line, 'h', 7).ok, false, line);
    const r = parseHistoryLine(bad[1]!, 'h', 7);
    assert.ok(!r.ok && r.error.line === 7);
  });

  test('concurrent appends to one host are serialized: every entry lands, in order', async () => {
    const store = new HistoryStore(dir, { maxEntriesPerHost: 30, maxBytesPerHost: 1 << 20 });
    await Promise.all(Array.from({ length: 60 }, (_, i) => store.append(HOST, sample(T0 + i, i, i))));
    const lines = fileLines(store.fileFor(HOST));
    const values = lines.map((l) => (JSON.parse(l) as { failcnt: Record<string, number> }).failcnt['12345.tcpsndbuf']);
    assert.ok(values.length <= 30);
    assert.equal(values.at(-1), 59);
    assert.deepEqual(
      values,
      [...values].sort((a, b) => a! - b!),
    );
  });

  test('growth answers from memory once the host was read; undefined with too little data', async () => {
    const store = new HistoryStore(dir);
    await new HistoryStore(dir).append(HOST, sample(T0, 100, 10));
    await new HistoryStore(dir).append(HOST, sample(T0 + MIN, 160, 25));
    assert.equal(store.growth(HOST, 'tcpsndbuf', '12345', 3_600_000), undefined, 'not loaded yet');
    await store.read(HOST);
    assert.deepEqual(store.growth(HOST, 'tcpsndbuf', '12345', 3_600_000), {
      delta: 15,
      fromMs: T0,
      toMs: T0 + MIN,
      resets: 0,
    });
    assert.equal(store.growth(HOST, 'numproc', '12345', 3_600_000), undefined);
    assert.equal(store.growth(HOST, 'tcpsndbuf', '12345', 30_000), undefined, 'one sample in the last 30 s');
  });

  test('bounds hold for any sequence of appends (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ pad: fc.nat({ max: 200 }), probe: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 300, max: 3000 }),
        async (items, maxEntries, maxBytes) => {
          const d = mkdtempSync(join(tmpdir(), 'vpsd-history-prop-'));
          try {
            const store = new HistoryStore(d, { maxEntriesPerHost: maxEntries, maxBytesPerHost: maxBytes });
            const written: HistoryEntry[] = [];
            for (const [i, item] of items.entries()) {
              const entry: HistoryEntry = item.probe
                ? { kind: 'probe', atMs: i, probe: 'ping', summary: 'p'.repeat(item.pad) }
                : sample(i, i, item.pad);
              const stored = await store.append(HOST, entry).then(
                () => true,
                () => false,
              );
              if (stored) written.push(entry);
              const path = store.fileFor(HOST);
              if (existsSync(path)) {
                assert.ok(fileLines(path).length <= maxEntries);
                assert.ok(statSync(path).size <= maxBytes);
              }
            }
            const { entries } = await new HistoryStore(d, {
              maxEntriesPerHost: maxEntries,
              maxBytesPerHost: maxBytes,
            }).read(HOST);
            // What is kept is always the newest stretch of what was written.
            assert.deepEqual(entries, written.slice(written.length - entries.length));
            if (written.length > 0) assert.deepEqual(entries.at(-1), written.at(-1));
          } finally {
            rmSync(d, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('failcntGrowth', () => {
  const key = '12345.tcpsndbuf';

  test('counts across a container restart and a reboot, within the window only', () => {
    const entries = [
      sample(T0, 1000, 10),
      sample(T0 + 30 * MIN, 2800, 15),
      sample(T0 + 60 * MIN, 4600, 20),
      sample(T0 + 70 * MIN, 5200, 3), // container restarted: failcnt went down
      sample(T0 + 80 * MIN, 5800, 8),
      sample(T0 + 90 * MIN, 120, 4), // reboot: uptime went down (failcnt too)
      sample(T0 + 100 * MIN, 720, 30), // still the same boot
    ];
    assert.deepEqual(failcntGrowth(entries, key, 60 * MIN), {
      delta: 3 + 5 + 4 + 26,
      fromMs: T0 + 60 * MIN,
      toMs: T0 + 100 * MIN,
      resets: 2,
    });
    assert.deepEqual(failcntGrowth(entries, key, 24 * 60 * MIN), {
      delta: 5 + 5 + 3 + 5 + 4 + 26,
      fromMs: T0,
      toMs: T0 + 100 * MIN,
      resets: 2,
    });
    assert.deepEqual(failcntGrowth(entries, key, 10 * MIN), {
      delta: 26,
      fromMs: T0 + 90 * MIN,
      toMs: T0 + 100 * MIN,
      resets: 0,
    });
  });

  test('a reboot after which failcnt climbed past its old value still counts as a restart', () => {
    const entries = [sample(T0, 5000, 10), sample(T0 + MIN, 30, 40)];
    assert.deepEqual(failcntGrowth(entries, key, 60 * MIN), { delta: 40, fromMs: T0, toMs: T0 + MIN, resets: 1 });
  });

  test('ignores probes and samples without the key; rejects a non-positive window', () => {
    const entries: HistoryEntry[] = [
      sample(T0, 10, 1),
      { kind: 'probe', atMs: T0 + 1, probe: 'ping', summary: null },
      { kind: 'sample', atMs: T0 + 2, uptimeSeconds: 11, failcnt: {} },
      sample(T0 + 3, 12, 4),
    ];
    assert.equal(failcntGrowth(entries, key, MIN)?.delta, 3);
    assert.equal(failcntGrowth(entries, key, 0), undefined);
    assert.equal(failcntGrowth(entries, key, Number.NaN), undefined);
  });

  test('without restarts, growth is the last value minus the first in the window (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 600 }), fc.nat({ max: 1000 })), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: 1, max: 10 * 3_600_000 }),
        (steps, windowMs) => {
          let at = T0;
          let up = 100;
          let v = 0;
          const entries = steps.map(([dt, dv]) => {
            at += dt * 1000;
            up += dt;
            v += dv;
            return sample(at, up, v);
          });
          const g = failcntGrowth(entries, key, windowMs);
          const inWindow = entries.filter((e) => e.atMs >= at - windowMs);
          if (inWindow.length < 2) return assert.equal(g, undefined);
          const first = inWindow[0]!;
          const value = (e: HistoryEntry) => (e.kind === 'sample' ? e.failcnt[key]! : 0);
          assert.deepEqual(g, { delta: v - value(first), fromMs: first.atMs, toMs: at, resets: 0 });
        },
      ),
      { numRuns: 200 },
    );
  });

  test('parsing any line never throws (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const r = parseHistoryLine(text, 'h', 1);
        assert.equal(typeof r.ok, 'boolean');
      }),
      { numRuns: 200 },
    );
  });
});
