import { phrase, renderPhrase, type Phrase, type PhraseArg } from '../../shared/l10n/phrase';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { ok, parseError, parseErrorOf, type Result } from '../result';
import { parseHostSpec } from '../ssh/sshConfig';
import { DEFAULT_CONCURRENCY, DEFAULT_COUNT, HARD_MAX_CONCURRENCY, HARD_MAX_COUNT } from '../probes/burstLimits';
import { HTTP_PATH } from '../probes/burstHttp';
import { DEFAULT_PING_COUNT, MAX_PING_COUNT } from '../probes/pingLimits';
import { DEFAULT_SAMPLE_TIMEOUT_MS } from '../remote/sampleLimits';

/**
 * The exporter's fleet file (YAML): which hosts it may probe, with their labels, and the modules a scrape
 * may ask for, each with its own limits. Parsing is total: any text gives the fleet or one error naming
 * the file's line. Unknown keys are errors too, so a typo never silently loses a cap.
 */
export interface Fleet {
  /** Like `ssh -F`: the ssh config to resolve aliases with; absolute, or undefined for ~/.ssh/config. */
  sshConfig?: string;
  /** Remote commands running at once over all hosts. */
  maxConcurrentExecs: number;
  hosts: FleetHost[];
  modules: Map<string, FleetModule>;
}

export interface FleetHost {
  /** What `/probe?target=` names: an ssh config alias or `user@host[:port]`. */
  target: string;
  /** Where bursts and pings go; default the HostName the ssh config resolves to. */
  probeHost?: string;
  /** The port bursts go to on this host, when it differs from the module's `port`. */
  servicePort?: number;
  /** Extra target labels, handed to Prometheus by `/sd`. */
  labels: Record<string, string>;
  /** 1-based line of the entry in the fleet file, for messages. */
  line: number;
}

export type ProberKind = 'snapshot' | 'tcp_burst' | 'ping' | 'diagnose';
export const PROBERS: readonly ProberKind[] = ['snapshot', 'tcp_burst', 'ping', 'diagnose'];

/** The caps that keep a probe sending new connections from turning a scrape interval into a flood. */
export interface ConnectionCaps {
  /** Least time between two runs on one target, ms; a scrape inside it gets the last result and its age. */
  minIntervalMs: number;
  /** New connections (each one SYN, plus the kernel's own retransmissions of it) per target per minute. */
  maxSynsPerMinute: number;
}

export type FleetModule =
  | { name: string; prober: 'snapshot'; timeoutMs: number }
  | {
      name: string;
      prober: 'tcp_burst';
      timeoutMs: number;
      port: number;
      count: number;
      concurrency: number;
      httpPath?: string;
      caps: ConnectionCaps;
    }
  | { name: string; prober: 'ping'; timeoutMs: number; count: number; intervalSeconds: number }
  | {
      name: string;
      prober: 'diagnose';
      timeoutMs: number;
      port: number;
      count: number;
      concurrency: number;
      pingCount: number;
      httpPath?: string;
      caps: ConnectionCaps;
    };

export const DEFAULTS = {
  maxConcurrentExecs: 16,
  timeoutMs: { snapshot: DEFAULT_SAMPLE_TIMEOUT_MS, tcp_burst: 30_000, ping: 30_000, diagnose: 120_000 } as Record<
    ProberKind,
    number
  >,
  burst: { count: 8, concurrency: 2 },
  diagnose: { count: DEFAULT_COUNT, concurrency: DEFAULT_CONCURRENCY, pingCount: DEFAULT_PING_COUNT },
  pingCount: 20,
  pingIntervalSeconds: 0.2,
  minIntervalMs: 5 * 60_000,
  /** Two default bursts (8 connections plus the control each) a minute; at least one run of the module's count. */
  maxSynsPerMinute: 20,
} as const;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Labels Prometheus or the exporter sets itself. */
const RESERVED_LABELS = new Set(['instance', 'job', 'target', 'module']);
const MODULE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const PROBE_HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?|[0-9A-Fa-f:.]+)$/;

class FleetError extends Error {
  constructor(
    readonly line: number,
    readonly phrase: Phrase,
  ) {
    super(renderPhrase(phrase));
  }
}

/**
 * Parses a fleet file. `source` names it in errors (the path as given); `baseDir` resolves a relative
 * `ssh_config`.
 */
export function parseFleet(text: string, source: string, baseDir: string): Result<Fleet> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const at = first.linePos?.[0]?.line ?? 0;
    return parseError(
      source,
      at,
      (first.message.split('\n')[0] ?? 'not valid YAML').replace(/ at line \d+, column \d+:?$/, ''),
    );
  }
  const lineOf = (n: YamlNode | null | undefined): number => (n?.range ? lines.linePos(n.range[0]).line : 0);
  try {
    return ok(readFleet(doc.contents, lineOf, baseDir));
  } catch (err) {
    if (err instanceof FleetError) return parseErrorOf(source, err.line, err.phrase);
    throw err;
  }
}

