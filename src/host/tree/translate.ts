/**
 * `vscode.l10n.t` as the vscode-free models see it: the adapter passes the real one, tests pass
 * `formatMessage` (test/unit/fakeTranslate.ts), which fills `{0}`, `{1}`... the way `l10n.t` does without a
 * translation bundle.
 */
export type Translate = (message: string, ...args: (string | number)[]) => string;
