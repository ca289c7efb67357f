import { english, type Localizer } from '../../shared/l10n/localizer';
import { gradeName } from '../../shared/l10n/terms';
import type { BufferRisk, BufferSideRisk } from '../kernel/bufferRiskTypes';

function side(title: string, s: BufferSideRisk, l: Localizer): string[] {
  const out = [`${title}: ${gradeName(s.grade, l)}`];
  for (const step of s.derivation) out.push(`  - ${step}`);
  if (s.mitigations.length > 0) {
    out.push(`  ${l.t('What to do:')}`);
    for (const m of s.mitigations) out.push(`  * ${m}`);
  }
  return out;
}

/** The TCP buffer risk model as plain text: grade, derivation step by step, mitigations. */
export function bufferRiskText(risk: BufferRisk, l: Localizer = english): string {
  const out = [l.t('TCP buffer risk: {0}', gradeName(risk.grade, l)), ''];
  out.push(...side(l.t('Send side (tcp_wmem vs tcpsndbuf)'), risk.send, l), '');
  out.push(...side(l.t('Receive side (tcp_rmem vs tcprcvbuf)'), risk.receive, l));
  if (risk.wmemMaxExplanation) out.push('', l.t('Why buffers grow past wmem_max: {0}', risk.wmemMaxExplanation));
  return out.join('\n');
}
