import type { Translate } from '../../src/host/tree/translate';

/** `vscode.l10n.t` without a translation bundle: fills `{0}`, `{1}`... with the arguments, as the models' tests need. */
export const formatMessage: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
