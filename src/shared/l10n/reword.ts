import { english, type Localizer } from './localizer';

/**
 * A stored English text in `l`'s language, for texts kept as plain English strings in results (a burst's
 * keep-alive failure in RESULT.json): the first of `templates` (message ids with `{0}`, `{1}`...) that the whole
 * text matches is translated with its parameters, each parameter reworded the same way (a reason inside a
 * reason); a text that matches none goes through `l.t` as it is (a fixed message, or shown unchanged).
 */
export function rewordStored(text: string, templates: readonly string[], l: Localizer = english): string {
  if (l.lang === 'en') return text;
  for (const template of templates) {
    const m = templatePattern(template).exec(text);
    if (m !== null) return l.t(template, ...m.slice(1).map((arg) => rewordStored(arg, templates, l)));
  }
  return l.t(text);
}

const patterns = new Map<string, RegExp>();

function templatePattern(template: string): RegExp {
  let re = patterns.get(template);
  if (re === undefined) {
    const parts = template.split(/\{\d+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(`^${parts.join('(.*?)')}$`, 's');
    patterns.set(template, re);
  }
  return re;
}
