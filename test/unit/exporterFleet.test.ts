/** The exporter's fleet file: what a good one gives, and that every bad one names its line. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseFleet } from '../../src/core/exporter/fleetFile';
import { failure, unwrap } from './remoteFixtures';

const GOOD = `# a small fleet
ssh_config: fleet_ssh_config
max_concurrent_execs: 4
hosts:
  - target: web-1
    labels: { region: eu, role: web }
  - target: admin@203.0.113.7:2222
    probe_host: 203.0.113.7
    service_port: 8080
modules:
  snapshot: {}
  burst:
    prober: tcp_burst
    port: 80
    min_interval: 10m
    max_syns_per_minute: 30
  ping:
    prober: ping
    count: 50
    interval: 100ms
  diagnose:
    prober: diagnose
    port: 443
    http_path: /health
    timeout: 90s
`;

describe('fleet file', () => {
  it('reads hosts, labels, modules and fills the defaults', () => {
    const f = unwrap(parseFleet(GOOD, 'fleet.yml', '/etc/vps-doctor'));
    assert.equal(f.sshConfig, '/etc/vps-doctor/fleet_ssh_config');
    assert.equal(f.maxConcurrentExecs, 4);
    assert.deepEqual(
      f.hosts.map((h) => [h.target, h.labels, h.probeHost, h.servicePort, h.line]),
      [
        ['web-1', { region: 'eu', role: 'web' }, undefined, undefined, 5],
        ['admin@203.0.113.7:2222', {}, '203.0.113.7', 8080, 7],
      ],
    );
    assert.deepEqual(f.modules.get('snapshot'), { name: 'snapshot', prober: 'snapshot', timeoutMs: 20_000 });
    assert.deepEqual(f.modules.get('burst'), {
      name: 'burst',
      prober: 'tcp_burst',
      timeoutMs: 30_000,
      port: 80,
      count: 8,
      concurrency: 2,
      caps: { minIntervalMs: 600_000, maxSynsPerMinute: 30 },
    });
    assert.deepEqual(f.modules.get('ping'), {
      name: 'ping',
      prober: 'ping',
      timeoutMs: 30_000,
      count: 50,
      intervalSeconds: 0.1,
    });
    const d = f.modules.get('diagnose');
    assert.equal(d?.prober, 'diagnose');
    assert.deepEqual(
      d?.prober === 'diagnose' ? [d.port, d.count, d.concurrency, d.pingCount, d.httpPath, d.timeoutMs, d.caps] : [],
      [443, 32, 4, 100, '/health', 90_000, { minIntervalMs: 300_000, maxSynsPerMinute: 33 }],
    );
  });

  const bad: [string, string, number, RegExp][] = [
    ['not YAML', 'hosts: [\n  - a\nmodules: {', 2, /not allowed/],
    ['empty', '', 0, /empty/],
    ['no modules', 'hosts:\n  - target: a\n', 1, /modules/],
    ['unknown top-level key', 'hosts: []\nmodulez: {}\n', 2, /unknown key "modulez"/],
    [
      'duplicate target',
      'hosts:\n  - target: a\n  - target: a\nmodules:\n  snapshot: {}\n',
      3,
      /listed twice \(first on line 2\)/,
    ],
    ['bad host spec', 'hosts:\n  - target: "bad user@h"\nmodules:\n  snapshot: {}\n', 2, /target/],
    ['target with a space', 'hosts:\n  - target: "a b"\nmodules:\n  snapshot: {}\n', 2, /neither an ssh config alias/],
    [
      'reserved label',
      'hosts:\n  - target: a\n    labels:\n      instance: x\nmodules:\n  snapshot: {}\n',
      4,
      /set by Prometheus/,
    ],
    [
      'bad label name',
      'hosts:\n  - target: a\n    labels:\n      "1x": y\nmodules:\n  snapshot: {}\n',
      4,
      /label name/,
    ],
    ['unknown prober', 'hosts: []\nmodules:\n  m:\n    prober: tcp_flood\n', 4, /prober must be one of/],
    ['burst without port', 'hosts: []\nmodules:\n  b:\n    prober: tcp_burst\n', 4, /needs `port:`/],
    [
      'port out of range',
      'hosts: []\nmodules:\n  b:\n    prober: tcp_burst\n    port: 70000\n',
      5,
      /port must be a whole number from 1 to 65535/,
    ],
    [
      'bad duration',
      'hosts: []\nmodules:\n  b:\n    prober: tcp_burst\n    port: 80\n    min_interval: soon\n',
      6,
      /duration/,
    ],
    [
      'budget below one run',
      'hosts: []\nmodules:\n  b:\n    prober: tcp_burst\n    port: 80\n    count: 30\n    max_syns_per_minute: 10\n',
      7,
      /opens 31 connections/,
    ],
    [
      'key of another prober',
      'hosts: []\nmodules:\n  snapshot:\n    port: 80\n',
      4,
      /unknown key "port" in module snapshot/,
    ],
    [
      'http path with a space',
      'hosts: []\nmodules:\n  b:\n    prober: tcp_burst\n    port: 80\n    http_path: "/a b"\n',
      6,
      /http_path/,
    ],
    ['key without value', 'hosts:\n  - target:\nmodules:\n  snapshot: {}\n', 2, /target has no value/],
  ];
  for (const [name, text, line, message] of bad) {
    it(`refuses ${name}, naming line ${line}`, () => {
      const e = failure(parseFleet(text, 'fleet.yml', '/x'));
      assert.equal(e.source, 'fleet.yml');
      assert.equal(e.line, line, e.message);
      assert.match(e.message, message);
    });
  }

  it('is total: any text gives the fleet or an error with a line inside the text', () => {
    const fragments = fc.constantFrom(
      'hosts:',
      'modules:',
      '  - target: a',
      '  snapshot: {}',
      '    prober: ping',
      '    port: 80',
      ':',
      '- ',
      '{',
      '"',
      '\t',
      'count: -1',
      '&a',
      '*a',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fragments, { maxLength: 12 }).map((l) => l.join('\n')),
        ),
        (text) => {
          const r = parseFleet(text, 'f.yml', '/x');
          if (!r.ok)
            assert.ok(
              r.error.line >= 0 && r.error.line <= text.split('\n').length + 1,
              `${r.error.line}: ${r.error.message}`,
            );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('vps-doctor exporter: the fleet file at start', () => {
  const run = async (args: string[]) => {
    const { main } = await import('../../src/cli/main');
    let out = '';
    let err = '';
    const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), isTty: false });
    return { code, out, err };
  };

  it('refuses to start on a bad fleet file, naming the file and line (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpsd-fleet-'));
    try {
      const path = join(dir, 'fleet.yml');
      writeFileSync(path, 'hosts:\n  - target: a\nmodules:\n  burst:\n    prober: tcp_burst\n    port: 0\n');
      const r = await run(['exporter', '--config', path, '--listen', '127.0.0.1:0']);
      assert.equal(r.code, 2);
      assert.equal(r.err.trim(), `exporter: ${path}:6: module burst: port must be a whole number from 1 to 65535`);
      const missing = await run(['exporter', '--config', join(dir, 'nope.yml')]);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /cannot read fleet file .*nope\.yml: no such file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--check reads the shipped example and says what it defines (exit 0)', async () => {
    const r = await run([
      'exporter',
      '--config',
      new URL('../../deploy/fleet.example.yml', import.meta.url).pathname,
      '--check',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /2 hosts, modules snapshot \(snapshot\), tcp_burst \(tcp_burst\), ping \(ping\), diagnose \(diagnose\)/,
    );
  });
});
