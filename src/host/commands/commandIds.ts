/**
 * Every command the extension registers. Kept free of `vscode` so a unit test can check it against
 * package.json's `contributes.commands`; `registerCommands` takes a handler for each id, so the
 * compiler catches an id without a handler.
 */
export const COMMAND_IDS = [
  'vpsDoctor.beancounters.analyzeFile',
  'vpsDoctor.beancounters.copySudoersLine',
  'vpsDoctor.beancounters.explain',
  'vpsDoctor.beancounters.resetBaseline',
  'vpsDoctor.demo.start',
  'vpsDoctor.demo.stop',
  'vpsDoctor.hosts.add',
  'vpsDoctor.hosts.connect',
  'vpsDoctor.hosts.disconnect',
  'vpsDoctor.hosts.openSettings',
  'vpsDoctor.hosts.refresh',
  'vpsDoctor.hosts.remove',
  'vpsDoctor.hosts.sampleNow',
  'vpsDoctor.log.show',
  'vpsDoctor.ssh.forgetPassphrases',
  'vpsDoctor.probes.burst',
  'vpsDoctor.probes.diagnose',
  'vpsDoctor.probes.ping',
  'vpsDoctor.report.export',
  'vpsDoctor.report.open',
  'vpsDoctor.report.openFile',
  'vpsDoctor.hosts.forgetHostKey',
  'vpsDoctor.watch.start',
  'vpsDoctor.watch.stop',
  'vpsDoctor.watch.manage',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/**
 * The host a command was invoked on: a tree node carries `hostId`, a command link passes the id
 * itself. Undefined from the palette, where the command asks with a quick pick.
 */
export function hostIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg !== '') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { hostId?: unknown }).hostId === 'string')
    return (arg as { hostId: string }).hostId;
  return undefined;
}
