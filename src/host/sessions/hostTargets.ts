import { formatParseError } from '../../core/result';
import { parseHostSpec } from '../../core/ssh/sshConfigHostSpec';
import type { HostTarget } from './sessionTypes';
import { english, type Localizer } from '../../shared/l10n/localizer';
import { phraseOf, renderPhrase } from '../../shared/l10n/phrase';

/** The hosts to list: ~/.ssh/config aliases first, then hosts from settings; invalid settings entries with why. */
export interface HostList {
  targets: HostTarget[];
  invalid: { spec: string; message: string }[];
}

/**
 * Builds the host list. ssh config aliases come from `listConfigHosts` (no wildcards); a settings
 * entry must parse as `user@host:port` (user and port optional). Duplicates are dropped by id.
 */
export function hostTargets(settingsSpecs: readonly string[], configAliases: readonly string[]): HostList {
  const seen = new Set<string>();
  const targets: HostTarget[] = [];
  const invalid: HostList['invalid'] = [];
  const add = (t: HostTarget) => {
    if (seen.has(t.id)) return;
    seen.add(t.id);
    targets.push(t);
  };
  for (const alias of configAliases) add({ id: `ssh:${alias}`, label: alias, alias, source: 'ssh-config' });
  settingsSpecs.forEach((raw, i) => {
    const spec = raw.trim();
    if (spec === '') return;
    const parsed = parseHostSpec(spec, `vpsDoctor.hosts.list[${i}]`);
    if (!parsed.ok) invalid.push({ spec, message: formatParseError(parsed.error) });
    else add({ id: `manual:${spec}`, label: spec, alias: spec, source: 'settings' });
  });
  return { targets, invalid };
}

/** The settings list after adding `spec` (trimmed; unchanged when already present). */
export function withHost(list: readonly string[], spec: string): string[] {
  const s = spec.trim();
  return list.some((x) => x.trim() === s) ? [...list] : [...list, s];
}

/** The settings list without the host whose id is `manual:<spec>`. */
export function withoutHost(list: readonly string[], hostId: string): string[] {
  return list.filter((x) => `manual:${x.trim()}` !== hostId);
}

/** Add Host's input check: why `user@host:port` as typed is not a host, in the localizer's language. */
export function hostSpecProblem(typed: string, l: Localizer = english): string | undefined {
  if (typed.trim() === '') return undefined;
  const r = parseHostSpec(typed);
  if (r.ok) return undefined;
  return renderPhrase(phraseOf(r.error), l);
}
