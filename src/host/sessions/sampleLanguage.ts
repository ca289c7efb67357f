import { localizeBufferRisk } from '../../core/kernel/bufferRisk';
import { beancounterAdvice } from '../../core/remote/readBeancounters';
import { detectVirtualization, type Virtualization } from '../../core/remote/detectVirtualization';
import type { HostFacts } from '../../core/remote/hostFacts';
import type { Localizer } from '../../shared/l10n/localizer';
import { assess } from '../../core/session/sampleTracker';
import type { SampleView } from './sessionTypes';

/**
 * A sample with its texts in `l`'s language: the buffer risk derivation, the resources' reasons and the
 * root-access advice, derived again from the numbers the sample holds (the session words them in English).
 * Pure: no `vscode`, so it is tested with any localizer.
 */
export function sampleInLanguage(view: SampleView, l: Localizer): SampleView {
  if (l.lang === 'en') return view;
  const out: SampleView = { ...view };
  if (view.bufferRisk !== undefined) out.bufferRisk = localizeBufferRisk(view.bufferRisk, l);
  const bc = view.snapshot.beancounters;
  if (bc.state === 'ok') {
    // The session assessed with the step's deltas; none on its first sample (then failcnt is only cumulative).
    const deltas = view.deltas.length === 0 ? undefined : view.deltas;
    out.assessments = assess(bc.table, deltas, l);
  } else if (bc.state === 'unavailable') {
    out.snapshot = { ...view.snapshot, beancounters: { ...bc, advice: beancounterAdvice(bc, l) } };
  }
  return out;
}

/** The host's virtualisation in `l`'s language, classified again from the facts it was classified from. */
export function virtualizationInLanguage(
  v: Virtualization | undefined,
  facts: HostFacts | undefined,
  l: Localizer,
): Virtualization | undefined {
  return v === undefined || facts === undefined || l.lang === 'en' ? v : detectVirtualization(facts, l);
}
