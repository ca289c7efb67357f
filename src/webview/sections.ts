import type { CounterView, ReportView } from '../shared/reportView';
import { formatDateTime } from '../shared/l10n/format';
import { gradeName } from '../shared/l10n/terms';
import { custom, h, section, signed } from './dom';
import { pageLocalizer, t } from './l10n';

/** The verdict in one sentence with its confidence, the next steps, and the explanation folded away. */
export function verdictHeader(v: ReportView): HTMLElement {
  const when = formatDateTime(v.createdAt, pageLocalizer().lang);
  const steps = (title: string, items: string[]): HTMLElement | null =>
    items.length === 0
      ? null
      : h('div', { class: 'steps' }, h('h3', {}, title), h('ul', {}, ...items.map((s) => h('li', {}, s))));
  return h(
    'header',
    { class: `verdict verdict-${v.verdict.id}`, id: 'verdict' },
    h('p', { class: 'eyebrow' }, `VPS Doctor · ${v.title} · ${v.target} · ${when}`),
    v.demo
      ? h('p', { class: 'demo', role: 'note' }, t('Demo: the server is a simulated OpenVZ host, not a real one.'))
      : null,
    v.vantageWarning !== undefined
      ? h('p', { class: 'vantage-warning', id: 'vantage-warning', role: 'note' }, v.vantageWarning)
      : null,
    h(
      'div',
      { class: 'verdict-line' },
      h('h1', { id: 'verdict-title' }, v.verdict.title),
      custom(
        'vscode-badge',
        { class: `confidence confidence-${v.verdict.confidence}` },
        t('confidence: {0}', gradeName(v.verdict.confidence, pageLocalizer())),
      ),
    ),
    h('p', { class: 'summary', id: 'verdict-summary' }, v.verdict.summary),
    h(
      'div',
      { class: 'next-steps' },
      steps(t('What you can do'), v.verdict.user),
      steps(t('What to tell the provider'), v.verdict.provider),
    ),
    custom(
      'vscode-collapsible',
      { heading: t('Why: the explanation') },
      h('p', { class: 'explanation' }, v.verdict.explanation),
      v.verdict.method === undefined
        ? null
        : h(
            'p',
            { class: 'method muted', id: 'verdict-method' },
            t('How this verdict is reached: {0}.', v.verdict.method),
          ),
    ),
  );
}

/** The evidence rows, the decisive ones highlighted. */
export function evidenceSection(v: ReportView): HTMLElement {
  return section(
    t('Evidence'),
    'evidence',
    h(
      'table',
      { class: 'evidence' },
      h(
        'tbody',
        {},
        ...v.evidence.map((e) =>
          h(
            'tr',
            { class: e.decisive ? 'decisive' : '' },
            h('th', { scope: 'row' }, e.label),
            h('td', {}, e.value),
            h(
              'td',
              { class: 'tag' },
              e.decisive ? custom('vscode-badge', { class: 'decisive-badge' }, t('decisive')) : null,
            ),
          ),
        ),
      ),
    ),
  );
}

/** Server counter deltas during the burst beside the idle control; the decisive ones highlighted. */
export function countersSection(counters: CounterView[]): HTMLElement {
  if (counters.length === 0)
    return section(
      t('Server counters'),
      'counters',
      h('p', { class: 'muted' }, t('Not read: the server was not sampled over SSH.')),
    );
  return section(
    t('Server counters during the burst'),
    'counters',
    h(
      'p',
      { class: 'muted' },
      t(
        'Growth of each counter during the burst and over an idle interval of the same length. Highlighted: the verdict rests on it.',
      ),
    ),
    h(
      'table',
      { class: 'counters' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('counter')),
          h('th', { class: 'num' }, t('during the burst')),
          h('th', { class: 'num' }, t('idle control')),
        ),
      ),
      h(
        'tbody',
        {},
        ...counters.map((c) =>
          h(
            'tr',
            { class: c.decisive ? 'decisive' : '' },
            h('td', { class: 'mono' }, c.name),
            h('td', { class: 'num' }, signed(c.delta)),
            h('td', { class: 'num' }, c.idle === null ? '–' : signed(c.idle)),
          ),
        ),
      ),
    ),
  );
}

/** The ping and buffer findings beside the verdict. */
export function findingsSection(v: ReportView): HTMLElement | null {
  if (v.findings.length === 0) return null;
  return section(
    t('Also found'),
    'findings',
    ...v.findings.map((f) =>
      h(
        'div',
        { class: `finding status-${f.status}` },
        h('h3', {}, f.title),
        h('ul', {}, ...f.lines.map((line) => h('li', {}, line))),
      ),
    ),
  );
}

/** The TCP buffer risk derivation, step by step per side. */
export function bufferRiskSection(v: ReportView): HTMLElement | null {
  const r = v.bufferRisk;
  if (!r) return null;
  const l = pageLocalizer();
  return section(
    t('TCP buffer risk'),
    'buffer-risk',
    h('p', {}, t('Overall: '), h('strong', { class: `grade grade-${r.grade}` }, gradeName(r.grade, l))),
    h(
      'div',
      { class: 'risk-sides' },
      ...r.sides.map((s) =>
        h(
          'div',
          { class: 'risk-side' },
          h(
            'h3',
            {},
            `${s.side === 'send' ? t('Send side (tcp_wmem against tcpsndbuf)') : t('Receive side (tcp_rmem against tcprcvbuf)')}: `,
            h('span', { class: `grade grade-${s.grade}` }, gradeName(s.grade, l)),
          ),
          h('ol', { class: 'derivation' }, ...s.derivation.map((d) => h('li', {}, d))),
          s.mitigations.length > 0
            ? custom(
                'vscode-collapsible',
                { heading: t('What helps') },
                h('ul', {}, ...s.mitigations.map((m) => h('li', {}, m))),
              )
            : null,
        ),
      ),
    ),
    r.wmemMaxExplanation
      ? h('p', { class: 'muted' }, t('Why buffers grow past wmem_max: {0}', r.wmemMaxExplanation))
      : null,
  );
}

/** What was tested from where and when, with which software. */
export function provenanceSection(v: ReportView): HTMLElement {
  return section(
    t('Where and when'),
    'provenance',
    h('ul', { class: 'muted' }, ...v.provenance.map((l) => h('li', {}, l))),
  );
}