type LineOf = (n: YamlNode | null | undefined) => number;

function readFleet(root: unknown, lineOf: LineOf, baseDir: string): Fleet {
  if (root === null || root === undefined)
    throw new FleetError(0, phrase('the fleet file is empty: it needs `hosts:` and `modules:`'));
  const top = mapOf(root, phrase('the fleet file'), lineOf);
  const fields = fieldsOf(
    top,
    ['ssh_config', 'max_concurrent_execs', 'hosts', 'modules'],
    phrase('the fleet file'),
    lineOf,
  );
  const hostsNode = fields.get('hosts');
  const modulesNode = fields.get('modules');
  if (hostsNode === undefined) throw new FleetError(lineOf(top), phrase('the fleet file needs a `hosts:` list'));
  if (modulesNode === undefined) throw new FleetError(lineOf(top), phrase('the fleet file needs a `modules:` map'));
  const sshConfigNode = fields.get('ssh_config');
  const sshConfig = sshConfigNode === undefined ? undefined : stringOf(sshConfigNode, 'ssh_config', lineOf);
  const fleet: Fleet = {
    maxConcurrentExecs: intOf(
      fields.get('max_concurrent_execs'),
      'max_concurrent_execs',
      1,
      1024,
      DEFAULTS.maxConcurrentExecs,
      lineOf,
    ),
    hosts: readHosts(hostsNode, lineOf),
    modules: readModules(modulesNode, lineOf),
  };
  if (sshConfig !== undefined)
    fleet.sshConfig = sshConfig.startsWith('/') ? sshConfig : `${baseDir.replace(/\/$/, '')}/${sshConfig}`;
  return fleet;
}

function readHosts(node: YamlNode, lineOf: LineOf): FleetHost[] {
  if (!isSeq(node)) throw new FleetError(lineOf(node), phrase('`hosts:` must be a list of entries with a `target:`'));
  const seen = new Map<string, number>();
  return node.items.map((item) => {
    const entry = mapOf(item, phrase('a host entry'), lineOf);
    const f = fieldsOf(entry, ['target', 'probe_host', 'service_port', 'labels'], phrase('a host entry'), lineOf);
    const targetNode = f.get('target');
    if (targetNode === undefined)
      throw new FleetError(
        lineOf(entry),
        phrase('a host entry needs `target:` (an ssh config alias or user@host:port)'),
      );
    const target = stringOf(targetNode, 'target', lineOf);
    const line = lineOf(targetNode);
    if (/[@:[]/.test(target)) {
      const spec = parseHostSpec(target, 'target');
      if (!spec.ok) throw new FleetError(line, phrase('target: {0}', spec.error.phrase ?? spec.error.message));
    } else if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(target)) {
      throw new FleetError(
        line,
        phrase('target {0} is neither an ssh config alias nor user@host:port', JSON.stringify(target)),
      );
    }
    const before = seen.get(target);
    if (before !== undefined)
      throw new FleetError(line, phrase('target {0} is listed twice (first on line {1})', target, before));
    seen.set(target, line);
    const host: FleetHost = { target, labels: readLabels(f.get('labels'), lineOf), line };
    const probeNode = f.get('probe_host');
    if (probeNode !== undefined) {
      const probeHost = stringOf(probeNode, 'probe_host', lineOf);
      if (!PROBE_HOST.test(probeHost))
        throw new FleetError(
          lineOf(probeNode),
          phrase('probe_host {0} is not a host name or IP address', JSON.stringify(probeHost)),
        );
      host.probeHost = probeHost;
    }
    const portNode = f.get('service_port');
    if (portNode !== undefined) host.servicePort = intOf(portNode, 'service_port', 1, 65535, 0, lineOf);
    return host;
  });
}

function readLabels(node: YamlNode | undefined, lineOf: LineOf): Record<string, string> {
  if (node === undefined) return {};
  const map = mapOf(node, '`labels:`', lineOf);
  const labels: Record<string, string> = {};
  for (const pair of map.items) {
    const key = keyOf(pair.key, lineOf);
    if (!LABEL_NAME.test(key) || key.startsWith('__'))
      throw new FleetError(
        lineOf(pair.key as YamlNode),
        phrase('label name {0} is not a Prometheus label name', JSON.stringify(key)),
      );
    if (RESERVED_LABELS.has(key))
      throw new FleetError(
        lineOf(pair.key as YamlNode),
        phrase('label {0} is set by Prometheus or the exporter; choose another name', key),
      );
    const value = pair.value as YamlNode | null;
    if (!isScalar(value) || value.value === null || typeof value.value === 'object')
      throw new FleetError(lineOf(value ?? (pair.key as YamlNode)), phrase('label {0} needs a plain value', key));
    labels[key] = String(value.value);
  }
  return labels;
}

