/**
 * The exporter's HTTP contract without sockets: `/probe` for each module over fake links and fake probes,
 * failures as metrics (never an HTTP error), the caps serving the last result with its age, the scrape
 * budget, the global exec cap, and `/metrics`; every answer validated by the real `promtool check metrics`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Exporter, scrapeBudgetMs, type ExporterRequest } from '../../src/core/exporter/exporter';
import { parseFleet } from '../../src/core/exporter/fleetFile';
import type { BurstResult } from '../../src/core/probes/burst';
import { summarizeBurst, type BurstAttempt } from '../../src/core/probes/burstSummary';
import { summarisePing } from '../../src/core/probes/pingResult';
import { SshError } from '../../src/core/ssh/sshErrors';
import { unwrap } from './remoteFixtures';
import { FakeHost, FakeLink, settle } from './sessionFakes';

const ci = process.env['CI'] === 'true';
const havePromtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;

/** promtool's verdict on a Prometheus text exposition: no output and status 0 is clean. */
function promtoolClean(text: string): void {
  if (!havePromtool) {
    if (ci) assert.fail('promtool (Debian package prometheus) is not installed');
    return;
  }
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.equal(`${r.stdout}${r.stderr}`.trim(), '');
}

const FLEET = `
max_concurrent_execs: 1
hosts:
  - target: a
    labels: { region: eu }
  - target: b
  - target: keyed
modules:
  snapshot: { timeout: 10s }
  burst: { prober: tcp_burst, port: 8080, min_interval: 5m }
  ping: { prober: ping, count: 20 }
`;

function burstResult(delayed: number): BurstResult {
  const attempts: BurstAttempt[] = Array.from({ length: 8 }, (_, i) =>
    i < 8 - delayed
      ? { index: i, startMs: i, connectMs: 0.2, retransmissions: 0, kind: 'fast' }
      : { index: i, startMs: i, connectMs: 1020, retransmissions: 1, kind: 'retransmit' },
  );
  return {
    target: { host: '127.0.0.1', ip: '127.0.0.1', port: 8080 },
    startedAt: '2026-01-01T00:00:00.000Z',
    count: 8,
    concurrency: 2,
    mode: 'tcp',
    baselineRttMs: 0.2,
    schedule: { initialRtoMs: 1000, pointsMs: [1000, 2000, 3000], giveUpMs: 131_000 },
    attempts,
    keepAlive: { requests: 1, failed: 0, timesMs: [0.3] },
    summary: summarizeBurst(attempts),
  } as unknown as BurstResult;
}

class RefusingLink extends FakeLink {
  override async connect(): Promise<void> {
    throw new SshError('hostKeyChanged', 'The host key of keyed changed: refusing to connect.');
  }
}

function setup() {
  const store = mkdtempSync(join(tmpdir(), 'vpsd-exporter-'));
  const hosts = { a: new FakeHost(), b: new FakeHost() };
  const logs: string[] = [];
  let now = 1_700_000_000_000;
  let bursts = 0;
  const exporter = new Exporter({
    fleet: unwrap(parseFleet(FLEET, 'fleet.yml', '/x')),
    tool: { name: 'vps-doctor', version: 'test' },
    storeDir: store,
    env: {},
    now: () => now,
    log: (level, message) => logs.push(`${level}: ${message}`),
    openLink: async (target) =>
      target.alias === 'keyed' ? new RefusingLink(new FakeHost()) : new FakeLink(hosts[target.alias as 'a' | 'b']),
    probes: {
      burst: async () => {
        bursts++;
        return burstResult(6);
      },
      ping: async (o) => ({
        host: o.host,
        ...summarisePing({
          platform: 'linux',
          sent: 20,
          firstSeq: 1,
          firstReplies: new Map(Array.from({ length: 19 }, (_, i) => [i + 1, 0.05] as [number, number])),
          duplicates: 0,
          raw: '',
        }),
      }),
    },
  });
  // Bursts and pings go to the fleet's probe_host or the resolved HostName; these hosts have an alias only.
  exporter.pool.probeAddress = async () => '127.0.0.1';
  const get = async (url: string, extra: Partial<ExporterRequest> = {}) =>
    exporter.handle({ method: 'GET', url, ...extra });
  return { exporter, hosts, logs, get, store, advance: (ms: number) => (now += ms), bursts: () => bursts };
}

