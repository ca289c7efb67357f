import type { BeancounterAnalysis } from '../beancounters/analyzeBeancounters';
import { formatDelta, formatResourceValue } from './humanValues';
import { formatInteger, formatShare } from '../../shared/units';
import { describeResource } from '../beancounters/resources';
import { english, type Localizer } from '../../shared/l10n/localizer';
import { statusName } from '../../shared/l10n/terms';

/** Escapes text for a Markdown table cell or paragraph so file contents never become markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/**
 * The explained beancounter table as Markdown (for the editor's preview and for support tickets), in `l`'s
 * language; the resources' reasons keep the words they were assessed with.
 */
export function beancounterMarkdown(a: BeancounterAnalysis, opts: { title: string; l?: Localizer }): string {
  const l = opts.l ?? english;
  const out: string[] = [`# ${l.t('Beancounters: {0}', escapeMarkdown(opts.title))}`, ''];
  if (!a.versionKnown)
    out.push(`> ${l.t('Unknown file version "{0}": read in best-effort mode.', escapeMarkdown(a.version))}`, '');
  for (const c of a.containers) {
    out.push(`## ${l.t('Container {0}', escapeMarkdown(c.id))}`, '');
    out.push(
      `| resource | held | maxheld | barrier | limit | held/barrier | maxheld/limit | failcnt | ${l.t('growth')} | ${l.t('status')} |`,
    );
    out.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|---|');
    for (const r of c.resources) {
      const denom = r.barrier !== null && r.barrier > 0 ? r.barrier : r.limit;
      const status = r.severity === 'ok' ? statusName('ok', l) : `**${statusName(r.severity, l)}**`;
      out.push(
        `| ${escapeMarkdown(r.name)} | ${formatResourceValue(r.held, r.unit, l)} | ${formatResourceValue(r.maxheld, r.unit, l)} | ` +
          `${formatResourceValue(r.barrier, r.unit, l)} | ${formatResourceValue(r.limit, r.unit, l)} | ${formatShare(r.held, denom)} | ` +
          `${formatShare(r.maxheld, r.limit)} | ${formatInteger(r.failcnt)} | ${formatDelta(r.failcntDelta, r.reset, l)} | ${status} |`,
      );
    }
    out.push('');
    for (const r of c.resources.filter((x) => x.severity !== 'ok')) {
      out.push(`### ${escapeMarkdown(r.name)}: ${statusName(r.severity, l)}`, '');
      const info = describeResource(r.name);
      out.push(l.t('{0} When it fails: {1}', escapeMarkdown(l.t(info.what)), escapeMarkdown(l.t(info.failure))), '');
      for (const reason of r.reasons) out.push(`- ${escapeMarkdown(reason)}`);
      out.push('');
    }
  }
  if (!a.hasBaseline) {
    out.push(`_${l.t('failcnt counts refusals since the container started; compare two copies to see growth now.')}_`);
  }
  return out.join('\n');
}
