import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseResultJson } from '../../src/core/resultModel/resultParse';
import { serializeResult, toResultJson } from '../../src/core/resultModel/resultSchema';
import { latestView, resultView } from '../../src/core/resultModel/resultView';
import { isLatestView, isReportView } from '../../src/shared/reportViewCheck';

const DIR = join(__dirname, '..', 'fixtures', 'report');
const UPSTREAM = readFileSync(join(DIR, 'upstream-filter.result.json'), 'utf8');
const HEALTHY = readFileSync(join(DIR, 'healthy.result.json'), 'utf8');

function read(text: string) {
  const r = parseResultJson(text, 'fixture');
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

test('the fixtures read, and write back to the same JSON', () => {
  for (const text of [UPSTREAM, HEALTHY]) assert.deepEqual(JSON.parse(serializeResult(read(text))), JSON.parse(text));
});

test('the seed-like fixture carries the paths scripts rely on, with the seed numbers', () => {
  const j = JSON.parse(UPSTREAM);
  assert.equal(j.schema, 'vps-doctor/result');
  assert.equal(j.version, 1);
  assert.equal(j.verdict, 'upstream-syn-filter');
  assert.equal(typeof j.summary, 'string');
  assert.equal(j.burst.attempts, 32);
  assert.equal(j.burst.delayed, 25);
  assert.equal(j.burst.failed, 0);
  assert.equal(j.burst.keepAlive.failed, 0);
  assert.equal(j.ping.sent, 200);
  assert.equal(j.ping.received, 192);
  assert.equal(j.ping.lossCi95.length, 2);
  assert.ok(
    j.ping.lossCi95[0] > 0.019 && j.ping.lossCi95[1] < 0.078,
    'Wilson 8/200 is 2.0-7.7 % (docs/method.md §4.1)',
  );
  assert.equal(j.server.deltas['Tcp.PassiveOpens'], 32);
  // Most delayed attempts took one retransmission step (about 1,020 ms plus the RTT).
  const k1 = j.burst.attemptLog.filter((a: { retransmissions: number | null }) => a.retransmissions === 1);
  assert.ok(k1.length >= 20);
  for (const a of k1) assert.ok(a.connectMs > 1000 && a.connectMs < 1100, String(a.connectMs));
  const h = JSON.parse(HEALTHY);
  assert.equal(h.verdict, 'healthy');
  assert.equal(h.burst.delayed, 0);
  assert.equal(h.ping.received, h.ping.sent);
});

/** Applies `edit` to a parsed copy of the fixture and returns the parser's error message. */
function errorAfter(edit: (j: any) => void): string {
  const j = JSON.parse(UPSTREAM);
  edit(j);
  const r = parseResultJson(JSON.stringify(j), 'x.json');
  assert.equal(r.ok, false, 'the mutation should be rejected');
  return r.ok ? '' : r.error.message;
}

test('a bad field is reported with its JSON path', () => {
  const cases: [(j: any) => void, RegExp][] = [
    [
      (j) => {
        j.burst.attemptLog[3].connectMs = 'fast';
      },
      /^burst\.attemptLog\[3\]\.connectMs: expected a finite number/,
    ],
    [
      (j) => {
        delete j.diagnosis.summary;
      },
      /^diagnosis\.summary: missing/,
    ],
    [
      (j) => {
        j.diagnosis.verdict = 'cosmic-rays';
      },
      /^diagnosis\.verdict: expected one of/,
    ],
    [
      (j) => {
        j.ping.lossCi95 = [0.5, 0.1];
      },
      /^ping\.lossCi95: low 0\.5 is above high 0\.1/,
    ],
    [
      (j) => {
        j.ping.lossCi95 = [0.01, 0.5];
      },
      /^ping\.lossCi95: differs from loss\.ci95/,
    ],
    [
      (j) => {
        j.burst.attempts = 31;
      },
      /^burst\.attempts: says 31 but attemptLog holds 32/,
    ],
    [
      (j) => {
        j.burst.delayed = 3;
      },
      /^burst\.delayed: says 3 but summary\.delayed is 25/,
    ],
    [
      (j) => {
        j.verdict = 'healthy';
      },
      /^verdict: expected "upstream-syn-filter"/,
    ],
    [
      (j) => {
        j.server.deltas['Tcp.InSegs'] = null;
      },
      /^server\.deltas\.Tcp\.InSegs: expected a finite number/,
    ],
    [
      (j) => {
        j.beancounters.containers[0].resources[2].unit = 'litres';
      },
      /^beancounters\.containers\[0\]\.resources\[2\]\.unit/,
    ],
    [
      (j) => {
        j.bufferRisk.send.grade = 'dire';
      },
      /^bufferRisk\.send\.grade/,
    ],
    [
      (j) => {
        j.ping.received = 201;
      },
      /^ping\.received/,
    ],
    [
      (j) => {
        j.target.port = -1;
      },
      /^target\.port: expected a whole number/,
    ],
    [
      (j) => {
        j.schema = 'something/else';
      },
      /^schema: .*not a VPS Doctor result/,
    ],
  ];
  for (const [edit, want] of cases) assert.match(errorAfter(edit), want);
});

test('a newer version is refused with a clear message, never half-read', () => {
  assert.match(
    errorAfter((j) => {
      j.version = 2;
    }),
    /^version: version 2 is newer than this VPS Doctor reads \(1\); update VPS Doctor/,
  );
  assert.match(
    errorAfter((j) => {
      j.version = 0;
    }),
    /^version: version 0 is not a RESULT\.json version/,
  );
});

test('text that is not JSON names the line of the syntax error', () => {
  const r = parseResultJson('{\n  "schema": "vps-doctor/result",\n  "version": 1,,\n}', 'broken.json');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.line, 3);
    assert.match(r.error.message, /^not JSON/);
  }
  const empty = parseResultJson('', 'empty.json');
  assert.equal(empty.ok, false);
});

