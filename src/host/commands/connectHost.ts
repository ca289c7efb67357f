import * as vscode from 'vscode';
import { displayLocalizer } from '../l10n';
import { renderPhrase } from '../../shared/l10n/phrase';
import { sshErrorText } from '../../core/ssh/sshErrors';
import { hostKeyRefusalText, isHostKeyRefusal } from '../prompts/promptText';
import type { HostServices } from './hostServices';
import { pickHost } from './pickHost';

const errorKind = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { kind?: unknown }).kind === 'string'
    ? (e as { kind: string }).kind
    : undefined;

/**
 * Connect: creates the host's session on first use (loading the SSH code then), connects with a
 * cancellable progress notification, and loads the host's probe history. A changed or revoked host
 * key is a modal error with both fingerprints and the fix, and no way to connect anyway.
 */
export async function connectHost(s: HostServices, arg: unknown): Promise<void> {
  const hostId = await pickHost(s.registry, arg, {
    placeHolder: vscode.l10n.t('Connect to which host?'),
    none: vscode.l10n.t('No hosts yet: add one first.'),
  });
  const label = s.registry.target(hostId)?.label ?? hostId;
  s.status.select(hostId);
  const session = await s.registry.use(hostId);
  // Read before connecting: the first read of a damaged file reports the recovery, and the user should hear of it.
  await loadHistory(s, hostId, label);
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('VPS Doctor: connecting to {0}', label),
        cancellable: true,
      },
      async (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          await session.connect(abort.signal);
        } finally {
          sub.dispose();
        }
        if (token.isCancellationRequested) throw new vscode.CancellationError();
      },
    );
  } catch (e) {
    const kind = errorKind(e);
    if (kind === 'cancelled') throw new vscode.CancellationError();
    if (kind !== undefined && isHostKeyRefusal(kind)) {
      // The log keeps the English message; the dialog shows the refusal in the display language.
      const text = hostKeyRefusalText(kind, sshErrorText(e, displayLocalizer()), label, vscode.l10n.t);
      s.log.error(`${label}: ${e instanceof Error ? e.message : String(e)}`);
      await vscode.window.showErrorMessage(text.message, { modal: true, detail: text.detail });
      throw new vscode.CancellationError();
    }
    throw e;
  }
  s.log.info(`${label}: connected`);
}

/** Reads the host's history into the tree (probe results); a corrupt file was moved aside: say so once. */
export async function loadHistory(s: HostServices, hostId: string, label: string): Promise<void> {
  const session = s.registry.session(hostId);
  if (session === undefined) return;
  const { entries, recovered } = await session.history.read(hostId);
  if (recovered !== undefined) {
    s.log.warn(`${label}: history was corrupt (${recovered.reason}); moved to ${recovered.movedTo}`);
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'VPS Doctor: the history of {0} was damaged ({1}). It was moved to {2} and a new one started.',
        label,
        renderPhrase(recovered.reasonPhrase, displayLocalizer()),
        recovered.movedTo,
      ),
    );
  }
  s.tree.setHistory(hostId, entries);
}
