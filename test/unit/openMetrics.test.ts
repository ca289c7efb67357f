/**
 * OpenMetrics export: the seed snapshot against golden files, validated by real parsers: `promtool check
 * metrics` (Prometheus text format, Debian package `prometheus`) and the OpenMetrics parser of the
 * Python client (Debian package `python3-prometheus-client`), plus the OpenMetrics rules checked here.
 * Regenerate the golden files with UPDATE_GOLDEN=1 after a deliberate change.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { LocalRunner } from '../../src/core/remote/localRunner';
import { readHostFacts, takeSample } from '../../src/core/remote/sampler';
import type { HostSnapshot } from '../../src/core/remote/snapshot';
import { openMetrics } from '../../src/core/report/openMetrics';
import { renderMetrics } from '../../src/core/report/openMetricsWriter';
import { summarizeBurst, type BurstAttempt } from '../../src/core/probes/burstSummary';
import type { BurstResult } from '../../src/core/probes/burst';
import { summarisePing } from '../../src/core/probes/pingResult';
import { makeFakeRoot, removeFakeRoot, unwrap } from './remoteFixtures';

const golden = fileURLToPath(new URL('../fixtures/demo/', import.meta.url));
const ci = process.env['CI'] === 'true';

function tool(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}
/** Debian's interpreter, where `apt-get install python3-prometheus-client` puts the parser (a pyenv shim on PATH would not see it). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const havePromtool = tool('promtool', ['--version']);
const havePythonParser = tool(PYTHON, ['-c', 'import prometheus_client.openmetrics.parser']);
const skipWhy = (have: boolean, what: string): string | false =>
  have ? false : ci ? false : `${what} is not installed`;

/** promtool's verdict: exit status and whatever it printed (lint findings). */
function promtool(text: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

/** Parses with prometheus_client's strict OpenMetrics parser; returns [family, type, unit, [[sample, labels, value]]]. */
function pythonParse(text: string): {
  ok: boolean;
  families?: [string, string, string, [string, Record<string, string>, number][]][];
  error?: string;
} {
  const script = [
    'import sys, json',
    'from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse',
    'fams = [[f.name, f.type, f.unit, [[s.name, s.labels, s.value] for s in f.samples]] for f in parse(sys.stdin.read())]',
    'print(json.dumps(fams))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script], { input: text, encoding: 'utf8' });
  return r.status === 0
    ? { ok: true, families: JSON.parse(r.stdout) }
    : { ok: false, error: r.stderr.trim().split('\n').at(-1) ?? '' };
}

/** OpenMetrics rules that a Prometheus-format parser would not catch. */
function checkOpenMetricsRules(text: string): void {
  assert.ok(text.endsWith('# EOF\n'), 'ends with # EOF');
  assert.equal(text.split('\n').filter((l) => l === '# EOF').length, 1);
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const t = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (t) {
      assert.equal(types.has(t[1]!), false, `family ${t[1]} declared once`);
      types.set(t[1]!, t[2]!);
      continue;
    }
    const u = /^# UNIT (\S+) (\S+)$/.exec(line);
    if (u) assert.ok(u[1]!.endsWith(`_${u[2]}`), `${u[1]} ends with its unit`);
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (sample && !line.startsWith('#')) {
      const name = sample[1]!;
      const family = [...types.keys()]
        .filter((f) => name === f || name.startsWith(`${f}_`))
        .sort((a, b) => b.length - a.length)[0];
      assert.ok(family !== undefined, `${name} belongs to a declared family`);
      if (types.get(family) === 'counter') assert.equal(name, `${family}_total`, 'counter samples end in _total');
      if (types.get(family) === 'info') assert.equal(name, `${family}_info`);
    }
  }
}

describe('OpenMetrics export of the seed snapshot', () => {
  let root: string;
  let snapshot: HostSnapshot;

  before(async () => {
    root = makeFakeRoot('openvz-root');
    const runner = new LocalRunner({ root });
    const limits = { timeoutMs: 10_000, maxOutputBytes: 1 << 22 };
    const facts = unwrap(await readHostFacts(runner, limits));
    snapshot = unwrap(await takeSample(runner, { ...limits, useSudo: false, facts }));
  });
  after(() => removeFakeRoot(root));

  for (const [format, file] of [
    ['openmetrics', 'seed-metrics.om.txt'],
    ['prometheus', 'seed-metrics.prom.txt'],
  ] as const) {
    it(`matches the golden file (${format})`, () => {
      const text = openMetrics({ snapshot }, format);
      const path = join(golden, file);
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(path)) {
        assert.equal(ci, false, `golden file ${file} is missing`);
        mkdirSync(golden, { recursive: true });
        writeFileSync(path, text);
      }
      assert.equal(text, readFileSync(path, 'utf8'));
    });
  }

  it('exports the seed figures under stable names', () => {
    const text = openMetrics({ snapshot });
    const lines = new Set(text.split('\n'));
    for (const expected of [
      'vpsdoctor_beancounter_failcnt_total{container="12345",resource="tcpsndbuf"} 1779659',
      'vpsdoctor_beancounter_barrier_bytes{container="12345",resource="tcpsndbuf"} 1720320',
      'vpsdoctor_beancounter_limit_bytes{container="12345",resource="tcpsndbuf"} 2703360',
      'vpsdoctor_beancounter_held_pages{container="12345",resource="physpages"} 214818',
      'vpsdoctor_beancounter_barrier_pages{container="12345",resource="physpages"} 0',
      'vpsdoctor_beancounter_held{container="12345",resource="numtcpsock"} 23',
      'vpsdoctor_buffer_risk{container="12345",vpsdoctor_buffer_risk="critical"} 1',
      'vpsdoctor_host_info{kernel="2.6.32-042stab145.3",virtualization="openvz-container"} 1',
      '# UNIT vpsdoctor_beancounter_held_bytes bytes',
      '# TYPE vpsdoctor_beancounter_failcnt counter',
    ]) {
      assert.ok(lines.has(expected), expected);
    }
    // Unlimited (LONG_MAX) barrier and limit have no sample; the row's held value is still there.
    assert.ok(lines.has('vpsdoctor_beancounter_held_bytes{container="12345",resource="kmemsize"} 56793972'));
    assert.equal(text.includes('resource="kmemsize"} 9223372036854775807'), false);
    assert.equal(
      /vpsdoctor_beancounter_(barrier|limit)_bytes\{container="12345",resource="kmemsize"\}/.test(text),
      false,
    );
    assert.equal(text.includes('resource="dummy"'), false);
    checkOpenMetricsRules(text);
  });

  it(
    'the Prometheus rendering passes promtool check metrics without findings',
    { skip: skipWhy(havePromtool, 'promtool (Debian package prometheus)') },
    () => {
      const r = promtool(openMetrics({ snapshot }, 'prometheus'));
      assert.deepEqual(r, { status: 0, output: '' });
    },
  );

  it(
    'the OpenMetrics rendering parses with a strict OpenMetrics parser, value for value',
    { skip: skipWhy(havePythonParser, 'python3-prometheus-client') },
    () => {
      const text = openMetrics({ snapshot });
      const r = pythonParse(text);
      assert.ok(r.ok, r.error);
      const failcnt = r.families!.find((f) => f[0] === 'vpsdoctor_beancounter_failcnt');
      assert.equal(failcnt?.[1], 'counter');
      assert.deepEqual(
        failcnt?.[3].find((s) => s[1]['resource'] === 'tcpsndbuf'),
        ['vpsdoctor_beancounter_failcnt_total', { container: '12345', resource: 'tcpsndbuf' }, 1779659],
      );
      assert.deepEqual(r.families!.find((f) => f[0] === 'vpsdoctor_beancounter_held_bytes')?.slice(1, 3), [
        'gauge',
        'bytes',
      ]);
      assert.equal(r.families!.find((f) => f[0] === 'vpsdoctor_buffer_risk')?.[1], 'stateset');
      const samples = r.families!.reduce((n, f) => n + f[3].length, 0);
      assert.equal(samples, text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length);
    },
  );
});

