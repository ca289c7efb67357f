import type {
  AnyAuthMethod,
  AuthenticationType,
  AuthHandlerMiddleware,
  KeyboardInteractiveCallback,
  ParsedKey,
  Prompt,
} from 'ssh2';
import { SelectiveAgent } from './agentIdentities';
import { identityPublicBlob, loadIdentity } from './identityFile';
import type { Phrase } from '../../shared/l10n/phrase';

/** Password tries per login (OpenSSH's NumberOfPasswordPrompts default). */
const MAX_PASSWORD_TRIES = 3;

/** Questions the login may need to ask. Each resolves `undefined` when the user cancels. */
export interface AuthPrompts {
  /** Passphrase of an encrypted IdentityFile; asked again (bounded) after a wrong one. */
  promptPassphrase?: (keyPath: string, previousWasWrong: boolean) => Promise<string | undefined>;
  /** Password for `where` (`user@host:port`). */
  promptPassword?: (where: string, previousWasWrong: boolean) => Promise<string | undefined>;
  /** One keyboard-interactive round (there may be several, e.g. a password then an OTP). */
  keyboardInteractive?: (
    where: string,
    round: { name: string; instructions: string; prompts: readonly { prompt: string; echo: boolean }[] },
  ) => Promise<string[] | undefined>;
}

/** One hop's login settings, from its resolved ssh config. */
export interface LoginTarget {
  user: string;
  /** `user@host:port`, for prompts and messages. */
  where: string;
  identityFiles: readonly string[];
  identitiesOnly: boolean;
  /** The agent socket or pipe (see `resolveAgentPath`), if any. */
  agentPath?: string;
}

export interface LoginDeps {
  readFile(path: string): Promise<Buffer>;
  duringPrompt<T>(prompt: () => Promise<T>): Promise<T>;
  keyCache: Map<string, ParsedKey>;
}

/** What the login learned on the way, used to explain a failure. */
export interface LoginNotes {
  /** The user dismissed a prompt; the login stopped there. */
  cancelled: boolean;
  notes: Phrase[];
}

type Step = (left: readonly AuthenticationType[]) => Promise<AnyAuthMethod | undefined>;

/**
 * Builds ssh2's `authHandler` for one hop: `none` first (learns the allowed methods without
 * counting against MaxAuthTries), then IdentityFile keys, the agent (only the IdentityFiles' keys
 * under IdentitiesOnly), keyboard-interactive, and a password last (docs/security.md §1.4).
 * Methods the server does not list are skipped; a dismissed prompt ends the login.
 */
export function createAuthHandler(
  target: LoginTarget,
  prompts: AuthPrompts,
  deps: LoginDeps,
): { handler: AuthHandlerMiddleware; notes: LoginNotes } {
  const notes: LoginNotes = { cancelled: false, notes: [] };
  const username = target.user;
  let agent: Promise<SelectiveAgent | undefined> | undefined;
  const getAgent = (): Promise<SelectiveAgent | undefined> => {
    agent ??= makeAgent(target, deps);
    return agent;
  };

  const steps: Step[] = [async () => ({ type: 'none', username })];
  for (const path of target.identityFiles) {
    steps.push(async (left) => {
      if (!left.includes('publickey')) return undefined;
      const loaded = await loadIdentity(path, {
        ...deps,
        cache: deps.keyCache,
        promptPassphrase: prompts.promptPassphrase,
        agentHolds: async (blob) => (await getAgent())?.holds(blob) ?? false,
      });
      if (loaded.kind === 'cancelled') notes.cancelled = true;
      if (loaded.kind === 'skip' && loaded.note) notes.notes.push(loaded.note);
      return loaded.kind === 'key' ? { type: 'publickey', username, key: loaded.key } : undefined;
    });
  }
  steps.push(async (left) => {
    const a = left.includes('publickey') ? await getAgent() : undefined;
    return a ? { type: 'agent', username, agent: a } : undefined;
  });
  const ask = prompts.keyboardInteractive;
  if (ask) {
    steps.push(async (left) =>
      left.includes('keyboard-interactive')
        ? {
            type: 'keyboard-interactive',
            username,
            prompt: (
              name: string,
              instructions: string,
              _lang: string,
              ps: Prompt[],
              finish: KeyboardInteractiveCallback,
            ) => {
              const round = {
                name,
                instructions,
                prompts: ps.map((p) => ({ prompt: p.prompt, echo: p.echo === true })),
              };
              deps
                .duringPrompt(() => ask(target.where, round))
                .then(
                  (answers) => {
                    if (answers === undefined) notes.cancelled = true;
                    finish(answers ?? []);
                  },
                  () => finish([]),
                );
            },
          }
        : undefined,
    );
  }
  const askPassword = prompts.promptPassword;
  if (askPassword) {
    for (let i = 0; i < MAX_PASSWORD_TRIES; i++) {
      steps.push(async (left) => {
        if (!left.includes('password')) return undefined;
        const password = await deps.duringPrompt(() => askPassword(target.where, i > 0));
        if (password === undefined) notes.cancelled = true;
        return password === undefined ? undefined : { type: 'password', username, password };
      });
    }
  }

  let cursor = 0;
  const nextMethod = async (left: readonly AuthenticationType[]): Promise<AnyAuthMethod | false> => {
    while (cursor < steps.length && !notes.cancelled) {
      const method = await steps[cursor++](left);
      if (method && !notes.cancelled) return method;
    }
    return false;
  };
  const handler: AuthHandlerMiddleware = (methodsLeft, _partialSuccess, next) => {
    // ssh2 passes null before the first attempt; the first step ('none') ignores the list.
    // ssh2 takes `false` for "no more methods" (README, authHandler); the typings omit it.
    const done = next as (method: AnyAuthMethod | false) => void;
    nextMethod(methodsLeft ?? []).then(done, () => done(false));
  };
  return { handler, notes };
}

async function makeAgent(target: LoginTarget, deps: LoginDeps): Promise<SelectiveAgent | undefined> {
  if (!target.agentPath) return undefined;
  if (!target.identitiesOnly) return SelectiveAgent.forPath(target.agentPath, undefined);
  const blobs = await Promise.all(target.identityFiles.map((p) => identityPublicBlob(p, deps.readFile)));
  const allowed = blobs.filter((b): b is Buffer => b !== undefined);
  return allowed.length > 0 ? SelectiveAgent.forPath(target.agentPath, allowed) : undefined;
}
