import { parseBeancounters } from './parse';
import { diffBeancounters, type ResourceDelta } from './delta';
import { assessContainer, type Severity } from './assess';
import type { BeancounterTable, ResourceRow } from './types';
import type { Result } from '../result';
import type { Localizer } from '../../shared/l10n/localizer';

/** One resource row with its assessment and, when a baseline was given, its failcnt growth. */
export interface AnalyzedResource extends ResourceRow {
  severity: Severity;
  reasons: string[];
  /** Present only when the baseline had this row. After a container restart it counts the failures since the restart. */
  failcntDelta?: number;
  /** Present with `failcntDelta`: true when the container restarted between the samples. */
  reset?: boolean;
  /** Failures per minute, when the time between the two samples is known. */
  ratePerMinute?: number | null;
}

export interface BeancounterAnalysis {
  version: string;
  versionKnown: boolean;
  hasBaseline: boolean;
  containers: { id: string; resources: AnalyzedResource[] }[];
}

export interface AnalyzeOptions {
  /** An earlier copy of the same file: enables failcnt deltas. */
  baseline?: BeancounterTable;
  /** Seconds between the baseline and this sample; unknown when omitted. */
  elapsedSeconds?: number;
  /** The language of the reasons (English by default, as the JSON output keeps them). */
  l?: Localizer;
}

/** Assesses every container of a parsed table, with deltas against the baseline when there is one. */
export function analyzeBeancounters(table: BeancounterTable, opts: AnalyzeOptions = {}): BeancounterAnalysis {
  const deltas: ResourceDelta[] | undefined = opts.baseline
    ? diffBeancounters(opts.baseline, table, opts.elapsedSeconds ?? 0)
    : undefined;
  return {
    version: table.version,
    versionKnown: table.versionKnown,
    hasBaseline: deltas !== undefined,
    containers: table.containers.map((c) => {
      const mine = deltas?.filter((d) => d.containerId === c.id);
      const assessed = new Map(assessContainer(c, mine, opts.l).map((a) => [a.name, a]));
      return {
        id: c.id,
        resources: c.resources.map((r) => {
          const a = assessed.get(r.name);
          const d = mine?.find((x) => x.name === r.name);
          const out: AnalyzedResource = { ...r, severity: a?.severity ?? 'ok', reasons: a?.reasons ?? [] };
          // A row without a delta had no baseline row: its growth is unknown, never "0".
          if (d) {
            out.failcntDelta = d.failcntDelta;
            out.reset = d.reset;
            out.ratePerMinute = d.ratePerMinute;
          }
          return out;
        }),
      };
    }),
  };
}

/** Parses and analyses file text; the baseline text, when given, must parse too. */
export function analyzeBeancounterText(
  text: string,
  source: string,
  baseline?: { text: string; source: string; elapsedSeconds?: number },
  l?: Localizer,
): Result<BeancounterAnalysis> {
  const cur = parseBeancounters(text, source);
  if (!cur.ok) return cur;
  if (!baseline) return { ok: true, value: analyzeBeancounters(cur.value, { ...(l ? { l } : {}) }) };
  const base = parseBeancounters(baseline.text, baseline.source);
  if (!base.ok) return base;
  return {
    ok: true,
    value: analyzeBeancounters(cur.value, {
      baseline: base.value,
      elapsedSeconds: baseline.elapsedSeconds,
      ...(l ? { l } : {}),
    }),
  };
}
