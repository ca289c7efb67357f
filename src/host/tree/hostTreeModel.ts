import type { HostSnapshot } from '../../core/remote/snapshot';
import { escapeMarkdown } from '../../core/report/beancounterMarkdown';
import type { HistoryEntry, HostTarget, SampleView, SessionState } from '../sessions/sessionTypes';
import { beancounterSection } from './beancounterItems';
import { bufferSection } from './bufferItems';
import { formatDuration } from '../../shared/units';
import { kernelSection } from './kernelItems';
import { probeSection } from './probeItems';
import { severityIcon, worstSeverity } from './severityStyle';
import type { Translate } from './translate';
import { leaf, type IconRef, type ModelNode } from './treeItemData';
import { sshErrorText } from '../../core/ssh/sshErrors';
import { english, type Localizer } from '../../shared/l10n/localizer';

/** Everything the tree shows for one host, gathered from its session, its history and the clock. */
export interface HostModelInput {
  target: HostTarget;
  /** Absent before the host was first used: nothing is loaded until then. */
  state: SessionState | undefined;
  latest: SampleView | undefined;
  virtualization: { kind: string; label: string; evidence: string[] } | undefined;
  /** The snapshot of the sample that started the current baseline, for kernel counter growth. */
  baseline: HostSnapshot | undefined;
  /** The host's history, newest last: `probe` entries in the Probes section, `sample` entries as failcnt growth over the last hour and day. */
  history: readonly HistoryEntry[];
  /** Local wall clock, ms since the epoch. */
  nowMs: number;
  /** Set while the host is watched: the verdict title of its last round, if one ended yet. */
  watch?: { lastVerdict?: string };
}

/** The `host.<state>` part of the context value; `.settings` / `.ssh-config` / `.demo` is appended, then `.watched` while watched. */
function hostStateWord(state: SessionState | undefined): string {
  return state === undefined || state.kind === 'idle' ? 'disconnected' : state.kind;
}

/** The session's connection error in `l`'s language: an SSH error from its message id, else as it came. */
export function stateError(state: Extract<SessionState, { kind: 'failed' }>, l: Localizer): string {
  return sshErrorText(state.error, l);
}

/** Why the connection was lost, in `l`'s language when the session kept its message id. */
function lostBecause(state: Extract<SessionState, { kind: 'reconnecting' }>, l: Localizer): string {
  return sshErrorText({ message: state.lastError, phrase: state.lastErrorPhrase }, l);
}

/**
 * The host line's description: connection state, virtualisation, and the age of stale data. `l` words the
 * session's SSH errors (their message ids) in the display language.
 */
export function hostDescription(input: HostModelInput, t: Translate, l: Localizer = english): string {
  const { state, latest, virtualization } = input;
  const age = latest === undefined ? '' : t('stale {0}', formatDuration(input.nowMs - latest.takenAtMs));
  const parts: string[] = [];
  switch (state?.kind) {
    case undefined:
    case 'idle':
      parts.push(t('not connected'));
      if (latest !== undefined) parts.push(age);
      break;
    case 'connecting':
      parts.push(t('connecting…'));
      break;
    case 'connected':
      parts.push(virtualization?.label ?? t('connected'));
      if (latest?.stale === true || state.sampleProblem !== undefined) parts.push(age);
      if (state.sampleProblem !== undefined) parts.push(t('sample failed: {0}', sshErrorText(state.sampleProblem, l)));
      break;
    case 'reconnecting':
      if (latest !== undefined) parts.push(age);
      parts.push(t('reconnecting (attempt {0})', state.attempt));
      break;
    case 'failed':
      if (latest !== undefined) parts.push(age);
      parts.push(t('error: {0}', stateError(state, l)));
      break;
  }
  if (input.watch !== undefined)
    parts.push(input.watch.lastVerdict === undefined ? t('watching') : t('watching: {0}', input.watch.lastVerdict));
  return parts.join(' · ');
}

