import type { AnalyzedResource, BeancounterAnalysis } from '../beancounters/analyzeBeancounters';
import { formatDelta, formatResourceValue } from './humanValues';
import { formatInteger, formatShare } from '../../shared/units';
import type { Severity } from '../beancounters/assess';

export interface TableOptions {
  /** ANSI colours (only when writing to a terminal). */
  color: boolean;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warn: 1, ok: 2 };
const ansi = {
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  green: '\x1b[32m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  reset: '\x1b[0m',
};

function paint(text: string, code: string, on: boolean): string {
  return on && text !== '' ? `${code}${text}${ansi.reset}` : text;
}

function severityCode(s: Severity): string {
  return s === 'critical' ? ansi.red : s === 'warn' ? ansi.yellow : ansi.green;
}

const HEADER = [
  'resource',
  'held',
  'maxheld',
  'barrier',
  'limit',
  'held/bar',
  'max/lim',
  'failcnt',
  'growth',
  'status',
];

function row(r: AnalyzedResource): string[] {
  const denom = r.barrier !== null && r.barrier > 0 ? r.barrier : r.limit;
  return [
    r.name,
    formatResourceValue(r.held, r.unit),
    formatResourceValue(r.maxheld, r.unit),
    formatResourceValue(r.barrier, r.unit),
    formatResourceValue(r.limit, r.unit),
    formatShare(r.held, denom),
    formatShare(r.maxheld, r.limit),
    formatInteger(r.failcnt),
    formatDelta(r.failcntDelta, r.reset),
    r.severity === 'ok' ? 'ok' : r.severity.toUpperCase(),
  ];
}

/**
 * A `vzubc -c`-like table, but with units, % of barrier and limit, failcnt growth and severity, followed by
 * the reasons for every flagged resource (trouble first).
 */
export function beancounterTable(a: BeancounterAnalysis, opts: TableOptions): string {
  const out: string[] = [];
  if (!a.versionKnown) out.push(`note: unknown file version "${a.version}", read in best-effort mode`);
  for (const c of a.containers) {
    out.push(paint(`Container ${c.id}`, ansi.bold, opts.color));
    const rows = c.resources.map(row);
    const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  ');
    out.push(paint(line(HEADER), ansi.dim, opts.color));
    c.resources.forEach((r, i) => {
      const text = line(rows[i]).trimEnd();
      out.push(r.severity === 'ok' ? text : paint(text, severityCode(r.severity), opts.color));
    });
    const flagged = c.resources
      .filter((r) => r.severity !== 'ok' && r.reasons.length > 0)
      .sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity]);
    if (flagged.length > 0) {
      out.push('');
      for (const r of flagged) {
        out.push(paint(`${r.name} (${r.severity})`, severityCode(r.severity), opts.color));
        for (const reason of r.reasons) out.push(`  - ${reason}`);
      }
    }
    out.push('');
  }
  if (!a.hasBaseline) {
    out.push(
      'failcnt counts refusals since the container started; run again with --baseline <earlier copy> to see growth now.',
    );
  }
  return out.join('\n');
}
