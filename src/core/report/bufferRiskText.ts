import type { BufferRisk, BufferSideRisk } from '../kernel/bufferRiskTypes';

function side(title: string, s: BufferSideRisk): string[] {
  const out = [`${title}: ${s.grade}`];
  for (const step of s.derivation) out.push(`  - ${step}`);
  if (s.mitigations.length > 0) {
    out.push('  What to do:');
    for (const m of s.mitigations) out.push(`  * ${m}`);
  }
  return out;
}

/** The TCP buffer risk model as plain text: grade, derivation step by step, mitigations. */
export function bufferRiskText(risk: BufferRisk): string {
  const out = [`TCP buffer risk: ${risk.grade}`, ''];
  out.push(...side('Send side (tcp_wmem vs tcpsndbuf)', risk.send), '');
  out.push(...side('Receive side (tcp_rmem vs tcprcvbuf)', risk.receive));
  if (risk.wmemMaxExplanation) out.push('', `Why buffers grow past wmem_max: ${risk.wmemMaxExplanation}`);
  return out.join('\n');
}
