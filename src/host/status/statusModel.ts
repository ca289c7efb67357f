import { stateError } from '../tree/hostTreeModel';
import { english, type Localizer } from '../../shared/l10n/localizer';
import type { Severity } from '../../core/beancounters';
import { compactNumber } from '../../shared/units';
import { worstSeverity } from '../tree/severityStyle';
import type { Translate } from '../tree/translate';
import type { SampleView, SessionState } from '../sessions/sessionTypes';

/** What the status bar item shows for the selected host. */
export interface StatusView {
  /** With `$(icon)` codicons; server and user text is defused so it cannot add icons. */
  text: string;
  severity: Severity;
  tooltip: string;
}

/** `$(` in a host name would be read as an icon; a zero-width space keeps it literal. */
const literal = (s: string): string => s.replace(/\$\(/g, '$\u200b(');

const ICON: Record<Severity, string> = { ok: '$(pass)', warn: '$(warning)', critical: '$(error)' };

/**
 * The short status: the fastest-growing failcnt as `tcpsndbuf +1.2k/min` while one grows, else the
 * host's worst severity. Undefined when there is nothing to show (host not in use).
 */
export function statusView(
  label: string,
  state: SessionState | undefined,
  view: SampleView | undefined,
  t: Translate,
  l: Localizer = english,
): StatusView | undefined {
  const name = literal(label);
  if (state === undefined || state.kind === 'idle') return undefined;
  if (state.kind === 'connecting')
    return { text: `$(loading~spin) ${name}`, severity: 'ok', tooltip: t('VPS Doctor: connecting to {0}', label) };
  if (state.kind === 'failed')
    return {
      text: `$(error) ${name}`,
      severity: 'critical',
      tooltip: t('VPS Doctor: {0}: {1}', label, stateError(state, l)),
    };
  if (state.kind === 'reconnecting')
    return {
      text: `$(sync~spin) ${name}`,
      severity: 'warn',
      tooltip: t('VPS Doctor: {0}: connection lost, reconnecting; the data shown is stale', label),
    };
  if (view === undefined)
    return {
      text: `$(loading~spin) ${name}`,
      severity: 'ok',
      tooltip: t('VPS Doctor: {0}: taking the first sample', label),
    };
  const severity = worstSeverity(view.assessments.map((a) => a.severity));
  const growing = view.deltas.filter((d) => d.failcntDelta > 0 && !d.reset);
  if (growing.length > 0) {
    const rate = (d: (typeof growing)[number]) => d.ratePerMinute ?? d.failcntDelta;
    const top = growing.reduce((a, b) => (rate(b) > rate(a) ? b : a));
    const amount =
      top.ratePerMinute === null ? `+${compactNumber(top.failcntDelta)}` : `+${compactNumber(top.ratePerMinute)}/min`;
    const others = growing.length > 1 ? ` ${t('(+{0} more)', growing.length - 1)}` : '';
    return {
      text: `${ICON[severity]} ${literal(top.name)} ${amount}${others}`,
      severity,
      tooltip: t(
        'VPS Doctor: {0}: failcnt of {1} is growing ({2} since the previous sample). Click to show the hosts.',
        label,
        growing.map((d) => d.name).join(', '),
        `+${top.failcntDelta}`,
      ),
    };
  }
  const trouble = view.assessments.filter((a) => a.severity !== 'ok').length;
  const summary = trouble === 0 ? t('ok') : t('{0} to check', trouble);
  return {
    text: `${ICON[severity]} ${name} ${summary}`,
    severity,
    tooltip: t('VPS Doctor: {0}: nothing is failing now. Click to show the hosts.', label),
  };
}
