import type { BeancounterAnalysis } from '../beancounters/analyzeBeancounters';
import { formatDelta, formatResourceValue } from './humanValues';
import { formatInteger, formatShare } from '../../shared/units';
import { describeResource } from '../beancounters/resources';

/** Escapes text for a Markdown table cell or paragraph so file contents never become markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The explained beancounter table as Markdown (for the editor's preview and for support tickets). */
export function beancounterMarkdown(a: BeancounterAnalysis, opts: { title: string }): string {
  const out: string[] = [`# Beancounters: ${escapeMarkdown(opts.title)}`, ''];
  if (!a.versionKnown) out.push(`> Unknown file version "${escapeMarkdown(a.version)}": read in best-effort mode.`, '');
  for (const c of a.containers) {
    out.push(`## Container ${escapeMarkdown(c.id)}`, '');
    out.push('| resource | held | maxheld | barrier | limit | held/barrier | maxheld/limit | failcnt | growth | status |');
    out.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|---|');
    for (const r of c.resources) {
      const denom = r.barrier !== null && r.barrier > 0 ? r.barrier : r.limit;
      const status = r.severity === 'critical' ? '**critical**' : r.severity === 'warn' ? '**warn**' : 'ok';
      out.push(
        `| ${escapeMarkdown(r.name)} | ${formatResourceValue(r.held, r.unit)} | ${formatResourceValue(r.maxheld, r.unit)} | ` +
          `${formatResourceValue(r.barrier, r.unit)} | ${formatResourceValue(r.limit, r.unit)} | ${formatShare(r.held, denom)} | ` +
          `${formatShare(r.maxheld, r.limit)} | ${formatInteger(r.failcnt)} | ${formatDelta(r.failcntDelta, r.reset)} | ${status} |`,
      );
    }
    out.push('');
    for (const r of c.resources.filter((x) => x.severity !== 'ok')) {
      out.push(`### ${escapeMarkdown(r.name)}: ${r.severity}`, '');
      const info = describeResource(r.name);
      if (info) out.push(`${escapeMarkdown(info.what)} When it fails: ${escapeMarkdown(info.failure)}`, '');
      for (const reason of r.reasons) out.push(`- ${escapeMarkdown(reason)}`);
      out.push('');
    }
  }
  if (!a.hasBaseline) {
    out.push('_failcnt counts refusals since the container started; compare two copies to see growth now._');
  }
  return out.join('\n');
}
