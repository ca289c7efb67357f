import { english, sentences, type Localizer } from '../../shared/l10n/localizer';
import type { BufferRisk } from '../kernel/bufferRiskTypes';
import type { BurstResult } from '../probes/burst';
import type { PingResult } from '../probes/ping';
import { readClient } from './clientSignature';
import { decide, type Decision } from './decide';
import { collectEvidence } from './evidence';
import { bufferFinding, pingFinding } from './findings';
import { caveatText } from './notes';
import { readPing } from './pingSignature';
import { readServer } from './serverSignature';
import type { Confidence, Diagnosis, Finding } from './types';
import { verdictText } from './verdictText';

/** Everything one "Run Full Diagnosis" gathered. */
export interface DiagnosisEvidence {
  burst: BurstResult;
  ping?: PingResult;
  /** `counterDeltas(before burst, after burst)`. */
  deltas: Record<string, number>;
  /** `counterDeltas` over an idle control pair of the same length, taken just before or after. */
  idleDeltas?: Record<string, number>;
  /** `assessBufferRisk` of the after-burst snapshot. */
  risk?: BufferRisk;
  /** The detected virtualization (`openvz-container`, `kvm`, ...), or a label; decides row 9 vs row 12. */
  virtualization?: string;
}

const LEVELS: Confidence[] = ['low', 'medium', 'high'];

/**
 * Combines the burst's client evidence, the server's counter deltas against an idle control, ping loss and
 * the buffer risk into one verdict (docs/method.md §3.4) with its evidence, a confidence, a
 * one-sentence summary, an explanation, next steps, and the ping and buffer findings beside it.
 * Pure and total over any recorded evidence. The texts are in `l`'s language (English by default), so a saved
 * result renders in another language by diagnosing its recorded evidence again.
 */
export function diagnose(e: DiagnosisEvidence, l: Localizer = english): Diagnosis {
  const client = readClient(e.burst);
  const server = readServer(e.deltas, e.idleDeltas);
  const ping = e.ping === undefined ? null : readPing(e.ping);
  const decision = decide({ client, server, ping, openvz: isOpenVz(e.virtualization, e.deltas) });
  const decisive = new Set(decision.decisive);
  const evidence = collectEvidence(client, server, ping, l).map(({ key, item }) => ({
    ...item,
    decisive: decisive.has(key),
  }));
  const text = verdictText({ decision, client, server, ping }, l);
  const findings: Finding[] = [];
  if (ping !== null) findings.push(pingFinding(ping, l));
  const buffers = bufferFinding(e.risk, server, l);
  if (buffers !== null) findings.push(buffers);
  return {
    verdict: decision.verdict,
    confidence: confidenceOf(decision),
    summary: text.summary,
    evidence,
    explanation: withCaveats(
      text.explanation,
      decision.caveats.map((c) => caveatText(c, l)),
      l,
    ),
    nextSteps: text.nextSteps,
    row: decision.row,
    findings,
  };
}

/** The base confidence, one level lower per caveat. */
function confidenceOf(d: Decision): Confidence {
  return LEVELS[Math.max(0, LEVELS.indexOf(d.base) - d.caveats.length)];
}

function withCaveats(explanation: string, caveats: string[], l: Localizer): string {
  return caveats.length === 0 ? explanation : sentences(l, [explanation, l.t('Caveats: {0}', sentences(l, caveats))]);
}

/**
 * OpenVZ when the sampler said so, or when beancounters were read at all (only OpenVZ/Virtuozzo kernels
 * have them, docs/method.md §1.1); null when nothing tells.
 */
function isOpenVz(virtualization: string | undefined, deltas: Record<string, number>): boolean | null {
  if (Object.keys(deltas).some((k) => k.startsWith('ubc.'))) return true;
  if (virtualization === undefined || virtualization.trim() === '' || virtualization === 'unknown') return null;
  return /openvz|virtuozzo/i.test(virtualization);
}