/** A burst of 8 on loopback: 6 fast, 2 at one retransmission; and 20 pings with one lost. */
function probes() {
  const attempts: BurstAttempt[] = Array.from({ length: 8 }, (_, i) =>
    i < 6
      ? { index: i, startMs: i, connectMs: 0.2, retransmissions: 0, kind: 'fast' }
      : { index: i, startMs: i, connectMs: 1020, retransmissions: 1, kind: 'retransmit' },
  );
  const burst = {
    target: { host: 'demo "host"', ip: '127.0.0.1', port: 8080 },
    startedAt: '2024-03-01T12:00:00.000Z',
    count: 8,
    concurrency: 4,
    mode: 'tcp',
    baselineRttMs: 0.25,
    schedule: { initialRtoMs: 1000, pointsMs: [1000, 2000, 3000], giveUpMs: 131_000 },
    attempts,
    keepAlive: { requests: 1, failed: 0, timesMs: [0.3] },
    summary: summarizeBurst(attempts),
  } as unknown as BurstResult;
  const replies = new Map(
    Array.from({ length: 20 }, (_, i) => [i + 1, 10 + i] as [number, number]).filter(([seq]) => seq !== 7),
  );
  const ping = {
    host: '127.0.0.1',
    ...summarisePing({ platform: 'linux', sent: 20, firstSeq: 1, firstReplies: replies, duplicates: 0, raw: '' }),
  };
  return { burst, ping };
}

