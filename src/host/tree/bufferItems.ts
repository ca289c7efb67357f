import type { BufferRisk, BufferSideRisk } from '../../core/kernel';
import { escapeMarkdown } from '../../core/report/beancounterMarkdown';
import { gradeIcon } from './severityStyle';
import type { Translate } from './translate';
import { leaf, type ModelNode } from './treeItemData';

function sideNode(hostId: string, parentId: string, s: BufferSideRisk, t: Translate): ModelNode {
  const id = `${parentId}/${s.side}`;
  const title = s.side === 'send' ? t('Send side (tcp_wmem vs tcpsndbuf)') : t('Receive side (tcp_rmem vs tcprcvbuf)');
  const steps = s.derivation.map((step, i) =>
    leaf(hostId, { id: `${id}/step${i}`, label: step, tooltip: escapeMarkdown(step), contextValue: 'buffers.step' }),
  );
  const children = [...steps];
  if (s.mitigations.length > 0) {
    children.push({
      data: {
        id: `${id}/mitigations`,
        label: t('What to do'),
        icon: { id: 'lightbulb' },
        contextValue: 'buffers.mitigations',
        collapsible: 'expanded',
      },
      children: s.mitigations.map((m, i) =>
        leaf(hostId, {
          id: `${id}/mitigation${i}`,
          label: m,
          tooltip: escapeMarkdown(m),
          contextValue: 'buffers.mitigation',
        }),
      ),
      hostId,
    });
  }
  return {
    data: {
      id,
      label: title,
      description: t(s.grade),
      tooltip: [`**${title}: ${t(s.grade)}**`, '', ...s.derivation.map((d) => `1. ${escapeMarkdown(d)}`)].join('\n'),
      icon: gradeIcon(s.grade),
      contextValue: `buffers.${s.side}.${s.grade}`,
      collapsible: s.grade === 'low' || s.grade === 'unknown' ? 'collapsed' : 'expanded',
    },
    children,
    hostId,
  };
}

/** The TCP buffer risk model's grade and derivation, send and receive side, with the mitigations (docs/method.md §2.4). */
export function bufferSection(hostId: string, risk: BufferRisk, t: Translate): ModelNode {
  const id = `${hostId}/buffers`;
  const children = [sideNode(hostId, id, risk.send, t), sideNode(hostId, id, risk.receive, t)];
  if (risk.wmemMaxExplanation !== undefined) {
    children.push(
      leaf(hostId, {
        id: `${id}/wmemMax`,
        label: t('Why buffers grow past wmem_max'),
        tooltip: escapeMarkdown(risk.wmemMaxExplanation),
        icon: { id: 'info' },
        contextValue: 'buffers.explanation',
      }),
    );
  }
  return {
    data: {
      id,
      label: t('TCP buffers'),
      description: t('risk: {0}', t(risk.grade)),
      icon: gradeIcon(risk.grade),
      contextValue: `buffers.${risk.grade}`,
      collapsible: risk.grade === 'low' || risk.grade === 'unknown' ? 'collapsed' : 'expanded',
    },
    children,
    hostId,
  };
}
