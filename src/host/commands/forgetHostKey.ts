import * as vscode from 'vscode';
import type { HostServices } from './hostServices';
import { pickHost } from './pickHost';

/**
 * The names "Forget Host Key" would remove for a host: only while its connection failed on a
 * changed key that VPS Doctor's own trust store recorded (the refusal's `forget-host-key` fixes).
 */
function forgettable(s: HostServices, hostId: string): string[] {
  const session = s.registry.session(hostId);
  const state = session?.state;
  if (session === undefined || state?.kind !== 'failed' || state.error.kind !== 'hostKeyChanged') return [];
  return (session.hostKeyRefusal?.fixes ?? []).flatMap((f) => (f.kind === 'forget-host-key' ? [f.name] : []));
}

/**
 * Forget Host Key: the deliberate way to clear a key of our store that the server no longer presents
 * (docs/security.md §1.2, §2.3). Asks first, showing the key the server presents now; the user's
 * own known_hosts files are never written (the refusal names `ssh-keygen -R` for those).
 */
export async function forgetHostKey(s: HostServices, arg: unknown): Promise<void> {
  const t = vscode.l10n.t;
  const hostId = await pickHost(s.registry, arg, {
    placeHolder: t('Forget the recorded host key of which host?'),
    eligible: (h) => forgettable(s, h.id).length > 0,
    none: t('No host was refused for a changed key that VPS Doctor recorded itself.'),
  });
  const label = s.registry.target(hostId)?.label ?? hostId;
  const session = s.registry.session(hostId);
  const names = forgettable(s, hostId);
  const refusal = session?.hostKeyRefusal;
  if (session === undefined || refusal === undefined || names.length === 0) {
    throw new Error(
      t(
        'VPS Doctor has no refused key of {0} in its own trust store. Keys in your known_hosts files are removed with the ssh-keygen -R command the refusal names.',
        label,
      ),
    );
  }
  const yes = t('Forget Host Key');
  const answer = await vscode.window.showWarningMessage(
    t('Forget the host key that VPS Doctor recorded for {0}?', names.join(', ')),
    {
      modal: true,
      detail: t(
        "{0} now presents the {1} key {2}. The next connection asks whether to trust it: compare that fingerprint with the server's own (ssh-keygen -lf on the server, or your provider's console) before you do.",
        label,
        refusal.keyType,
        refusal.fingerprint,
      ),
    },
    yes,
  );
  if (answer !== yes) throw new vscode.CancellationError();
  const forgotten = await session.forgetRefusedHostKeys();
  const removed = forgotten.reduce((n, f) => n + f.removed, 0);
  s.log.info(`${label}: forgot ${removed} recorded host key line(s) for ${forgotten.map((f) => f.name).join(', ')}`);
  void vscode.window.showInformationMessage(
    t('VPS Doctor: forgot {0} recorded host key(s) of {1}. Connect again to check its current key.', removed, label),
  );
}
