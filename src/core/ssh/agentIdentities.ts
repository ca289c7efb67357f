import {
  BaseAgent,
  createAgent,
  utils,
  type IdentityCallback,
  type ParsedKey,
  type SignCallback,
  type SigningRequestOptions,
} from 'ssh2';

/** The Win32-OpenSSH agent's named pipe (docs/security.md §1.4). */
export const WINDOWS_OPENSSH_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';

/**
 * Where the agent listens: `IdentityAgent` from the ssh config (`none` disables the agent,
 * `SSH_AUTH_SOCK` or `$VAR` name an environment variable), else `SSH_AUTH_SOCK`, else on
 * Windows the OpenSSH agent's pipe. `undefined` when there is no agent to ask.
 */
export function resolveAgentPath(
  identityAgent: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  platform: string,
): string | undefined {
  if (identityAgent !== undefined) {
    if (identityAgent === 'none') return undefined;
    if (identityAgent === 'SSH_AUTH_SOCK') return env.SSH_AUTH_SOCK || undefined;
    if (identityAgent.startsWith('$')) return env[identityAgent.slice(1).replace(/^\{(.*)\}$/, '$1')] || undefined;
    return identityAgent;
  }
  if (env.SSH_AUTH_SOCK) return env.SSH_AUTH_SOCK;
  return platform === 'win32' ? WINDOWS_OPENSSH_AGENT_PIPE : undefined;
}

function publicBlob(key: unknown): Buffer | undefined {
  if (Buffer.isBuffer(key)) return key;
  const parsed = utils.parseKey(key as ParsedKey);
  if (parsed instanceof Error) return undefined;
  return (Array.isArray(parsed) ? parsed[0] : parsed)?.getPublicSSH();
}

/**
 * An agent that asks the real one for its identities once per login and can hide all but an
 * allowed set: OpenSSH's `IdentitiesOnly yes` lets the agent sign only for the IdentityFiles'
 * keys, which also keeps an agent with many keys from hitting `MaxAuthTries`.
 */
export class SelectiveAgent extends BaseAgent {
  private identities: Promise<unknown[]> | undefined;

  /** @param allowed public blobs to offer; `undefined` offers every key the agent holds */
  constructor(
    private readonly inner: BaseAgent,
    private readonly allowed: readonly Buffer[] | undefined,
  ) {
    super();
  }

  static forPath(path: string, allowed: readonly Buffer[] | undefined): SelectiveAgent {
    return new SelectiveAgent(createAgent(path), allowed);
  }

  /** Whether the agent holds the key with this public blob (false when the agent cannot be reached). */
  async holds(blob: Buffer): Promise<boolean> {
    const keys = await this.list().catch(() => []);
    return keys.some((k) => publicBlob(k)?.equals(blob) === true);
  }

  getIdentities(cb: IdentityCallback): void {
    this.list().then(
      (keys) => cb(null, keys.filter((k) => this.offers(k)) as ParsedKey[]),
      (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
    );
  }

  sign(
    pubKey: ParsedKey | Buffer | string,
    data: Buffer,
    options: SigningRequestOptions | SignCallback,
    cb?: SignCallback,
  ): void {
    if (typeof options === 'function') this.inner.sign(pubKey, data, options);
    else this.inner.sign(pubKey, data, options, cb);
  }

  private offers(key: unknown): boolean {
    if (this.allowed === undefined) return true;
    const blob = publicBlob(key);
    return blob !== undefined && this.allowed.some((a) => a.equals(blob));
  }

  private list(): Promise<unknown[]> {
    this.identities ??= new Promise<unknown[]>((resolve, reject) => {
      this.inner.getIdentities((err, keys) => (err ? reject(err) : resolve(keys ?? [])));
    });
    return this.identities;
  }
}