function hostIcon(input: HostModelInput): IconRef {
  switch (input.state?.kind) {
    case undefined:
    case 'idle':
      return { id: 'server' };
    case 'connecting':
      return { id: 'loading~spin' };
    case 'reconnecting':
      return { id: 'sync~spin', color: 'list.warningForeground' };
    case 'failed':
      return { id: 'error', color: 'list.errorForeground' };
    case 'connected':
      return input.latest === undefined
        ? { id: 'server' }
        : severityIcon(worstSeverity(input.latest.assessments.map((a) => a.severity)));
  }
}

function hostTooltip(input: HostModelInput, t: Translate, l: Localizer): string {
  const { target, state, virtualization } = input;
  const source =
    target.source === 'ssh-config'
      ? t('from ~/.ssh/config')
      : target.source === 'settings'
        ? t('from settings')
        : t('demo');
  const out = [`**${escapeMarkdown(target.label)}** (${escapeMarkdown(target.alias)}, ${source})`, ''];
  if (state?.kind === 'failed') out.push(`${t('Error')}: ${escapeMarkdown(stateError(state, l))}`, '');
  if (state?.kind === 'reconnecting') out.push(`${t('Connection lost')}: ${escapeMarkdown(lostBecause(state, l))}`, '');
  if (state?.kind === 'connected' && state.sampleProblem !== undefined) {
    out.push(
      `${t('The last {0} samples failed', state.sampleProblem.consecutive)}: ${escapeMarkdown(sshErrorText(state.sampleProblem, l))}`,
      '',
    );
  }
  if (virtualization !== undefined) {
    out.push(`**${escapeMarkdown(virtualization.label)}**`, '');
    for (const e of virtualization.evidence) out.push(`- ${escapeMarkdown(e)}`);
  }
  return out.join('\n');
}

/**
 * The host node and, once it has data, its sections: Beancounters, TCP buffers, Kernel counters, Probes. `t`
 * is the display language's `l10n.t`, `l` the same language as a localizer (for the SSH errors' message ids).
 */
export function hostTreeModel(input: HostModelInput, t: Translate, l: Localizer = english): ModelNode {
  const { target, state, latest } = input;
  const hostId = target.id;
  const children: ModelNode[] = [];
  if (latest !== undefined) {
    const bc = beancounterSection(hostId, latest, t, input.history, l);
    if (bc !== undefined) children.push(bc);
    if (latest.bufferRisk !== undefined) children.push(bufferSection(hostId, latest.bufferRisk, t));
    const openVz =
      latest.snapshot.beancounters.state !== 'missing' || (input.virtualization?.kind.startsWith('openvz') ?? false);
    const kernel = kernelSection(hostId, latest.snapshot, input.baseline, openVz, t);
    if (kernel !== undefined) children.push(kernel);
    children.push(probeSection(hostId, input.history, input.nowMs, t));
  } else if (state?.kind === 'connected' || state?.kind === 'connecting') {
    children.push(
      leaf(hostId, {
        id: `${hostId}/pending`,
        label: t('Taking the first sample…'),
        icon: { id: 'loading~spin' },
        contextValue: 'hint.pending',
      }),
    );
  } else {
    children.push(
      leaf(hostId, {
        id: `${hostId}/hint`,
        label: state?.kind === 'failed' ? t('Connect again') : t('Connect to diagnose this host'),
        icon: { id: 'plug' },
        contextValue: 'hint.connect',
        command: { command: 'vpsDoctor.hosts.connect', title: t('Connect'), args: [hostId] },
      }),
    );
  }
  return {
    data: {
      id: hostId,
      label: target.label,
      description: hostDescription(input, t, l),
      tooltip: hostTooltip(input, t, l),
      icon: hostIcon(input),
      contextValue: `host.${hostStateWord(state)}.${target.source}${input.watch === undefined ? '' : '.watched'}`,
      collapsible: 'expanded',
    },
    children,
    hostId,
  };
}
