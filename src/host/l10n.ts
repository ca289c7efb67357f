import * as vscode from 'vscode';
import type { PageL10n } from '../core/report/htmlCsp';
import type { Virtualization } from '../core/remote/detectVirtualization';
import type { HostFacts } from '../core/remote/hostFacts';
import { sampleInLanguage, virtualizationInLanguage } from './sessions/sampleLanguage';
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
 * Samples already worded in the display language, which is fixed for a window: the tree is rebuilt on every
 * state change, watch round and history load, while a sample stays the same object until the next one.
 */
const worded = new WeakMap<SampleView, { lang: string; view: SampleView }>();

/** A sample with its texts in the display language (see {@link sampleInLanguage}), worded once per sample. */
export function inDisplayLanguage(view: SampleView, l: Localizer = displayLocalizer()): SampleView {
  const known = worded.get(view);
  if (known?.lang === l.lang) return known.view;
  const out = sampleInLanguage(view, l);
  worded.set(view, { lang: l.lang, view: out });
  return out;
}

/** The host's virtualisation in the display language (see {@link virtualizationInLanguage}). */
export function virtualizationIn(
  v: Virtualization | undefined,
  facts: HostFacts | undefined,
  l: Localizer = displayLocalizer(),
): Virtualization | undefined {
  return virtualizationInLanguage(v, facts, l);
}
