/**
 * Just enough of the `vscode` API to activate the bundled extension in plain Node: records what the
 * extension registers and shows, answers dialogs from a script. Used by hostActivation.test.ts; the
 * smaller `useFakeVscode` serves tests of single host modules.
 */
import Module from 'node:module';
type Listener<T> = (e: T) => void;

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  event = (l: Listener<T>) => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export interface FakeVscodeRecord {
  commands: Map<string, (...args: unknown[]) => unknown>;
  treeProviders: Map<
    string,
    { getChildren(e?: unknown): unknown; getTreeItem(e: unknown): unknown; onDidChangeTreeData?: unknown }
  >;
  messages: { level: 'info' | 'warn' | 'error'; message: string; options?: unknown }[];
  log: string[];
  statusTexts: string[];
  settings: Record<string, unknown>;
  /** Answers to modal/notification messages, by the start of the message; default: dismissed. */
  answers: { match: string; answer: string | undefined }[];
  /** Ids of the webview views registered. */
  webviewViews: string[];
  /** Presses Cancel on every progress notification still running. */
  cancelProgress: () => void;
}

export function createFakeVscode(record: FakeVscodeRecord) {
  const disposable = { dispose() {} };
  const answer = (level: 'info' | 'warn' | 'error', message: string, rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null ? rest[0] : undefined;
    record.messages.push({ level, message, options });
    return Promise.resolve(record.answers.find((a) => message.startsWith(a.match))?.answer);
  };
  const channel = {
    info: (m: string) => record.log.push(`info ${m}`),
    warn: (m: string) => record.log.push(`warn ${m}`),
    error: (m: string) => record.log.push(`error ${m}`),
    debug: () => undefined,
    trace: () => undefined,
    show: () => undefined,
    dispose: () => undefined,
  };
  class TreeItem {
    id?: string;
    contextValue?: string;
    description?: string;
    tooltip?: unknown;
    iconPath?: unknown;
    command?: unknown;
    constructor(
      public label: string,
      public collapsibleState: number,
    ) {}
  }
  class ThemeIcon {
    constructor(
      public id: string,
      public color?: unknown,
    ) {}
  }
  class ThemeColor {
    constructor(public id: string) {}
  }
  class MarkdownString {
    isTrusted = false;
    supportHtml = false;
    constructor(public value: string) {}
  }
  class CancellationError extends Error {}
  const fill = (message: string, ...args: unknown[]) =>
    message.replace(/\{(\d+)\}/g, (w, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : w));
  return {
    EventEmitter,
    TreeItem,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    CancellationError,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ExtensionKind: { UI: 1, Workspace: 2 },
    Uri: {
      file: (fsPath: string) => ({ fsPath, scheme: 'file' }),
      joinPath: (base: { fsPath: string }, ...parts: string[]) => ({
        fsPath: [base.fsPath, ...parts].join('/'),
        scheme: 'file',
      }),
    },
    l10n: { t: fill },
    // A local window: no remote, so the extension runs on the UI side.
    env: { clipboard: { writeText: async () => undefined }, remoteName: undefined as string | undefined },
    window: {
      createOutputChannel: () => channel,
      createTreeView: (
        id: string,
        opts: { treeDataProvider: FakeVscodeRecord['treeProviders'] extends Map<string, infer P> ? P : never },
      ) => {
        record.treeProviders.set(id, opts.treeDataProvider);
        return {
          visible: true,
          onDidChangeVisibility: () => disposable,
          onDidChangeSelection: () => disposable,
          dispose() {},
        };
      },
      registerTreeDataProvider: () => disposable,
      registerWebviewPanelSerializer: () => disposable,
      registerWebviewViewProvider: (id: string) => {
        record.webviewViews.push(id);
        return disposable;
      },
      createStatusBarItem: () => {
        const item = {
          text: '',
          show: () => record.statusTexts.push(item.text),
          hide: () => undefined,
          dispose: () => undefined,
        };
        return item;
      },
      showInformationMessage: (m: string, ...rest: unknown[]) => answer('info', m, rest),
      showWarningMessage: (m: string, ...rest: unknown[]) => answer('warn', m, rest),
      showErrorMessage: (m: string, ...rest: unknown[]) => answer('error', m, rest),
      showQuickPick: async () => undefined,
      showInputBox: async () => undefined,
      withProgress: async (_o: unknown, task: (p: unknown, token: unknown) => Promise<unknown>) => {
        const cancelled = new EventEmitter<void>();
        const token = { isCancellationRequested: false, onCancellationRequested: cancelled.event };
        const previous = record.cancelProgress;
        record.cancelProgress = () => {
          previous();
          token.isCancellationRequested = true;
          cancelled.fire();
        };
        return task({ report() {} }, token);
      },
    },
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        record.commands.set(id, fn);
        return { dispose: () => record.commands.delete(id) };
      },
      executeCommand: async (id: string, ...args: unknown[]) => record.commands.get(id)?.(...args),
    },
    workspace: {
      getConfiguration: (section: string) => ({
        get: <T>(key: string, fallback: T): T =>
          Object.hasOwn(record.settings, `${section}.${key}`) ? (record.settings[`${section}.${key}`] as T) : fallback,
        update: async (key: string, value: unknown) => {
          record.settings[`${section}.${key}`] = value;
        },
      }),
      onDidChangeConfiguration: () => disposable,
      openTextDocument: async (o: unknown) => ({ uri: { scheme: 'untitled' }, ...(o as object) }),
      fs: { readFile: async () => new Uint8Array() },
    },
  };
}

export function emptyRecord(settings: Record<string, unknown> = {}): FakeVscodeRecord {
  return {
    commands: new Map(),
    treeProviders: new Map(),
    messages: [],
    log: [],
    statusTexts: [],
    settings,
    answers: [],
    webviewViews: [],
    cancelProgress: () => undefined,
  };
}

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

/** Routes `require('vscode')` to `fake` until the test ends, so host code runs without VS Code. */
export function useFakeVscode(t: { after(fn: () => void): void }, fake: unknown): void {
  const mod = Module as unknown as { _load: Loader };
  const original = mod._load;
  mod._load = function (request, parent, isMain) {
    return request === 'vscode' ? fake : original.call(this, request, parent, isMain);
  };
  t.after(() => {
    mod._load = original;
  });
}

/** `vscode.l10n.t` without a bundle: `{0}`, `{1}`… replaced by the arguments. */
export const l10nT = (s: string, ...args: unknown[]): string =>
  s.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));