function readModules(node: YamlNode, lineOf: LineOf): Map<string, FleetModule> {
  const map = mapOf(node, '`modules:`', lineOf);
  const modules = new Map<string, FleetModule>();
  for (const pair of map.items) {
    const name = keyOf(pair.key, lineOf);
    if (!MODULE_NAME.test(name))
      throw new FleetError(
        lineOf(pair.key as YamlNode),
        phrase('module name {0} may use letters, digits, ., _ and - only', JSON.stringify(name)),
      );
    modules.set(name, readModule(name, pair.value as YamlNode | null, lineOf(pair.key as YamlNode), lineOf));
  }
  if (modules.size === 0) throw new FleetError(lineOf(map), phrase('`modules:` defines no module'));
  return modules;
}

const MODULE_KEYS: Record<ProberKind, readonly string[]> = {
  snapshot: ['prober', 'timeout'],
  tcp_burst: ['prober', 'timeout', 'port', 'count', 'concurrency', 'http_path', 'min_interval', 'max_syns_per_minute'],
  ping: ['prober', 'timeout', 'count', 'interval'],
  diagnose: [
    'prober',
    'timeout',
    'port',
    'count',
    'concurrency',
    'ping_count',
    'http_path',
    'min_interval',
    'max_syns_per_minute',
  ],
};

function readModule(name: string, node: YamlNode | null, keyLine: number, lineOf: LineOf): FleetModule {
  const map = node === null ? undefined : mapOf(node, phrase('module {0}', name), lineOf);
  const proberNode = map?.get('prober', true) as YamlNode | undefined;
  // `snapshot: {}` is enough for a module named like its prober.
  const proberText = proberNode === undefined ? name : stringOf(proberNode, 'prober', lineOf);
  if (!(PROBERS as readonly string[]).includes(proberText)) {
    throw new FleetError(
      proberNode ? lineOf(proberNode) : keyLine,
      proberNode
        ? phrase('module {0}: prober must be one of {1}', name, PROBERS.join(', '))
        : phrase('module {0}: prober must be one of {1} (give `prober:`)', name, PROBERS.join(', ')),
    );
  }
  const prober = proberText as ProberKind;
  const f =
    map === undefined
      ? new Map<string, YamlNode>()
      : fieldsOf(map, MODULE_KEYS[prober], phrase('module {0} (prober {1})', name, prober), lineOf);
  const what = (key: string): Phrase => phrase('module {0}: {1}', name, key);
  const timeoutMs = durationOf(f.get('timeout'), what('timeout'), 1000, 600_000, DEFAULTS.timeoutMs[prober], lineOf);
  const port = (): number => {
    const p = f.get('port');
    if (p === undefined)
      throw new FleetError(
        map ? lineOf(map) : keyLine,
        phrase('module {0}: prober {1} needs `port:` (the TCP port of the service to probe)', name, prober),
      );
    return intOf(p, what('port'), 1, 65535, 0, lineOf);
  };
  const caps = (): ConnectionCaps => ({
    minIntervalMs: durationOf(
      f.get('min_interval'),
      what('min_interval'),
      0,
      86_400_000,
      DEFAULTS.minIntervalMs,
      lineOf,
    ),
    // By default at least one run fits in the minute.
    maxSynsPerMinute: intOf(
      f.get('max_syns_per_minute'),
      what('max_syns_per_minute'),
      1,
      10_000,
      Math.max(DEFAULTS.maxSynsPerMinute, count() + 1),
      lineOf,
    ),
  });
  const count = (): number =>
    intOf(
      f.get('count'),
      what('count'),
      1,
      HARD_MAX_COUNT,
      prober === 'diagnose' ? DEFAULTS.diagnose.count : DEFAULTS.burst.count,
      lineOf,
    );
  const httpPath = (): { httpPath?: string } => {
    const n = f.get('http_path');
    if (n === undefined) return {};
    const p = stringOf(n, what('http_path'), lineOf);
    if (!HTTP_PATH.test(p))
      throw new FleetError(
        lineOf(n),
        phrase('{0} must start with / and contain no spaces or control characters', what('http_path')),
      );
    return { httpPath: p };
  };
  /** The fields of the probes that open new connections, with their caps checked against one run. */
  const connecting = (defaultConcurrency: number) => {
    const c = caps();
    checkBudget(name, count(), c, f.get('max_syns_per_minute') ?? map ?? null, keyLine, lineOf);
    return {
      timeoutMs,
      port: port(),
      count: count(),
      concurrency: intOf(
        f.get('concurrency'),
        what('concurrency'),
        1,
        HARD_MAX_CONCURRENCY,
        defaultConcurrency,
        lineOf,
      ),
      ...httpPath(),
      caps: c,
    };
  };
  switch (prober) {
    case 'snapshot':
      return { name, prober, timeoutMs };
    case 'ping':
      return {
        name,
        prober,
        timeoutMs,
        count: intOf(f.get('count'), what('count'), 1, MAX_PING_COUNT, DEFAULTS.pingCount, lineOf),
        intervalSeconds:
          durationOf(f.get('interval'), what('interval'), 10, 60_000, DEFAULTS.pingIntervalSeconds * 1000, lineOf) /
          1000,
      };
    case 'tcp_burst':
      return { name, prober, ...connecting(DEFAULTS.burst.concurrency) };
    case 'diagnose':
      return {
        name,
        prober,
        ...connecting(DEFAULTS.diagnose.concurrency),
        pingCount: intOf(
          f.get('ping_count'),
          what('ping_count'),
          0,
          MAX_PING_COUNT,
          DEFAULTS.diagnose.pingCount,
          lineOf,
        ),
      };
  }
}

