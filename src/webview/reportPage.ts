import { reportSummaryText, type ReportView } from '../shared/reportView';
import { beancounterSection } from './beancounterBars';
import type { Bridge } from './bridge';
import type { Charts } from './chartFrame';
import { custom, h } from './dom';
import { pageLocalizer, t } from './l10n';
import { burstSection, pingSection } from './probeSections';
import {
  bufferRiskSection,
  countersSection,
  evidenceSection,
  findingsSection,
  provenanceSection,
  verdictHeader,
} from './sections';

/** Shows a short confirmation or failure in the page's status line (read out by screen readers). */
export function notice(text: string): void {
  const el = document.getElementById('notice');
  if (el) el.textContent = text;
}

function button(label: string, onClick: () => void, secondary = true): HTMLElement {
  const b = custom('vscode-button', secondary ? { secondary: '' } : {}, label);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * The actions: inside VS Code they are typed messages to the extension; in an exported file only
 * "Copy summary" remains, done with the page's own clipboard.
 */
function actions(v: ReportView, bridge: Bridge): HTMLElement {
  const copy = (): void => {
    if (bridge.hosted) return bridge.post({ type: 'copySummary' });
    navigator.clipboard.writeText(reportSummaryText(v, pageLocalizer())).then(
      () => notice(t('Summary copied.')),
      () => notice(t('Copying was refused by the browser.')),
    );
  };
  const bar = h('div', { class: 'actions', role: 'toolbar', 'aria-label': t('Report actions') });
  if (bridge.hosted) {
    bar.append(
      button(t('Run again'), () => bridge.post({ type: 'rerun' }), false),
      button(t('Run the rate sweep'), () => bridge.post({ type: 'sweep' })),
      button(t('Save HTML…'), () => bridge.post({ type: 'export', format: 'html' })),
      button(t('Save Markdown…'), () => bridge.post({ type: 'export', format: 'md' })),
      button(t('Save RESULT.json…'), () => bridge.post({ type: 'export', format: 'json' })),
    );
  }
  bar.append(button(t('Copy summary'), copy), h('span', { id: 'notice', role: 'status', 'aria-live': 'polite' }));
  return bar;
}

/** Replaces the page with the full report, top to bottom as a reader needs it. */
export function renderReport(root: HTMLElement, v: ReportView, charts: Charts, bridge: Bridge): void {
  charts.clear();
  const parts: (HTMLElement | null)[] = [verdictHeader(v), actions(v, bridge)];
  root.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  // Charts measure their container, so each section is attached before the next is built.
  const add = (el: HTMLElement | null): void => {
    if (el) root.append(el);
  };
  add(burstSection(() => v.burst, charts));
  if (v.ping) add(pingSection(v.ping, charts));
  add(evidenceSection(v));
  add(countersSection(v.counters));
  if (v.beancounters) add(beancounterSection(v.beancounters));
  add(bufferRiskSection(v));
  add(findingsSection(v));
  add(provenanceSection(v));
  document.title = `VPS Doctor: ${v.title}: ${v.verdict.title}`;
}
