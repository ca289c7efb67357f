import {
  describeResource,
  type ResourceAssessment,
  type ResourceDelta,
  type ResourceRow,
  type Severity,
} from '../../core/beancounters';
import { escapeMarkdown } from '../../core/report/beancounterMarkdown';
import { formatResourceValue } from '../../core/report/humanValues';
import type { BeancountersReading } from '../../core/remote/readBeancounters';
import { formatDuration, formatInteger, formatShare } from '../../shared/units';
import { failcntKey, type HistoryEntry } from '../../core/history/historyEntry';
import { failcntGrowth, type HistoryGrowth } from '../../core/history/historyGrowth';
import type { SampleView } from '../sessions/sessionTypes';
import { bySeverityDesc, severityIcon, worstSeverity } from './severityStyle';
import type { Translate } from './translate';
import { english, type Localizer } from '../../shared/l10n/localizer';
import { phraseOf, renderPhrase } from '../../shared/l10n/phrase';
import { leaf, type ModelNode } from './treeItemData';

/** One resource row with everything its node shows. */
export interface ResourceLine {
  containerId: string;
  row: ResourceRow;
  severity: Severity;
  reasons: string[];
  /** Growth since the previous sample; absent without a baseline row. */
  delta?: ResourceDelta;
  /** Growth since the baseline (connect or "Reset failcnt Baseline"). */
  sinceBaseline?: ResourceDelta;
  /** Growth over the last hour and day from the stored history, which survives restarts of VS Code. */
  stored?: { hour?: HistoryGrowth; day?: HistoryGrowth };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Growth of one resource over the last hour and day from the host's stored history. */
export function storedGrowth(
  history: readonly HistoryEntry[],
  containerId: string,
  name: string,
): ResourceLine['stored'] {
  if (history.length === 0) return undefined;
  const key = failcntKey(containerId, name);
  const hour = failcntGrowth(history, key, HOUR_MS);
  const day = failcntGrowth(history, key, DAY_MS);
  return hour === undefined && day === undefined ? undefined : { hour, day };
}

/** Joins rows with their assessments and deltas, trouble first: severity, then growth now, then growth since the baseline. Ties keep the kernel's order. */
export function resourceLines(view: SampleView, containerId: string, rows: readonly ResourceRow[]): ResourceLine[] {
  const find = <T extends { containerId: string; name: string }>(xs: readonly T[], name: string) =>
    xs.find((x) => x.containerId === containerId && x.name === name);
  const lines = rows.map((row): ResourceLine => {
    const a: ResourceAssessment | undefined = find(view.assessments, row.name);
    return {
      containerId,
      row,
      severity: a?.severity ?? 'ok',
      reasons: a?.reasons ?? [],
      delta: find(view.deltas, row.name),
      sinceBaseline: find(view.sinceBaseline, row.name),
    };
  });
  const growth = (d: ResourceDelta | undefined) => d?.failcntDelta ?? 0;
  return lines
    .map((l, i) => ({ l, i }))
    .sort(
      (x, y) =>
        bySeverityDesc(x.l.severity, y.l.severity) ||
        growth(y.l.delta) - growth(x.l.delta) ||
        growth(y.l.sinceBaseline) - growth(x.l.sinceBaseline) ||
        x.i - y.i,
    )
    .map((x) => x.l);
}

/** A value in human units, "unlimited" through `t`. */
const valueText = (n: number | null, unit: ResourceRow['unit'], t: Translate): string =>
  n === null ? t('unlimited') : formatResourceValue(n, unit);

/** `held / barrier / limit (pct of barrier)` in human units: `1.6 MiB / 1.6 MiB / 2.6 MiB (99.4%)`. */
export function resourceLabel(row: ResourceRow, t: Translate = (m) => m): string {
  const v = (n: number | null) => valueText(n, row.unit, t);
  const pct = formatShare(row.held, row.barrier);
  return `${row.name}  ${v(row.held)} / ${v(row.barrier)} / ${v(row.limit)}${pct === '' ? '' : ` (${pct})`}`;
}

/** `failcnt 1,779,659 · +12 in 5 min`; the growth part only once the baseline is older than this sample. */
export function resourceDescription(line: ResourceLine, windowMs: number, t: Translate): string {
  const base = t('failcnt {0}', formatInteger(line.row.failcnt));
  const d = line.sinceBaseline;
  if (d === undefined || windowMs <= 0) return base;
  const growth = d.reset
    ? t('restarted, +{0} in {1}', formatInteger(d.failcntDelta), formatDuration(windowMs))
    : t('+{0} in {1}', formatInteger(d.failcntDelta), formatDuration(windowMs));
  return `${base} · ${growth}`;
}

/** The Markdown tooltip: what the resource is, what its failure breaks, the numbers, and why it has its severity. */
export function resourceTooltip(line: ResourceLine, windowMs: number, t: Translate): string {
  const info = describeResource(line.row.name);
  const v = (n: number | null) => valueText(n, line.row.unit, t);
  const out = [
    `**${escapeMarkdown(line.row.name)}** · ${t('container {0}', escapeMarkdown(line.containerId))} · ${t(line.severity)}`,
    '',
    escapeMarkdown(t(info.what)),
    '',
    `**${t('When it runs out:')}** ${escapeMarkdown(t(info.failure))}`,
    '',
    `| ${t('held')} | ${t('maxheld')} | ${t('barrier')} | ${t('limit')} | ${t('failcnt')} |`,
    '|--:|--:|--:|--:|--:|',
    `| ${v(line.row.held)} | ${v(line.row.maxheld)} | ${v(line.row.barrier)} | ${v(line.row.limit)} | ${formatInteger(line.row.failcnt)} |`,
    '',
  ];
  if (line.delta !== undefined)
    out.push(t('Growth since the previous sample: +{0}.', formatInteger(line.delta.failcntDelta)), '');
  if (line.sinceBaseline !== undefined && windowMs > 0) {
    out.push(
      t(
        'Growth since the baseline {0} ago: +{1}.',
        formatDuration(windowMs),
        formatInteger(line.sinceBaseline.failcntDelta),
      ),
      '',
    );
  }
  const stored = (g: HistoryGrowth | undefined, window: string) =>
    g === undefined
      ? undefined
      : t(
          '+{0} in the last {1} (stored samples over {2}{3})',
          formatInteger(g.delta),
          window,
          formatDuration(g.toMs - g.fromMs),
          g.resets > 0 ? t(', {0} restart(s)', g.resets) : '',
        );
  const history = [stored(line.stored?.hour, t('hour')), stored(line.stored?.day, t('day'))].filter(
    (x) => x !== undefined,
  );
  if (history.length > 0) out.push(`${t('History:')} ${history.join('; ')}.`, '');
  if (line.reasons.length > 0) {
    out.push(`**${t('Why {0}:', t(line.severity))}**`, '');
    for (const r of line.reasons) out.push(`- ${escapeMarkdown(r)}`);
  }
  return out.join('\n');
}

/** `resource.failing` while failcnt grew since the previous sample, else `resource.<severity>`. */
function resourceContext(line: ResourceLine): string {
  return (line.delta?.failcntDelta ?? 0) > 0 ? 'resource.failing' : `resource.${line.severity}`;
}

const idPart = (s: string) => encodeURIComponent(s);

function resourceNode(hostId: string, line: ResourceLine, windowMs: number, t: Translate): ModelNode {
  const node = leaf(hostId, {
    id: `${hostId}/bc/${idPart(line.containerId)}/${idPart(line.row.name)}`,
    label: resourceLabel(line.row, t),
    description: resourceDescription(line, windowMs, t),
    tooltip: resourceTooltip(line, windowMs, t),
    icon: severityIcon(line.severity),
    contextValue: resourceContext(line),
  });
  node.resource = { containerId: line.containerId, name: line.row.name };
  return node;
}

/**
 * The Beancounters section of a connected host, or undefined when the host has no beancounters
 * (not OpenVZ/Virtuozzo). One container shows its resources directly; several get a node each.
 */
export function beancounterSection(
  hostId: string,
  view: SampleView,
  t: Translate,
  history: readonly HistoryEntry[] = [],
  l: Localizer = english,
): ModelNode | undefined {
  const reading: BeancountersReading = view.snapshot.beancounters;
  const id = `${hostId}/bc`;
  if (reading.state === 'missing') return undefined;
  if (reading.state === 'error') {
    // The parser's reason from its phrase, in the display language.
    const why = renderPhrase(phraseOf(reading.error), l);
    return leaf(hostId, {
      id,
      label: t('Beancounters unreadable'),
      description: why,
      tooltip: `**${t('/proc/user_beancounters could not be read')}**\n\n${escapeMarkdown(why)}`,
      icon: { id: 'error', color: 'list.errorForeground' },
      contextValue: 'beancounters.error',
    });
  }
  if (reading.state === 'unavailable') {
    const node = leaf(hostId, {
      id,
      label: t('Beancounters need root'),
      description: reading.sudoersLine === null ? t('see the tooltip') : t('copy the sudoers line'),
      tooltip: [
        `**${t('Why the beancounters are not shown')}**`,
        '',
        escapeMarkdown(reading.advice),
        ...(reading.sudoersLine === null ? [] : ['', '```', reading.sudoersLine, '```']),
      ].join('\n'),
      icon: { id: 'lock', color: 'list.warningForeground' },
      contextValue: reading.sudoersLine === null ? 'beancounters.needsRoot' : 'beancounters.needsRoot.sudoersLine',
    });
    if (reading.sudoersLine !== null) node.sudoersLine = reading.sudoersLine;
    return node;
  }
  const windowMs = view.takenAtMs - view.baselineAtMs;
  const containers = reading.table.containers.map((c) => {
    const lines = resourceLines(view, c.id, c.resources).map((l) => ({
      ...l,
      stored: storedGrowth(history, c.id, l.row.name),
    }));
    return { id: c.id, lines, severity: worstSeverity(lines.map((l) => l.severity)) };
  });
  const severity = worstSeverity(containers.map((c) => c.severity));
  const only = containers.length === 1 ? containers[0] : undefined;
  const children =
    only !== undefined
      ? only.lines.map((l) => resourceNode(hostId, l, windowMs, t))
      : containers
          .map((c, i) => ({ c, i }))
          .sort((x, y) => bySeverityDesc(x.c.severity, y.c.severity) || x.i - y.i)
          .map(({ c }) => ({
            data: {
              id: `${id}/${idPart(c.id)}`,
              label: c.id === '0' ? t('Host node (0)') : t('Container {0}', c.id),
              description: countTrouble(c.lines, t),
              icon: severityIcon(c.severity),
              contextValue: `container.${c.severity}`,
              collapsible: c.severity === 'ok' ? ('collapsed' as const) : ('expanded' as const),
            },
            children: c.lines.map((l) => resourceNode(hostId, l, windowMs, t)),
            hostId,
          }));
  return {
    data: {
      id,
      label: t('Beancounters'),
      description:
        only !== undefined
          ? `${t('CT {0}', only.id)} · ${countTrouble(only.lines, t)}`
          : t('{0} containers', containers.length),
      icon: severityIcon(severity),
      contextValue: `beancounters.${severity}`,
      collapsible: 'expanded',
    },
    children,
    hostId,
  };
}

function countTrouble(lines: readonly ResourceLine[], t: Translate): string {
  const bad = lines.filter((l) => l.severity !== 'ok').length;
  return bad === 0 ? t('all ok') : t('{0} need attention', bad);
}