describe('OpenMetrics export of probe results and odd values', () => {
  const emptySnapshot = (): HostSnapshot => {
    const missing = { state: 'missing' } as const;
    return {
      uptimeSeconds: missing,
      beancounters: missing,
      counters: { snmp: missing, netstat: missing },
      sockstat: missing,
      sysctls: {
        tcpMem: missing,
        tcpWmem: missing,
        tcpRmem: missing,
        wmemMax: missing,
        rmemMax: missing,
        somaxconn: missing,
        tcpMaxSynBacklog: missing,
        tcpSyncookies: missing,
        tcpSynRetries: missing,
        tcpSynackRetries: missing,
        tcpAbortOnOverflow: missing,
        fileNr: missing,
      },
      conntrack: { count: missing, max: missing, stat: missing },
      cgroup: {
        path: null,
        memoryEvents: missing,
        memoryStat: missing,
        memoryCurrent: missing,
        memoryMax: missing,
        pidsCurrent: missing,
        pidsMax: missing,
        pidsEvents: missing,
      },
      needsRoot: [],
      missing: [],
      errors: [],
    };
  };

  it('exports the latest burst and ping as gauges in seconds and ratios, with escaped labels', () => {
    const text = openMetrics({ snapshot: emptySnapshot(), probes: probes() });
    const lines = new Set(text.split('\n'));
    const labels = 'host="demo \\"host\\"",target="127.0.0.1:8080",mode="tcp"';
    for (const expected of [
      `vpsdoctor_burst_attempts{${labels}} 8`,
      `vpsdoctor_burst_delayed_attempts{${labels}} 2`,
      `vpsdoctor_burst_class_attempts{${labels},class="1"} 2`,
      `vpsdoctor_burst_baseline_rtt_seconds{${labels}} 0.00025`,
      `vpsdoctor_burst_position_signature{${labels},vpsdoctor_burst_position_signature="front-fast-then-delayed"} 1`,
      `vpsdoctor_burst_start_timestamp_seconds{${labels}} 1709294400`,
      'vpsdoctor_ping_sent{host="127.0.0.1"} 20',
      'vpsdoctor_ping_received{host="127.0.0.1"} 19',
      'vpsdoctor_ping_loss_ratio{host="127.0.0.1"} 0.05',
      'vpsdoctor_ping_rtt_seconds{host="127.0.0.1",stat="min"} 0.01',
      'vpsdoctor_buffer_risk{vpsdoctor_buffer_risk="unknown"} 1',
    ]) {
      assert.ok(lines.has(expected), expected);
    }
    // Nothing was read: no beancounter, kernel or uptime families at all (unknown is not 0).
    assert.equal(/vpsdoctor_(beancounter|tcp|ip|conntrack|uptime)_/.test(text), false);
    checkOpenMetricsRules(text);
    if (havePythonParser) assert.ok(pythonParse(text).ok, pythonParse(text).error);
    if (havePromtool)
      assert.deepEqual(promtool(openMetrics({ snapshot: emptySnapshot(), probes: probes() }, 'prometheus')), {
        status: 0,
        output: '',
      });
  });

  it(
    'property: any label value round-trips through the escaping (strict parser reads back the same string)',
    { skip: skipWhy(havePythonParser, 'python3-prometheus-client') },
    () => {
      const values = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { numRuns: 200, seed: 42 });
      const text = renderMetrics(
        [
          {
            name: 'vpsdoctor_test',
            type: 'gauge',
            help: 'A "help" \\ with\nlines.',
            samples: values.map((v, i) => ({ labels: { i: String(i), v }, value: i })),
          },
        ],
        'openmetrics',
      );
      const r = pythonParse(text);
      assert.ok(r.ok, r.error);
      const back = r.families![0]![3].map((s) => s[1]['v']);
      // Lone surrogates cannot be UTF-8: they come back as U+FFFD, everything else byte for byte.
      const wellFormed = (s: string) =>
        s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
      assert.deepEqual(back, values.map(wellFormed));
    },
  );

  it('refuses malformed metric names and duplicate families (programming errors), and drops repeated label sets', () => {
    assert.throws(
      () =>
        renderMetrics(
          [{ name: 'bad-name', type: 'gauge', help: 'x', samples: [{ labels: {}, value: 1 }] }],
          'openmetrics',
        ),
      TypeError,
    );
    assert.throws(
      () => renderMetrics([{ name: 'x_seconds', type: 'gauge', unit: 'bytes', help: 'x', samples: [] }], 'openmetrics'),
      TypeError,
    );
    const f = {
      name: 'x',
      type: 'gauge' as const,
      help: 'x',
      samples: [
        { labels: { a: '1' }, value: 1 },
        { labels: { a: '1' }, value: 2 },
      ],
    };
    assert.throws(() => renderMetrics([f, f], 'openmetrics'), TypeError);
    assert.equal(renderMetrics([f], 'openmetrics'), '# HELP x x\n# TYPE x gauge\nx{a="1"} 1\n# EOF\n');
    assert.equal(renderMetrics([f], 'prometheus'), '# HELP x x\n# TYPE x gauge\nx{a="1"} 1\n');
  });
});
