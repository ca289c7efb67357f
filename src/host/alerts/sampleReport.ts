import type { HostSnapshot } from '../../core/remote/snapshot';
import { analyzeBeancounters } from '../../core/beancounters/analyzeBeancounters';
import { beancounterMarkdown, escapeMarkdown } from '../../core/report/beancounterMarkdown';
import { bufferRiskText } from '../../core/report/bufferRiskText';
import type { SampleView } from '../sessions/sessionTypes';
import { resourceLines, resourceTooltip } from '../tree/beancounterItems';
import type { Translate } from '../tree/translate';
import { english, type Localizer } from '../../shared/l10n/localizer';

/** "Explain": one resource of the latest sample as a Markdown page (what it is, what breaks, why its severity). */
export function explainMarkdown(view: SampleView, containerId: string, name: string, t: Translate): string | undefined {
  const bc = view.snapshot.beancounters;
  if (bc.state !== 'ok') return undefined;
  const container = bc.table.containers.find((c) => c.id === containerId);
  const line =
    container === undefined
      ? undefined
      : resourceLines(view, containerId, container.resources).find((l) => l.row.name === name);
  if (line === undefined) return undefined;
  return `# ${escapeMarkdown(name)}\n\n${resourceTooltip(line, view.takenAtMs - view.baselineAtMs, t)}\n`;
}

/**
 * "Open Report" for a live host: the explained beancounter table of the latest sample, with growth
 * against the baseline sample when there is one, followed by the TCP buffer risk derivation.
 */
export function sampleReportMarkdown(
  label: string,
  view: SampleView,
  baseline: HostSnapshot | undefined,
  t: Translate,
  l: Localizer = english,
): string {
  const title = t('{0} at {1}', label, new Date(view.takenAtMs).toISOString());
  const bc = view.snapshot.beancounters;
  const out: string[] = [];
  if (bc.state === 'ok') {
    const base =
      baseline?.beancounters.state === 'ok' && view.baselineAtMs < view.takenAtMs
        ? baseline.beancounters.table
        : undefined;
    const analysis = analyzeBeancounters(
      bc.table,
      base === undefined ? { l } : { baseline: base, elapsedSeconds: (view.takenAtMs - view.baselineAtMs) / 1000, l },
    );
    out.push(beancounterMarkdown(analysis, { title, l }));
  } else {
    out.push(
      `# ${escapeMarkdown(title)}`,
      '',
      bc.state === 'missing'
        ? t('No /proc/user_beancounters on this host (not OpenVZ/Virtuozzo).')
        : bc.state === 'error'
          ? escapeMarkdown(bc.error.message)
          : escapeMarkdown(bc.advice),
    );
  }
  if (view.bufferRisk !== undefined)
    out.push('', `## ${t('TCP buffers')}`, '', '```text', bufferRiskText(view.bufferRisk, l), '```');
  if (view.stale)
    out.push('', `_${t('The connection was down when this report was made: the data is from the last good sample.')}_`);
  return out.join('\n') + '\n';
}
