import type { CounterView, ReportView } from '../shared/reportView';
import { custom, h, section, signed } from './dom';

/** The verdict in one sentence with its confidence, the next steps, and the explanation folded away. */
export function verdictHeader(v: ReportView): HTMLElement {
  const when = v.createdAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  const steps = (title: string, items: string[]): HTMLElement | null =>
    items.length === 0 ? null : h('div', { class: 'steps' }, h('h3', {}, title), h('ul', {}, ...items.map((s) => h('li', {}, s))));
  return h('header', { class: `verdict verdict-${v.verdict.id}`, id: 'verdict' },
    h('p', { class: 'eyebrow' }, `VPS Doctor · ${v.title} · ${v.target} · ${when}`),
    v.demo ? h('p', { class: 'demo', role: 'note' }, 'Demo: the server is a simulated OpenVZ host, not a real one.') : null,
    v.vantageWarning !== undefined ? h('p', { class: 'vantage-warning', id: 'vantage-warning', role: 'note' }, v.vantageWarning) : null,
    h('div', { class: 'verdict-line' },
      h('h1', { id: 'verdict-title' }, v.verdict.title),
      custom('vscode-badge', { class: `confidence confidence-${v.verdict.confidence}` }, `confidence: ${v.verdict.confidence}`)),
    h('p', { class: 'summary', id: 'verdict-summary' }, v.verdict.summary),
    h('div', { class: 'next-steps' }, steps('What you can do', v.verdict.user), steps('What to tell the provider', v.verdict.provider)),
    custom('vscode-collapsible', { heading: 'Why: the explanation' }, h('p', { class: 'explanation' }, v.verdict.explanation),
      v.verdict.method === undefined ? null : h('p', { class: 'method muted', id: 'verdict-method' }, `How this verdict is reached: ${v.verdict.method}.`)));
}

/** The evidence rows, the decisive ones highlighted. */
export function evidenceSection(v: ReportView): HTMLElement {
  return section('Evidence', 'evidence', h('table', { class: 'evidence' },
    h('tbody', {}, ...v.evidence.map((e) => h('tr', { class: e.decisive ? 'decisive' : '' },
      h('th', { scope: 'row' }, e.label),
      h('td', {}, e.value),
      h('td', { class: 'tag' }, e.decisive ? custom('vscode-badge', { class: 'decisive-badge' }, 'decisive') : null))))));
}

/** Server counter deltas during the burst beside the idle control; the decisive ones highlighted. */
export function countersSection(counters: CounterView[]): HTMLElement {
  if (counters.length === 0) return section('Server counters', 'counters', h('p', { class: 'muted' }, 'Not read: the server was not sampled over SSH.'));
  return section('Server counters during the burst', 'counters',
    h('p', { class: 'muted' }, 'Growth of each counter during the burst and over an idle interval of the same length. Highlighted: the verdict rests on it.'),
    h('table', { class: 'counters' },
      h('thead', {}, h('tr', {}, h('th', {}, 'counter'), h('th', { class: 'num' }, 'during the burst'), h('th', { class: 'num' }, 'idle control'))),
      h('tbody', {}, ...counters.map((c) => h('tr', { class: c.decisive ? 'decisive' : '' },
        h('td', { class: 'mono' }, c.name),
        h('td', { class: 'num' }, signed(c.delta)),
        h('td', { class: 'num' }, c.idle === null ? '–' : signed(c.idle)))))));
}

/** The ping and buffer findings beside the verdict. */
export function findingsSection(v: ReportView): HTMLElement | null {
  if (v.findings.length === 0) return null;
  return section('Also found', 'findings', ...v.findings.map((f) => h('div', { class: `finding status-${f.status}` },
    h('h3', {}, f.title),
    h('ul', {}, ...f.lines.map((l) => h('li', {}, l))))));
}

/** The TCP buffer risk derivation, step by step per side. */
export function bufferRiskSection(v: ReportView): HTMLElement | null {
  const r = v.bufferRisk;
  if (!r) return null;
  return section('TCP buffer risk', 'buffer-risk',
    h('p', {}, 'Overall: ', h('strong', { class: `grade grade-${r.grade}` }, r.grade)),
    h('div', { class: 'risk-sides' }, ...r.sides.map((s) => h('div', { class: 'risk-side' },
      h('h3', {}, `${s.side === 'send' ? 'Send side (tcp_wmem against tcpsndbuf)' : 'Receive side (tcp_rmem against tcprcvbuf)'}: `,
        h('span', { class: `grade grade-${s.grade}` }, s.grade)),
      h('ol', { class: 'derivation' }, ...s.derivation.map((d) => h('li', {}, d))),
      s.mitigations.length > 0 ? custom('vscode-collapsible', { heading: 'What helps' }, h('ul', {}, ...s.mitigations.map((m) => h('li', {}, m)))) : null))),
    r.wmemMaxExplanation ? h('p', { class: 'muted' }, `Why buffers grow past wmem_max: ${r.wmemMaxExplanation}`) : null);
}

/** What was tested from where and when, with which software. */
export function provenanceSection(v: ReportView): HTMLElement {
  return section('Where and when', 'provenance', h('ul', { class: 'muted' }, ...v.provenance.map((l) => h('li', {}, l))));
}
