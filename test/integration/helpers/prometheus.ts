/**
 * A real Prometheus (Debian package `prometheus`) for integration tests: started on a free loopback port
 * with a generated config and a temp storage dir, queried over its HTTP API, and stopped by its own PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort } from './sshd';

const DEPLOY = new URL('../../../deploy/prometheus/', import.meta.url).pathname;

export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';

/** `false` when Prometheus tests can run, else why they skip; under CI=true nothing skips (the start then fails). */
export function prometheusSkip(): string | false {
  if (existsSync(PROMETHEUS) && existsSync(PROMTOOL)) return false;
  if (process.env.CI === 'true') return false;
  return 'prometheus/promtool not installed (apt-get install prometheus)';
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
}

export class Prometheus {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly output: { text: string },
    private readonly configFile: string,
  ) {}

  /** Replaces the config and reloads it (SIGHUP to our own child); resolves once Prometheus serves the new one. */
  async reload(config: string): Promise<void> {
    writeFileSync(this.configFile, config);
    this.child.kill('SIGHUP');
    await eventually(
      'the reloaded config',
      30_000,
      async () => {
        const r = (await (await fetch(`${this.url}/api/v1/status/config`)).json()) as { data: { yaml: string } };
        const want = (parse(config) as { scrape_configs: { job_name: string }[] }).scrape_configs.map(
          (j) => j.job_name,
        );
        return want.every((j) => r.data.yaml.includes(`job_name: ${j}\n`)) ? true : undefined;
      },
      200,
    );
  }

  /** Writes `config` (YAML text) into `dir` and starts Prometheus on a free 127.0.0.1 port; waits until it is ready. */
  static async start(dir: string, config: string): Promise<Prometheus> {
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'prometheus.yml'), config);
    const port = await freePort();
    const child = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = { text: '' };
    const keep = (b: Buffer) => {
      output.text = (output.text + b.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const p = new Prometheus(child, `http://127.0.0.1:${port}`, output, join(dir, 'prometheus.yml'));
    for (let i = 0; i < 150; i++) {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${output.text}`);
      const ready = await fetch(`${p.url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return p;
      await new Promise((r) => setTimeout(r, 200));
    }
    p.stop();
    throw new Error(`prometheus did not become ready: ${output.text}`);
  }

  /** What Prometheus printed (warnings and errors), for assertion messages. */
  get log(): string {
    return this.output.text;
  }

  /** An instant query; rejects on an API error. */
  async query(q: string): Promise<PromSample[]> {
    const r = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await r.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: PromSample[] };
    };
    if (body.status !== 'success') throw new Error(`query ${q} failed: ${body.error ?? r.status}`);
    if (body.data?.resultType !== 'vector') return [];
    return body.data.result;
  }

  async alerts(): Promise<PromAlert[]> {
    const r = await fetch(`${this.url}/api/v1/alerts`);
    const body = (await r.json()) as { data: { alerts: PromAlert[] } };
    return body.data.alerts;
  }

  /** Targets not up, with Prometheus's reason: for the message of a failed wait. */
  async targetProblems(): Promise<string> {
    const r = await fetch(`${this.url}/api/v1/targets`);
    const body = (await r.json()) as {
      data: { activeTargets: { labels: Record<string, string>; health: string; lastError: string }[] };
    };
    const bad = body.data.activeTargets.filter((t) => t.health !== 'up');
    return `${bad.length} targets not up: ${bad
      .slice(0, 8)
      .map((t) => `${t.labels['job']}/${t.labels['instance']} ${t.health} ${t.lastError}`)
      .join('; ')}`;
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}

/** Polls `check` until it returns a value (not undefined) or `ms` pass; then throws with the last reason. */
export async function eventually<T>(
  what: string,
  ms: number,
  check: () => Promise<T | undefined>,
  stepMs = 500,
  explain?: () => Promise<string>,
): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) {
      const why = explain ? await explain().catch((e: unknown) => String(e)) : '';
      throw new Error(`${what}: not seen in ${ms / 1000} s${last ? ` (${(last as Error).message})` : ''} ${why}`);
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** The shipped scrape config, pointed at this exporter, with test intervals. */
export function testPrometheusConfig(
  exporter: string,
  rulesFile: string,
  intervals: Record<string, string>,
  jobs?: readonly string[],
): string {
  const cfg = parse(readFileSync(join(DEPLOY, 'prometheus.yml'), 'utf8').replaceAll('127.0.0.1:9947', exporter)) as {
    global: Record<string, string>;
    rule_files: string[];
    scrape_configs: {
      job_name: string;
      scrape_interval?: string;
      scrape_timeout?: string;
      http_sd_configs?: { refresh_interval?: string }[];
    }[];
  };
  cfg.global = { scrape_interval: '4s', evaluation_interval: '1s' };
  cfg.rule_files = [rulesFile];
  if (jobs) cfg.scrape_configs = cfg.scrape_configs.filter((j) => jobs.includes(j.job_name));
  for (const job of cfg.scrape_configs) {
    const iv = intervals[job.job_name];
    if (iv === undefined) throw new Error(`no test interval for ${job.job_name}`);
    // The timeout may not exceed the interval: the whole interval is the probe's budget.
    [job.scrape_interval, job.scrape_timeout] = [iv, iv];
    for (const sd of job.http_sd_configs ?? []) sd.refresh_interval = '5s';
  }
  return stringify(cfg, { aliasDuplicateObjects: false });
}

/** The shipped rules with every `for:` at 0s. */
export function testRules(): string {
  return readFileSync(join(DEPLOY, 'vps-doctor.rules.yml'), 'utf8').replace(/^(\s+)for: .*$/gm, '$1for: 0s');
}