const value = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('exporter /probe', () => {
  const t = setup();
  after(() => {
    t.exporter.dispose();
    rmSync(t.store, { recursive: true, force: true });
  });

  it('snapshot: one sample over the pooled connection, with the beancounter families', async () => {
    const r = await t.get('/probe?target=a&module=snapshot');
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/plain; version=0\.0\.4/);
    assert.equal(value(r.body, 'vpsdoctor_probe_success'), 1);
    assert.equal(value(r.body, 'vpsdoctor_beancounter_failcnt_total{container="12345",resource="tcpsndbuf"}'), 1779659);
    assert.equal(value(r.body, 'vpsdoctor_probe_error{vpsdoctor_probe_error="host_key"}'), 0);
    promtoolClean(r.body);
    // The same connection serves the next scrape: one more sample, no new link.
    t.hosts.a.failcnt = { tcpsndbuf: 1779700 };
    const again = await t.get('/probe?target=a&module=snapshot');
    assert.equal(
      value(again.body, 'vpsdoctor_beancounter_failcnt_total{container="12345",resource="tcpsndbuf"}'),
      1779700,
    );
    assert.equal(t.exporter.pool.all().length, 1);
    assert.equal(t.exporter.pool.openConnections(), 1);
  });

  it('answers OpenMetrics when Prometheus asks for it', async () => {
    const r = await t.get('/probe?target=a&module=snapshot', {
      accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5',
    });
    assert.match(r.contentType, /^application\/openmetrics-text/);
    assert.ok(r.body.endsWith('# EOF\n'));
    assert.match(r.body, /^vpsdoctor_probe_error\{vpsdoctor_probe_error="parse"\} 0$/m);
  });

  it('a failed sample is success 0 with the error kind, not an HTTP error', async () => {
    assert.equal(value((await t.get('/probe?target=b&module=snapshot')).body, 'vpsdoctor_probe_success'), 1);
    t.hosts.b.next = ['junk'];
    const r = await t.get('/probe?target=b&module=snapshot');
    assert.equal(r.status, 200);
    assert.equal(value(r.body, 'vpsdoctor_probe_success'), 0);
    assert.equal(value(r.body, 'vpsdoctor_probe_error{vpsdoctor_probe_error="parse"}'), 1);
    assert.equal(
      value(r.body, 'vpsdoctor_beancounter_failcnt_total{container="12345",resource="tcpsndbuf"}'),
      undefined,
    );
    promtoolClean(r.body);
    assert.equal(value((await t.get('/probe?target=b&module=snapshot')).body, 'vpsdoctor_probe_success'), 1);
  });

  it('a changed host key is an error metric and one log line, never accepted', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await t.get('/probe?target=keyed&module=snapshot');
      assert.equal(value(r.body, 'vpsdoctor_probe_success'), 0);
      assert.equal(value(r.body, 'vpsdoctor_probe_error{vpsdoctor_probe_error="host_key"}'), 1);
    }
    assert.deepEqual(
      t.logs.filter((l) => l.includes('keyed')),
      ['error: probe snapshot of keyed failed (host_key: The host key of keyed changed: refusing to connect.)'],
    );
  });

  it('tcp_burst: runs once, then serves the last result with its age inside min_interval', async () => {
    const first = await t.get('/probe?target=a&module=burst');
    assert.equal(value(first.body, 'vpsdoctor_probe_success'), 1);
    assert.equal(value(first.body, 'vpsdoctor_probe_cached'), 0);
    assert.equal(
      value(first.body, 'vpsdoctor_burst_delayed_attempts{host="127.0.0.1",target="127.0.0.1:8080",mode="tcp"}'),
      6,
    );
    // The connect-time histogram: 2 fast connects, 6 after one SYN retransmission (about 1 s).
    assert.equal(
      value(
        first.body,
        'vpsdoctor_burst_connect_seconds_bucket{host="127.0.0.1",target="127.0.0.1:8080",mode="tcp",le="0.9"}',
      ),
      2,
    );
    assert.equal(
      value(first.body, 'vpsdoctor_burst_connect_seconds_count{host="127.0.0.1",target="127.0.0.1:8080",mode="tcp"}'),
      8,
    );
    promtoolClean(first.body);
    t.advance(90_000);
    const held = await t.get('/probe?target=a&module=burst');
    assert.equal(t.bursts(), 1);
    assert.equal(value(held.body, 'vpsdoctor_probe_cached'), 1);
    assert.equal(value(held.body, 'vpsdoctor_probe_result_age_seconds'), 90);
    assert.equal(
      value(held.body, 'vpsdoctor_burst_delayed_attempts{host="127.0.0.1",target="127.0.0.1:8080",mode="tcp"}'),
      6,
    );
    t.advance(210_000);
    await t.get('/probe?target=a&module=burst');
    assert.equal(t.bursts(), 2);
  });

  it('ping: loss bounds and RTT', async () => {
    const r = await t.get('/probe?target=b&module=ping');
    assert.equal(value(r.body, 'vpsdoctor_ping_sent{host="127.0.0.1"}'), 20);
    assert.equal(value(r.body, 'vpsdoctor_ping_received{host="127.0.0.1"}'), 19);
    assert.ok((value(r.body, 'vpsdoctor_ping_loss_ci95_ratio{host="127.0.0.1",bound="lower"}') ?? -1) > 0);
    promtoolClean(r.body);
  });

  it('an unknown target or module is a 400 that says so', async () => {
    const r = await t.get('/probe?target=zzz&module=snapshot');
    assert.equal(r.status, 400);
    assert.match(r.body, /unknown target "zzz"/);
    const m = await t.get('/probe?target=a&module=flood');
    assert.equal(m.status, 400);
    assert.match(m.body, /defines snapshot, burst, ping/);
  });

  it('a sample that outlasts the scrape budget answers timeout, and its result serves a later scrape', async () => {
    t.hosts.b.hold = true;
    const r = await t.get('/probe?target=b&module=snapshot', { scrapeTimeoutSeconds: '0.6' });
    assert.equal(value(r.body, 'vpsdoctor_probe_error{vpsdoctor_probe_error="timeout"}'), 1);
    t.hosts.b.hold = false;
    t.hosts.b.release();
    await settle();
    const next = await t.get('/probe?target=b&module=snapshot');
    assert.equal(value(next.body, 'vpsdoctor_probe_success'), 1);
  });

  it('runs at most max_concurrent_execs samples at once over every host', async () => {
    t.hosts.a.hold = true;
    t.hosts.b.hold = true;
    const both = [t.get('/probe?target=a&module=snapshot'), t.get('/probe?target=b&module=snapshot')];
    await settle(20);
    assert.equal(t.hosts.a.running + t.hosts.b.running, 1);
    assert.equal(t.exporter.execs.queued, 1);
    t.hosts.a.hold = false;
    t.hosts.b.hold = false;
    for (let i = 0; i < 5; i++) {
      t.hosts.a.release();
      t.hosts.b.release();
      await settle();
    }
    for (const r of await Promise.all(both)) assert.equal(value(r.body, 'vpsdoctor_probe_success'), 1);
  });

  it('/metrics: scrapes, errors by kind, connections, memory; /sd: the fleet with labels', async () => {
    const r = await t.get('/metrics');
    promtoolClean(r.body);
    assert.ok((value(r.body, 'vpsdoctor_exporter_scrapes_total{target="a",module="snapshot"}') ?? 0) >= 3);
    assert.ok((value(r.body, 'vpsdoctor_exporter_errors_total{target="keyed",kind="host_key"}') ?? 0) >= 3);
    assert.equal(value(r.body, 'vpsdoctor_exporter_errors_total{target="a",kind="auth"}'), 0);
    assert.equal(value(r.body, 'vpsdoctor_exporter_held_total{target="a",module="burst",reason="min_interval"}'), 1);
    assert.equal(value(r.body, 'vpsdoctor_exporter_ssh_connections'), 2);
    assert.equal(value(r.body, 'vpsdoctor_exporter_execs_limit'), 1);
    assert.ok((value(r.body, 'process_resident_memory_bytes') ?? 0) > 0);
    const sd = JSON.parse((await t.get('/sd')).body) as unknown;
    assert.deepEqual(sd, [
      { targets: ['a'], labels: { region: 'eu' } },
      { targets: ['b'], labels: {} },
      { targets: ['keyed'], labels: {} },
    ]);
  });
});

describe('scrape budget', () => {
  it('is the scrape timeout less half a second, never above the module timeout', () => {
    assert.equal(scrapeBudgetMs('10', 20_000), 9500);
    assert.equal(scrapeBudgetMs('60', 20_000), 20_000);
    assert.equal(scrapeBudgetMs(undefined, 20_000), 20_000);
    assert.equal(scrapeBudgetMs('junk', 20_000), 20_000);
    assert.equal(scrapeBudgetMs('0.2', 20_000), 100);
  });
});
