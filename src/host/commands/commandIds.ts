/**
 * Every command the extension registers. Kept free of `vscode` so a unit test can check it against
 * package.json's `contributes.commands`; `registerCommands` takes a handler for each id, so the
 * compiler catches an id without a handler.
 */
export const COMMAND_IDS = [
  'vpsDoctor.beancounters.analyzeFile',
  'vpsDoctor.hosts.refresh',
  'vpsDoctor.hosts.openSettings',
  'vpsDoctor.log.show',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
