/**
 * The exposition text formats, written from a neutral model of metric families. Two dialects:
 * - `openmetrics`: OpenMetrics 1.0 (`application/openmetrics-text; version=1.0.0`): a counter family
 *   `x` has samples `x_total`, `# UNIT` lines, `stateset` and `info` types, and the text ends with `# EOF`.
 * - `prometheus`: the Prometheus text format 0.0.4 (`text/plain; version=0.0.4`), which Prometheus
 *   scrapes, `promtool check metrics` lints and node_exporter's textfile collector reads: counter
 *   families are named `x_total`, no UNIT lines, stateset and info become gauges (as the official
 *   client libraries render them), no `# EOF`.
 */

export type MetricsFormat = 'openmetrics' | 'prometheus';

export type MetricType = 'counter' | 'gauge' | 'stateset' | 'info' | 'histogram';

/** One sample: a label set and a value. Label order is kept as given. */
export interface MetricSample {
  labels: Readonly<Record<string, string>>;
  value: number;
  /** Histograms only: which series of the family this is (`_bucket` with an `le` label, `_count`, `_sum`). */
  suffix?: '_bucket' | '_count' | '_sum';
}

/** One metric family. `name` is the family name: without `_total` (counters) and `_info` (info). */
export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string;
  /** OpenMetrics unit (`bytes`, `seconds`, `pages`); the name must end in `_<unit>`. */
  unit?: string;
  samples: MetricSample[];
}

export const CONTENT_TYPES: Readonly<Record<MetricsFormat, string>> = {
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Renders families in the given order. Families without samples are left out; within a family a
 * repeated label set keeps its first sample (both formats forbid duplicates).
 * @throws TypeError for a malformed family or label name, or a unit that is not the name's suffix:
 *   names are constants of this program, so that is a programming error, never bad server data.
 */
export function renderMetrics(families: readonly MetricFamily[], format: MetricsFormat): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const family of families) {
    checkFamily(family);
    if (family.samples.length === 0) continue;
    if (seen.has(family.name)) throw new TypeError(`metric family ${family.name} appears twice`);
    seen.add(family.name);
    out.push(...renderFamily(family, format));
  }
  if (format === 'openmetrics') out.push('# EOF');
  return `${out.join('\n')}\n`;
}

function checkFamily(f: MetricFamily): void {
  if (!METRIC_NAME.test(f.name)) throw new TypeError(`invalid metric name ${JSON.stringify(f.name)}`);
  if (f.unit !== undefined && !f.name.endsWith(`_${f.unit}`))
    throw new TypeError(`metric ${f.name} must end in _${f.unit}`);
  for (const s of f.samples) {
    for (const label of Object.keys(s.labels)) {
      if (!LABEL_NAME.test(label) || label.startsWith('__'))
        throw new TypeError(`invalid label name ${JSON.stringify(label)} on ${f.name}`);
    }
    // OpenMetrics: each stateset sample names its state in a label called like the family, valued 0 or 1.
    if (f.type === 'stateset' && (!Object.hasOwn(s.labels, f.name) || (s.value !== 0 && s.value !== 1))) {
      throw new TypeError(`stateset ${f.name} needs a ${f.name} label and a value of 0 or 1`);
    }
    if (
      (f.type === 'histogram') !== (s.suffix !== undefined) ||
      (s.suffix === '_bucket') !== Object.hasOwn(s.labels, 'le')
    ) {
      throw new TypeError(`histogram ${f.name}: every sample needs a suffix, and exactly the buckets an le label`);
    }
  }
}

function renderFamily(f: MetricFamily, format: MetricsFormat): string[] {
  const om = format === 'openmetrics';
  // The family name as each dialect spells it, and the suffix its samples carry.
  const suffix = f.type === 'counter' ? '_total' : f.type === 'info' ? '_info' : '';
  const family = om ? f.name : `${f.name}${suffix}`;
  const type = om ? f.type : f.type === 'counter' || f.type === 'histogram' ? f.type : 'gauge';
  const lines = [`# HELP ${family} ${escapeHelp(f.help, format)}`, `# TYPE ${family} ${type}`];
  if (om && f.unit !== undefined) lines.push(`# UNIT ${family} ${f.unit}`);
  const keys = new Set<string>();
  for (const s of f.samples) {
    const labels = Object.entries(s.labels);
    const key = JSON.stringify([s.suffix ?? '', ...labels.slice().sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
    if (keys.has(key)) continue;
    keys.add(key);
    const text = labels.length === 0 ? '' : `{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
    lines.push(`${f.name}${s.suffix ?? suffix}${text} ${formatValue(s.value)}`);
  }
  return lines;
}

/** Label values: `\`, `"` and newline escaped (the same in both dialects); lone surrogates made valid UTF-8. */
export function escapeLabelValue(value: string): string {
  return wellFormed(value).replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** HELP text: OpenMetrics escapes `"` too; the Prometheus format allows only `\\` and `\n` there. */
function escapeHelp(text: string, format: MetricsFormat): string {
  const special = format === 'openmetrics' ? /[\\"\n]/g : /[\\\n]/g;
  return wellFormed(text).replace(special, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Lone UTF-16 surrogates cannot be encoded as UTF-8: each becomes U+FFFD, as `String#toWellFormed` does. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Integers print exactly; infinities as `+Inf`/`-Inf`, as both formats spell them. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return Object.is(v, -0) ? '0' : String(v);
}
