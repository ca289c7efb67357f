/**
 * The fleet path end to end with real components: a demo fleet of 20 simulated hosts (each its own SSH server,
 * host key and scenario), `vps-doctor exporter` as its own process, and a real Prometheus that scrapes it with
 * the shipped scrape config (deploy/prometheus/prometheus.yml: http_sd from the exporter, multi-target
 * relabelling) and evaluates the shipped alert rules. Intervals are shortened for the test and every `for:`
 * is set to 0s (the `for:` durations themselves are covered by `promtool test rules`). Then three faults: a
 * host that goes away, a changed host key, a hung command.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemoFleet, type DemoFleet } from '../../src/demo/demoFleet';
import { eventually, Prometheus, prometheusSkip, testPrometheusConfig, testRules } from './helpers/prometheus';
import { freePort } from './helpers/sshd';

const REPO = new URL('../../', import.meta.url).pathname;
const skip = prometheusSkip();
const HOSTS = 20;
const JOBS = ['vps-doctor-snapshot', 'vps-doctor-tcp-burst', 'vps-doctor-ping'];
const INTERVALS = {
  'vps-doctor-snapshot': '5s',
  'vps-doctor-tcp-burst': '10s',
  'vps-doctor-ping': '8s',
  'vps-doctor-exporter': '5s',
};

describe('exporter + real Prometheus over a demo fleet of 20', { skip, timeout: 240_000 }, () => {
  let dir = '';
  let fleet: DemoFleet | undefined;
  let exporter: ChildProcess | undefined;
  let exporterLog = '';
  let exporterAddress = '';
  let prom: Prometheus | undefined;
  let rules = '';
  const config = (jobs?: string[]) => testPrometheusConfig(exporterAddress, rules, INTERVALS, jobs);
  const byScenario = (s: string) => new Set(fleet!.hosts.filter((h) => h.scenario === s).map((h) => h.alias));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpsd-fleet-'));
    fleet = await startDemoFleet({ count: HOSTS, dir: join(dir, 'fleet'), tickMs: 2000 });
    exporterAddress = `127.0.0.1:${await freePort()}`;
    exporter = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'exporter', '--config', fleet.fleetFile, '--listen', exporterAddress],
      {
        cwd: REPO,
        env: { ...process.env, XDG_STATE_HOME: join(dir, 'state') },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    exporter.stderr?.on('data', (b: Buffer) => (exporterLog += b.toString()));
    await eventually(
      'the exporter listening',
      60_000,
      async () =>
        (await fetch(`http://${exporterAddress}/`).then(
          (r) => r.ok,
          () => false,
        ))
          ? true
          : undefined,
      200,
    );
    rules = join(dir, 'rules.yml');
    writeFileSync(rules, testRules());
    prom = await Prometheus.start(
      join(dir, 'prometheus'),
      config(['vps-doctor-snapshot', 'vps-doctor-ping', 'vps-doctor-exporter']),
    );
  });

  after(async () => {
    prom?.stop();
    exporter?.kill('SIGTERM');
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every snapshot and ping target is up, and every host has its tcpsndbuf failcnt series', async () => {
    const up = await eventually(
      'up == 1 for the snapshot and ping targets',
      90_000,
      async () => {
        const r = await prom!.query('up');
        return r.length === HOSTS * 2 + 1 && r.every((s) => s.value[1] === '1') ? r : undefined;
      },
      1000,
      () => prom!.targetProblems(),
    );
    for (const job of ['vps-doctor-snapshot', 'vps-doctor-ping'])
      assert.equal(up.filter((s) => s.metric['job'] === job).length, HOSTS, job);
    const failcnt = await eventually('tcpsndbuf failcnt of every host', 30_000, async () => {
      const r = await prom!.query(
        'vpsdoctor_beancounter_failcnt_total{job="vps-doctor-snapshot",resource="tcpsndbuf"}',
      );
      return r.length === HOSTS ? r : undefined;
    });
    assert.deepEqual(new Set(failcnt.map((s) => s.metric['instance'])), new Set(fleet!.hosts.map((h) => h.alias)));
    // The labels of the fleet file reach Prometheus through /sd.
    assert.deepEqual(
      new Set(failcnt.filter((s) => s.metric['scenario'] === 'healthy').map((s) => s.metric['instance'])),
      byScenario('healthy'),
    );
  });

  it('failcnt growth alerts for the troubled hosts; the SYN-drop alert for the filtered hosts and not for the others', async () => {
    const filtered = byScenario('upstream-filter');
    const troubled = new Set([...filtered, ...byScenario('beancounters')]);
    const firing = async (name: string) =>
      new Set(
        (await prom!.alerts())
          .filter((a) => a.labels['alertname'] === name && a.state === 'firing')
          .map((a) => a.labels['instance']),
      );
    await eventually(
      'failcnt growth alerts for the troubled hosts',
      60_000,
      async () => ((await firing('VpsDoctorFailcntGrowing')).size >= troubled.size ? true : undefined),
      1000,
    );
    assert.deepEqual(await firing('VpsDoctorFailcntGrowing'), troubled);

    // The bursts run while nothing else does: on this shared 2-core machine, an exporter busy with 20 hosts'
    // SSH crypto starts its connects late and slowly, and a client that slow never overflows the demo filter
    // (docs/method.md §3.2). The results stay served, with their age, for min_interval.
    await prom!.reload(config(['vps-doctor-tcp-burst', 'vps-doctor-exporter']));
    const bursts = async () => {
      const lower = await prom!.query('vpsdoctor_burst_delayed_ci95_ratio{bound="lower"}');
      const control = await prom!.query('vpsdoctor_burst_keepalive_failed_requests');
      const errors = await prom!.query('vpsdoctor_probe_error{job="vps-doctor-tcp-burst"} == 1');
      return `lower bounds ${lower.map((x) => `${x.metric['instance']}=${Number(x.value[1]).toFixed(2)}`).join(' ')}; control failures ${control.map((x) => `${x.metric['instance']}=${x.value[1]}`).join(' ')}; errors ${errors.map((x) => `${x.metric['instance']}=${x.metric['vpsdoctor_probe_error']}`).join(' ')}`;
    };
    // Every host's burst has run (once: min_interval holds the next one back).
    await eventually(
      'a burst result for every host',
      90_000,
      async () => ((await prom!.query('vpsdoctor_burst_attempts')).length === HOSTS ? true : undefined),
      1000,
      bursts,
    );
    await eventually(
      'SYN-drop alerts for every filtered host',
      30_000,
      async () => ((await firing('VpsDoctorSynDropSignature')).size >= filtered.size ? true : undefined),
      1000,
      bursts,
    );
    assert.deepEqual(await firing('VpsDoctorSynDropSignature'), filtered, await bursts());

    await prom!.reload(config());
    const up = await eventually(
      'up == 1 for all targets',
      90_000,
      async () => {
        const r = await prom!.query('up');
        return r.length === HOSTS * JOBS.length + 1 && r.every((s) => s.value[1] === '1') ? r : undefined;
      },
      1000,
      () => prom!.targetProblems(),
    );
    for (const job of JOBS) assert.equal(up.filter((s) => s.metric['job'] === job).length, HOSTS, job);
  });

  it('every PromQL expression of the Grafana dashboard runs and finds data, using only names the exporter exposes', async () => {
    const dashboard = JSON.parse(readFileSync(join(REPO, 'deploy', 'grafana', 'vps-doctor-fleet.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
      templating: { list: { query: { query: string } }[] };
    };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ what: p.title, expr: t.expr })));
    for (const v of dashboard.templating.list) {
      const m = /^label_values\((\w+), *\w+\)$/.exec(v.query.query);
      assert.ok(m, `template query ${v.query.query}`);
      exprs.push({ what: 'the instance variable', expr: m[1]! });
    }
    assert.ok(exprs.length >= 12);
    const names = new Set(
      ((await (await fetch(`${prom!.url}/api/v1/label/__name__/values`)).json()) as { data: string[] }).data,
    );
    for (const { what, expr } of exprs) {
      for (const name of expr.match(/\b(?:vpsdoctor|process)_[a-z0-9_]+\b/g) ?? [])
        assert.ok(names.has(name), `${what}: ${name} is not a metric the exporter exposes`);
      const q = expr.replaceAll('$__rate_interval', '1m').replaceAll('$instance', '.*');
      const r = await eventually(`${what}: ${q}`, 30_000, async () => {
        const rows = await prom!.query(q);
        return rows.length > 0 ? rows : undefined;
      });
      assert.ok(
        r.every((row) => Number.isFinite(Number(row.value[1]))),
        `${what}: ${q}`,
      );
    }
  });

  it('faults show as their error kind within one scrape while the other hosts keep being scraped', async () => {
    const [gone, rekeyed, hung] = ['demo-03', 'demo-04', 'demo-07'];
    const since = Date.now() / 1000;
    await fleet!.stopHost(gone);
    await fleet!.changeHostKey(rekeyed);
    fleet!.hang(hung, true);
    const scrape = async (target: string) => {
      const r = await fetch(`http://${exporterAddress}/probe?target=${target}&module=snapshot`, {
        headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '10' },
      });
      assert.equal(r.status, 200);
      const text = await r.text();
      const kind = /^vpsdoctor_probe_error\{vpsdoctor_probe_error="([a-z_]+)"\} 1$/m.exec(text)?.[1];
      return { success: /^vpsdoctor_probe_success 1$/m.test(text), kind };
    };
    assert.deepEqual(await scrape(gone), { success: false, kind: 'unreachable' });
    assert.deepEqual(await scrape(rekeyed), { success: false, kind: 'host_key' });
    assert.deepEqual(await scrape(hung), { success: false, kind: 'timeout' });
    assert.match(exporterLog, /error: probe snapshot of demo-04 failed \(host_key: /);

    const expected: Record<string, string> = { [gone]: 'unreachable', [rekeyed]: 'host_key', [hung]: 'timeout' };
    await eventually('the error kinds in Prometheus', 30_000, async () => {
      const r = await prom!.query('vpsdoctor_probe_error{job="vps-doctor-snapshot"} == 1');
      const seen = Object.fromEntries(r.map((s) => [s.metric['instance'], s.metric['vpsdoctor_probe_error']]));
      return JSON.stringify(seen) ===
        JSON.stringify(
          Object.fromEntries(
            Object.keys(seen)
              .sort()
              .map((k) => [k, expected[k]]),
          ),
        ) && Object.keys(seen).length === 3
        ? seen
        : undefined;
    });
    // The other 17 were scraped after the faults, and worked.
    const fresh = await eventually('the other hosts scraped after the faults', 30_000, async () => {
      const r = await prom!.query(
        `vpsdoctor_probe_success{job="vps-doctor-snapshot"} == 1 and timestamp(vpsdoctor_probe_success{job="vps-doctor-snapshot"}) > ${since + 3}`,
      );
      return r.length === HOSTS - 3 ? r : undefined;
    });
    assert.ok(fresh.every((s) => !(s.metric['instance']! in expected)));
    const metrics = await (await fetch(`http://${exporterAddress}/metrics`)).text();
    assert.match(metrics, /^vpsdoctor_exporter_errors_total\{target="demo-04",kind="host_key"\} [1-9]/m);
    assert.match(metrics, /^vpsdoctor_exporter_ssh_reconnects_total\{target="demo-03"\} [1-9]/m);
    fleet!.hang(hung, false);
  });
});
