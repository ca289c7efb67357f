import * as vscode from 'vscode';
import type { SessionPrompts } from '../sessions/sessionTypes';
import { hostKeyPromptText } from './promptText';
import type { RememberedPassphrases } from './rememberedPassphrases';

/**
 * The questions a connection asks, as VS Code dialogs. Answers are never logged: only that a
 * prompt was shown and whether it was answered.
 */
export function createSessionPrompts(log: vscode.LogOutputChannel, remembered?: RememberedPassphrases): SessionPrompts {
  return {
    hostKey: async (info) => {
      const text = hostKeyPromptText(info, vscode.l10n.t);
      log.info(`host key prompt for ${info.host}:${info.port}: ${info.keyType} ${info.fingerprint}`);
      // Modal with a single action: closing or Escape is Cancel, the default.
      const choice = await vscode.window.showWarningMessage(
        text.message,
        { modal: true, detail: text.detail },
        text.trust,
      );
      log.info(`host key ${info.fingerprint} ${choice === text.trust ? 'trusted by the user' : 'not trusted'}`);
      return choice === text.trust;
    },
    passphrase: async (keyPath, previousWasWrong) => {
      // Opt-in only: a remembered passphrase is used once; if it was wrong it is forgotten and the user is asked.
      const key = remembered?.enabled() ? await remembered.keyFor(keyPath) : undefined;
      if (remembered && key !== undefined) {
        if (!previousWasWrong) {
          const stored = await remembered.get(key);
          if (stored !== undefined) {
            log.info(`passphrase for ${keyPath} taken from VS Code's secret storage`);
            return stored;
          }
        } else {
          await remembered.forget(key);
        }
      }
      log.info(`passphrase prompt for ${keyPath}${previousWasWrong ? ' (previous one was wrong)' : ''}`);
      const answer = await vscode.window.showInputBox({
        password: true,
        ignoreFocusOut: true,
        title: vscode.l10n.t('VPS Doctor: key passphrase'),
        prompt: previousWasWrong
          ? vscode.l10n.t('That passphrase was wrong. Passphrase for {0}', keyPath)
          : key !== undefined
            ? vscode.l10n.t(
                "Passphrase for {0} (remembered in VS Code's secret storage, as you chose in settings)",
                keyPath,
              )
            : vscode.l10n.t('Passphrase for {0} (kept in memory for this session only)', keyPath),
      });
      if (answer !== undefined && remembered && key !== undefined) await remembered.store(key, answer);
      return answer;
    },
    password: async (where, previousWasWrong) => {
      log.info(`password prompt for ${where}${previousWasWrong ? ' (previous one was wrong)' : ''}`);
      return vscode.window.showInputBox({
        password: true,
        ignoreFocusOut: true,
        title: vscode.l10n.t('VPS Doctor: password'),
        prompt: previousWasWrong
          ? vscode.l10n.t('That password was wrong. Password for {0}', where)
          : vscode.l10n.t('Password for {0}', where),
      });
    },
    keyboardInteractive: async (where, round) => {
      log.info(`keyboard-interactive prompt from ${where} (${round.prompts.length} question(s))`);
      const answers: string[] = [];
      for (const p of round.prompts) {
        const answer = await vscode.window.showInputBox({
          password: !p.echo,
          ignoreFocusOut: true,
          title: round.name === '' ? vscode.l10n.t('VPS Doctor: {0}', where) : `${round.name} (${where})`,
          prompt: [round.instructions, p.prompt].filter((s) => s.trim() !== '').join(' '),
        });
        if (answer === undefined) return undefined;
        answers.push(answer);
      }
      return answers;
    },
  };
}