/** A run that could never fit the budget would never run at all: say so at start instead. */
function checkBudget(
  name: string,
  count: number,
  caps: ConnectionCaps,
  at: YamlNode | null,
  keyLine: number,
  lineOf: LineOf,
): void {
  if (count + 1 > caps.maxSynsPerMinute) {
    throw new FleetError(
      at ? lineOf(at) : keyLine,
      phrase(
        'module {0}: one run opens {1} connections (count plus the keep-alive control), more than max_syns_per_minute {2}',
        name,
        count + 1,
        caps.maxSynsPerMinute,
      ),
    );
  }
}

function mapOf(node: unknown, what: PhraseArg, lineOf: LineOf): YAMLMap {
  if (!isMap(node)) throw new FleetError(lineOf(node as YamlNode), phrase('{0} must be a map of key: value', what));
  return node;
}

function keyOf(key: unknown, lineOf: LineOf): string {
  if (!isScalar(key) || typeof key.value !== 'string')
    throw new FleetError(lineOf(key as YamlNode), phrase('keys must be plain words'));
  return key.value;
}

/** The map's fields by key; an unknown key is an error naming the ones allowed. */
function fieldsOf(map: YAMLMap, allowed: readonly string[], what: PhraseArg, lineOf: LineOf): Map<string, YamlNode> {
  const out = new Map<string, YamlNode>();
  for (const pair of map.items) {
    const key = keyOf(pair.key, lineOf);
    if (!allowed.includes(key))
      throw new FleetError(
        lineOf(pair.key as YamlNode),
        phrase('unknown key {0} in {1}; allowed: {2}', JSON.stringify(key), what, allowed.join(', ')),
      );
    const value = pair.value as YamlNode | null;
    if (value === null || (isScalar(value) && value.value === null))
      throw new FleetError(lineOf(pair.key as YamlNode), phrase('{0} has no value', key));
    out.set(key, value);
  }
  return out;
}

function stringOf(node: YamlNode, what: PhraseArg, lineOf: LineOf): string {
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '')
    throw new FleetError(lineOf(node), phrase('{0} must be a non-empty string', what));
  return node.value.trim();
}

function intOf(
  node: YamlNode | undefined,
  what: PhraseArg,
  min: number,
  max: number,
  fallback: number,
  lineOf: LineOf,
): number {
  if (node === undefined) return fallback;
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new FleetError(lineOf(node), phrase('{0} must be a whole number from {1} to {2}', what, min, max));
  return v;
}

const DURATION = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration as Prometheus writes them (`500ms`, `30s`, `5m`, `1h`) or a number of seconds; in ms. */
function durationOf(
  node: YamlNode | undefined,
  what: PhraseArg,
  minMs: number,
  maxMs: number,
  fallbackMs: number,
  lineOf: LineOf,
): number {
  if (node === undefined) return fallbackMs;
  const v = isScalar(node) ? node.value : undefined;
  const m = typeof v === 'string' ? DURATION.exec(v.trim()) : null;
  const ms = typeof v === 'number' ? v * 1000 : m ? Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 1000) : NaN;
  if (!Number.isFinite(ms) || ms < minMs || ms > maxMs) {
    throw new FleetError(
      lineOf(node),
      phrase('{0} must be a duration from {1}s to {2}s, like 30s or 5m', what, minMs / 1000, maxMs / 1000),
    );
  }
  return ms;
}
