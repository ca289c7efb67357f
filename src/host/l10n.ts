import * as vscode from 'vscode';
import { assessContainer } from '../core/beancounters/assess';
import { localizeBufferRisk } from '../core/kernel/bufferRisk';
import type { PageL10n } from '../core/report/htmlCsp';
import { beancounterAdvice } from '../core/remote/readBeancounters';
import { detectVirtualization, type Virtualization } from '../core/remote/detectVirtualization';
import type { HostFacts } from '../core/remote/hostFacts';
import { english, langOf, localizerOf, type L10nBundle, type Localizer } from '../shared/l10n/localizer';
import type { SampleView } from './sessions/sessionTypes';

/**
 * VS Code's display language as the core's renderers see it: `vscode.l10n.t` reads this extension's
 * `l10n/bundle.l10n.<language>.json`. A language without a bundle is English.
 */
export function displayLocalizer(): Localizer {
  const lang = langOf(vscode.env.language) ?? 'en';
  return lang === 'en' || vscode.l10n.bundle === undefined ? english : localizerOf(lang, vscode.l10n.t);
}

/** The page language and bundle for a webview or an HTML export in the display language. */
export function displayPageL10n(l: Localizer = displayLocalizer()): PageL10n {
  const bundle = vscode.l10n.bundle as L10nBundle | undefined;
  return l.lang === 'en' || bundle === undefined ? { lang: 'en' } : { lang: l.lang, bundle };
}

/**
 * A sample with its texts in `l`'s language: the buffer risk derivation, the resources' reasons and the
 * root-access advice, derived again from the numbers the sample holds (the session words them in English).
 * Pure apart from `displayLocalizer`'s default, so it is tested with any localizer.
 */
export function inDisplayLanguage(view: SampleView, l: Localizer = displayLocalizer()): SampleView {
  if (l.lang === 'en') return view;
  const out: SampleView = { ...view };
  if (view.bufferRisk !== undefined) out.bufferRisk = localizeBufferRisk(view.bufferRisk, l);
  const bc = view.snapshot.beancounters;
  if (bc.state === 'ok') {
    // The session assessed with the step's deltas; none on its first sample (then failcnt is only cumulative).
    const deltas = view.deltas.length === 0 ? undefined : view.deltas;
    out.assessments = bc.table.containers.flatMap((c) =>
      assessContainer(
        c,
        deltas?.filter((d) => d.containerId === c.id),
        l,
      ),
    );
  } else if (bc.state === 'unavailable') {
    out.snapshot = { ...view.snapshot, beancounters: { ...bc, advice: beancounterAdvice(bc, l) } };
  }
  return out;
}

/** The host's virtualisation in `l`'s language, classified again from the facts it was classified from. */
export function virtualizationIn(
  v: Virtualization | undefined,
  facts: HostFacts | undefined,
  l: Localizer = displayLocalizer(),
): Virtualization | undefined {
  return v === undefined || facts === undefined || l.lang === 'en' ? v : detectVirtualization(facts, l);
}
