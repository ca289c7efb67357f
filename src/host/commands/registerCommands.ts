import * as vscode from 'vscode';
import type { CommandId } from './commandIds';

export type CommandHandler = (...args: unknown[]) => unknown;

/**
 * Registers one handler per command id inside one error boundary: failures are logged and shown once,
 * a user's cancel stays silent.
 */
export function registerCommands(
  handlers: Record<CommandId, CommandHandler>,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return (Object.keys(handlers) as CommandId[]).map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handlers[id](...args);
      } catch (err) {
        if (err instanceof vscode.CancellationError) return undefined;
        const message = err instanceof Error ? err.message : String(err);
        log.error(`${id}: ${message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('VPS Doctor: {0}', message));
        return undefined;
      }
    }),
  );
}
