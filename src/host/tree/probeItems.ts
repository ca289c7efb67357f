import { escapeMarkdown } from '../../core/report/beancounterMarkdown';
import type { HistoryEntry } from '../sessions/sessionTypes';
import { formatDuration, formatShortPercent as pct } from '../../shared/units';
import { VERDICT_TITLES, type VerdictId } from '../../shared/reportView';
import type { Translate } from './translate';
import { leaf, type ModelNode } from './treeItemData';

type ProbeEntry = Extract<HistoryEntry, { kind: 'probe' }>;
const KINDS = ['burst', 'ping', 'diagnosis'] as const;

const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const fraction = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const isConfidence = (v: unknown): v is 'low' | 'medium' | 'high' => v === 'low' || v === 'medium' || v === 'high';

/** A burst's line from its recorded numbers, when the entry has them all (entries before they were kept do not). */
function burstLine(s: Record<string, unknown>, t: Translate): string | undefined {
  const { delayed, attempts, failed, frontFastThenDelayed, keepAliveFine, cancelled } = s;
  if (!count(delayed) || !count(attempts) || !count(failed)) return undefined;
  if (typeof frontFastThenDelayed !== 'boolean' || typeof keepAliveFine !== 'boolean' || typeof cancelled !== 'boolean')
    return undefined;
  return [
    t('{0}/{1} delayed by SYN retransmissions', delayed, attempts),
    failed > 0 ? t(', {0} failed', failed) : '',
    frontFastThenDelayed ? t(', first fast then delayed') : '',
    keepAliveFine ? t('; keep-alive control fine') : t('; keep-alive control failed'),
    cancelled ? t(' (cancelled)') : '',
  ].join('');
}

/** A ping's line from its recorded numbers: loss with its interval and n (docs/method.md §4.2). */
function pingLine(s: Record<string, unknown>, t: Translate): string | undefined {
  const { lost, sent, lossCi95 } = s;
  if (!count(lost) || !count(sent) || sent === 0 || lost > sent) return undefined;
  if (!Array.isArray(lossCi95) || lossCi95.length !== 2 || !lossCi95.every(fraction)) return undefined;
  return t('{0} loss (95% CI {1}-{2}, n = {3})', pct(lost / sent), pct(lossCi95[0]), pct(lossCi95[1]), sent);
}

/**
 * The verdict a probe recorded. Summaries are written by the probes and read back from disk, so
 * they are checked here rather than trusted: a known verdict id with its confidence (a diagnosis's
 * `verdictId`, a watch round's `verdict`), or a burst's or ping's numbers, are worded in the display
 * language through `t`; otherwise a string `verdict` (or `headline`) is shown as recorded, anything else
 * only as "recorded".
 */
export function probeVerdict(summary: unknown, t: Translate, probe?: ProbeEntry['probe']): string | undefined {
  if (typeof summary !== 'object' || summary === null) return undefined;
  const s = summary as Record<string, unknown>;
  const id = probe === 'watch' && s.verdictId === undefined ? s.verdict : s.verdictId;
  if (typeof id === 'string' && Object.hasOwn(VERDICT_TITLES, id) && isConfidence(s.confidence)) {
    return `${t(VERDICT_TITLES[id as VerdictId])}${t(' ({0} confidence)', t(s.confidence))}`;
  }
  if (probe === 'watch' && s.verdict === null) return t('round failed');
  const measured = probe === 'burst' ? burstLine(s, t) : probe === 'ping' ? pingLine(s, t) : undefined;
  if (measured !== undefined) return measured;
  for (const key of ['verdict', 'headline']) {
    const v = s[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, 300);
  }
  return undefined;
}

/** The latest entry of each probe kind, newest first. */
export function latestProbes(entries: readonly HistoryEntry[]): ProbeEntry[] {
  const latest = new Map<ProbeEntry['probe'], ProbeEntry>();
  for (const e of entries) {
    if (e.kind !== 'probe') continue;
    const had = latest.get(e.probe);
    if (had === undefined || e.atMs >= had.atMs) latest.set(e.probe, e);
  }
  return [...latest.values()].sort((a, b) => b.atMs - a.atMs);
}

/** The Probes section: the latest burst, ping and diagnosis results from the host's history. */
export function probeSection(hostId: string, entries: readonly HistoryEntry[], nowMs: number, t: Translate): ModelNode {
  const id = `${hostId}/probes`;
  const titles: Record<ProbeEntry['probe'], string> = {
    burst: t('Burst probe'),
    ping: t('Ping probe'),
    diagnosis: t('Diagnosis'),
    watch: t('Watch round'),
  };
  const latest = latestProbes(entries);
  const children = latest.map((e) => {
    const verdict = probeVerdict(e.summary, t, e.probe);
    return leaf(hostId, {
      id: `${id}/${e.probe}`,
      label: `${titles[e.probe]}: ${verdict ?? t('recorded')}`,
      description: t('{0} ago', formatDuration(nowMs - e.atMs)),
      tooltip: `**${titles[e.probe]}**\n\n${escapeMarkdown(verdict ?? t('No verdict was recorded.'))}\n\n${t('Run at {0}', new Date(e.atMs).toISOString())}`,
      icon: { id: e.probe === 'ping' ? 'radio-tower' : e.probe === 'burst' ? 'zap' : 'checklist' },
      contextValue: `probe.${e.probe}`,
    });
  });
  if (children.length === 0) {
    children.push(
      leaf(hostId, {
        id: `${id}/none`,
        label: t('No probe has run on this host yet'),
        icon: { id: 'info' },
        contextValue: 'probe.none',
      }),
    );
  }
  return {
    data: {
      id,
      label: t('Probes'),
      description: latest.length === 0 ? '' : t('{0} of {1} kinds run', latest.length, KINDS.length),
      icon: { id: 'beaker' },
      contextValue: 'probes',
      collapsible: 'collapsed',
    },
    children,
    hostId,
  };
}
