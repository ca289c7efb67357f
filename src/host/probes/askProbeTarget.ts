import * as vscode from 'vscode';
import { formatParseError } from '../../core/result';
import { displayLocalizer } from '../l10n';
import { formatProbeTarget, parseProbeTarget, storedProbeTarget, type ProbeTarget } from './probeTarget';

const key = (hostId: string): string => `vpsDoctor.probes.target.${hostId}`;

/**
 * The port (and optional HTTP path) the probes of this host aim at: asked the first time, with the input
 * checked as it is typed, then remembered per host in the extension's global state (never in a workspace).
 * `ask` asks again, starting from the remembered value. Throws `CancellationError` when dismissed.
 */
export async function probeTargetOf(
  state: vscode.Memento,
  hostId: string,
  label: string,
  ask = false,
): Promise<ProbeTarget> {
  const known = storedProbeTarget(state.get<unknown>(key(hostId)));
  if (known !== undefined && !ask) return known;
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('VPS Doctor: which service of {0} to probe?', label),
    prompt: vscode.l10n.t(
      'A TCP port your server listens on, e.g. 80; or a port and a path for one HTTP GET per connection, e.g. 80/test.txt. Remembered for this host.',
    ),
    value: known === undefined ? '80' : formatProbeTarget(known),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const l = displayLocalizer();
      const r = parseProbeTarget(v, l);
      // English keeps the `port: ` source prefix it always had; elsewhere the sentence stands alone.
      return r.ok ? undefined : l.lang === 'en' ? formatParseError(r.error) : r.error.message;
    },
  });
  if (typed === undefined) throw new vscode.CancellationError();
  const parsed = parseProbeTarget(typed);
  if (!parsed.ok) throw new vscode.CancellationError();
  await state.update(key(hostId), parsed.value);
  return parsed.value;
}
