import type { Localizer } from '../../shared/l10n/localizer';
import { diagnose } from '../diagnosis/diagnose';
import { localizeBufferRisk } from '../kernel/bufferRisk';
import type { DiagnosisReport } from './resultSchema';

/**
 * A saved report with its texts in `l`'s language. RESULT.json keeps the verdict id and every measurement
 * the texts come from (burst attempts, counter deltas, ping, the buffer risk's inputs), so the texts are
 * rendered again from them. Should this code decide a different verdict, row or confidence than the one
 * saved (a file from another version), the saved texts stay: a report never contradicts its own verdict.
 */
export function localizeReport(r: DiagnosisReport, l: Localizer): DiagnosisReport {
  if (l.lang === 'en') return r;
  const bufferRisk = r.bufferRisk === undefined ? undefined : localizeBufferRisk(r.bufferRisk, l);
  const again = diagnose(
    {
      burst: r.burst,
      deltas: r.server.deltas,
      ...(r.ping ? { ping: r.ping } : {}),
      ...(r.server.idleDeltas ? { idleDeltas: r.server.idleDeltas } : {}),
      ...(bufferRisk ? { risk: bufferRisk } : {}),
      ...(r.server.virtualization !== undefined ? { virtualization: r.server.virtualization } : {}),
    },
    l,
  );
  const d = r.diagnosis;
  const same = again.verdict === d.verdict && again.row === d.row && again.confidence === d.confidence;
  return { ...r, ...(bufferRisk ? { bufferRisk } : {}), diagnosis: same ? again : d };
}
