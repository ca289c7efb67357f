import * as vscode from 'vscode';
import { sshErrorText } from '../../core/ssh/sshErrors';
import { displayLocalizer } from '../l10n';
import type { CommandId } from './commandIds';

export type CommandHandler = (...args: unknown[]) => unknown;

/**
 * Runs user-started work inside the error boundary: a failure is logged and shown once, a user's cancel
 * stays silent. Returns undefined then.
 */
export async function guarded<T>(
  name: string,
  log: vscode.LogOutputChannel,
  work: () => T | Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof vscode.CancellationError) return undefined;
    // The log keeps the English message; the notification words an SSH error in the display language.
    log.error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('VPS Doctor: {0}', sshErrorText(err, displayLocalizer())));
    return undefined;
  }
}

/** Registers one handler per command id, each inside the error boundary of {@link guarded}. */
export function registerCommands(
  handlers: Record<CommandId, CommandHandler>,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return (Object.keys(handlers) as CommandId[]).map((id) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => guarded(id, log, () => handlers[id](...args))),
  );
}