test('unknown fields are dropped, so later additions to version 1 still read', () => {
  const j = JSON.parse(UPSTREAM);
  j.futureField = { a: 1 };
  j.burst.somethingNew = true;
  const r = parseResultJson(JSON.stringify(j));
  assert.equal(r.ok, true);
  if (r.ok) assert.deepEqual(JSON.parse(serializeResult(r.value)), JSON.parse(UPSTREAM));
});

/** Every path to a leaf of a JSON value. */
function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.length === 0 ? [path] : v.flatMap((x, i) => leaves(x, [...path, i]));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [path];
}

test('property: replacing any leaf with a value of another kind never throws, and a rejection names a path', () => {
  const base = JSON.parse(HEALTHY);
  const paths = leaves(base).filter((p) => p.length > 0 && p[p.length - 1] !== 'raw');
  fc.assert(
    fc.property(
      fc.constantFrom(...paths),
      fc.oneof(fc.constant(null), fc.string(), fc.double(), fc.boolean(), fc.constant([]), fc.constant({})),
      (path, value) => {
        const j = structuredClone(base);
        let at = j;
        for (const key of path.slice(0, -1)) at = at[key];
        at[path[path.length - 1]] = value;
        const r = parseResultJson(JSON.stringify(j));
        if (!r.ok) assert.match(r.error.message, /^[A-Za-z(][^:]*: /);
      },
    ),
    { numRuns: 200 },
  );
});

test('property: arbitrary text never throws', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) => {
      parseResultJson(text);
    }),
    { numRuns: 200 },
  );
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      parseResultJson(JSON.stringify(value));
    }),
    { numRuns: 200 },
  );
});

test('the view digest passes the webview guard, and marks the counters the verdict rests on', () => {
  const report = read(UPSTREAM);
  const view = resultView(report);
  assert.ok(isReportView(view));
  assert.equal(view.burst.attempts.length, 32);
  assert.equal(view.verdict.title, 'Upstream SYN filter');
  const decisive = view.counters.filter((c) => c.decisive).map((c) => c.name);
  for (const name of [
    'Tcp.PassiveOpens',
    'TcpExt.ListenOverflows',
    'TcpExt.ListenDrops',
    'TcpExt.TCPSynRetrans',
    'Ip.InReceives-InDelivers',
  ]) {
    assert.ok(decisive.includes(name), `${name} should be decisive`);
  }
  assert.ok(!decisive.includes('TcpExt.TW'));
  // Decisive rows come first.
  assert.deepEqual(
    view.counters
      .slice(0, decisive.length)
      .map((c) => c.name)
      .sort(),
    [...decisive].sort(),
  );
  assert.ok(view.beancounters && view.beancounters.container === '12345');
  const latest = latestView('ssh:seed-vps', report);
  assert.ok(isLatestView(latest));
  assert.equal(latest.strip.length, 32);
  assert.deepEqual(latest.topFailcnt, { name: 'tcpsndbuf', delta: 187 });
  assert.deepEqual(toResultJson(report).ping?.lossCi95, report.ping?.loss.ci95);
});

test('the view cites the method by section title, never by a file path a reader of an exported page cannot open', () => {
  const report = read(UPSTREAM);
  const view = resultView(report);
  assert.equal(view.verdict.method, 'VPS Doctor method, §3.4 "The decision table", row 2');
  // RESULT.json keeps the product's own citations; the view rewrites every one of them.
  assert.match(JSON.stringify(report.bufferRisk), /docs\/method\.md §1\.5/);
  const text = JSON.stringify(view);
  assert.doesNotMatch(text, /docs\/method\.md/);
  assert.ok(
    view.bufferRisk?.sides[0].mitigations.some((m) =>
      m.includes('(VPS Doctor method, §1.5 "How tcpsndbuf is charged")'),
    ),
  );
  assert.match(
    view.bufferRisk?.wmemMaxExplanation ?? '',
    /\(VPS Doctor method, §2\.2 "Why buffers grow past wmem_max"\)/,
  );
  const inconclusive = resultView({
    ...report,
    diagnosis: { ...report.diagnosis, verdict: 'inconclusive', row: null },
  });
  assert.equal(inconclusive.verdict.method, 'VPS Doctor method, §3.4 "The decision table"');
  assert.ok(isReportView(inconclusive));
});
