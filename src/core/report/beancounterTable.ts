import type { AnalyzedResource, BeancounterAnalysis } from '../beancounters/analyzeBeancounters';
import { formatDelta, formatResourceValue } from './humanValues';
import { formatInteger, formatShare } from '../../shared/units';
import type { Severity } from '../beancounters/assess';
import { displayWidth, padEndWidth, padStartWidth } from '../../shared/l10n/format';
import { english, msg, type Localizer } from '../../shared/l10n/localizer';
import { statusName } from '../../shared/l10n/terms';

export interface TableOptions {
  /** ANSI colours (only when writing to a terminal). */
  color: boolean;
  /** The language of the words around the numbers; counter names stay as the kernel writes them. */
  l?: Localizer;
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
  msg('resource'),
  'held',
  'maxheld',
  'barrier',
  'limit',
  'held/bar',
  'max/lim',
  'failcnt',
  msg('growth'),
  msg('status'),
];

/** The header cells that are words (the others are the kernel's column names, the same in every language). */
const WORDS = new Set([0, 8, 9]);

function row(r: AnalyzedResource, l: Localizer): string[] {
  const denom = r.barrier !== null && r.barrier > 0 ? r.barrier : r.limit;
  return [
    r.name,
    formatResourceValue(r.held, r.unit, l),
    formatResourceValue(r.maxheld, r.unit, l),
    formatResourceValue(r.barrier, r.unit, l),
    formatResourceValue(r.limit, r.unit, l),
    formatShare(r.held, denom),
    formatShare(r.maxheld, r.limit),
    formatInteger(r.failcnt),
    formatDelta(r.failcntDelta, r.reset, l),
    l.lang !== 'en' ? statusName(r.severity, l) : r.severity === 'ok' ? 'ok' : r.severity.toUpperCase(),
  ];
}

/**
 * A `vzubc -c`-like table, but with units, % of barrier and limit, failcnt growth and severity, followed by
 * the reasons for every flagged resource (trouble first).
 */
export function beancounterTable(a: BeancounterAnalysis, opts: TableOptions): string {
  const l = opts.l ?? english;
  const out: string[] = [];
  if (!a.versionKnown) out.push(l.t('note: unknown file version "{0}", read in best-effort mode', a.version));
  const header = HEADER.map((h, i) => (WORDS.has(i) ? l.t(h) : h));
  for (const c of a.containers) {
    out.push(paint(l.t('Container {0}', c.id), ansi.bold, opts.color));
    const rows = c.resources.map((r) => row(r, l));
    const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
    const line = (cells: string[]) =>
      cells
        .map((cell, i) =>
          i === 0 || i === cells.length - 1 ? padEndWidth(cell, widths[i]) : padStartWidth(cell, widths[i]),
        )
        .join('  ');
    out.push(paint(line(header), ansi.dim, opts.color));
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
        out.push(paint(`${r.name} (${statusName(r.severity, l)})`, severityCode(r.severity), opts.color));
        for (const reason of r.reasons) out.push(`  - ${reason}`);
      }
    }
    out.push('');
  }
  if (!a.hasBaseline) {
    out.push(
      l.t(
        'failcnt counts refusals since the container started; run again with --baseline <earlier copy> to see growth now.',
      ),
    );
  }
  return out.join('\n');
}
