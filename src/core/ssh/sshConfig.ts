import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { parseErrorOf, type ParseError, type Result } from '../result';
import { phrase } from '../../shared/l10n/phrase';
import type { HostSpec } from './sshConfigHostSpec';
import type { ConfigReadError } from './sshConfigInclude';
import { resolveWithParser } from './sshConfigParser';
import { resolveWithSshG, type SshGError } from './sshConfigSshG';
import { localFacts } from './sshConfigValues';

export { listConfigHosts } from './sshConfigParser';
export { parseHostSpec, parseProxyJump, type HostSpec } from './sshConfigHostSpec';

/** The effective ssh settings for one host, as OpenSSH would use them. Times are in seconds. */
export interface ResolvedHost {
  /** The name that was resolved (a `Host` alias, or a plain host name). */
  alias: string;
  /** The lower-cased HostName: what to connect to and what known_hosts is checked against. */
  hostName: string;
  user: string;
  port: number;
  /** Private key files in order, `~`, `${VAR}` and `%` tokens expanded, without repeats. */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** A socket/pipe path (expanded), or `SSH_AUTH_SOCK`, `$VAR`, `none` as written. */
  identityAgent?: string;
  /** Jump hosts in connection order; each must be resolved again by its own host name. */
  proxyJump: HostSpec[];
  /** Expanded paths; `none` removed. */
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  /** `ssh -G`'s `true`/`false` are reported as `yes`/`no`. */
  strictHostKeyChecking: 'yes' | 'no' | 'ask' | 'accept-new';
  /** Lower-cased, as OpenSSH uses it. */
  hostKeyAlias?: string;
  hashKnownHosts: boolean;
  /** Seconds; absent when keepalive is off (0). */
  serverAliveInterval?: number;
  /** Present only with `serverAliveInterval` (OpenSSH default 3). */
  serverAliveCountMax?: number;
  /** Seconds; absent when unset. */
  connectTimeout?: number;
  /** As written; running it is the caller's decision (docs/security.md §1.7). */
  proxyCommand?: string;
  /** Unsupported: a caller must refuse to verify host keys for such a host (fail closed, §1.2). */
  knownHostsCommand?: string;
  source: 'ssh -G' | 'parser';
}

export type ResolveError = ParseError | SshGError | ConfigReadError;

export interface ResolveOptions {
  /** Like `ssh -F`: read only this file. Default: `~/.ssh/config`, then the system file. */
  configFile?: string;
  /** The ssh client; `undefined` looks for `ssh` on PATH, `null` never runs one. */
  sshPath?: string | null;
  /** The environment for `ssh -G`, PATH lookup and `${VAR}` expansion. */
  env: NodeJS.ProcessEnv;
  /** Like `ssh -l` / `ssh -p`: wins over the config (hosts added by hand as user@host:port). */
  user?: string;
  port?: number;
  /** Parser only: overrides for the home directory, local user and `$SYSCONF` (tests). */
  home?: string;
  localUser?: string;
  sysconfDir?: string;
  /** Time allowed for `ssh -G`, in ms (default 10000). */
  timeoutMs?: number;
}

/** An alias `ssh` can never read as an option or reject as a host: no leading `-`, no spaces or controls. */
const SAFE_ALIAS = /^[^-\s\x00-\x1f\x7f][^\s\x00-\x1f\x7f]{0,254}$/;

async function findOnPath(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const names = process.platform === 'win32' ? ['ssh.exe'] : ['ssh'];
  for (const dir of (env['PATH'] ?? env['Path'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const n of names) {
      const candidate = join(dir, n);
      if (
        await access(candidate, constants.X_OK).then(
          () => true,
          () => false,
        )
      )
        return candidate;
    }
  }
  return undefined;
}

/**
 * Resolves a host like OpenSSH: `ssh -G` when an ssh client exists, else the `ssh-config` package
 * with our Include and token expansion. A config error is an error, never a silent default.
 */
export async function resolveHost(alias: string, opts: ResolveOptions): Promise<Result<ResolvedHost, ResolveError>> {
  if (!SAFE_ALIAS.test(alias)) return parseErrorOf('host', 0, phrase('invalid host alias {0}', JSON.stringify(alias)));
  const local = localFacts(opts);
  const sshPath = opts.sshPath === null ? undefined : (opts.sshPath ?? (await findOnPath(opts.env)));
  if (sshPath !== undefined) {
    const viaSsh = await resolveWithSshG(alias, { ...opts, sshPath }, local);
    if (viaSsh.ok || viaSsh.error.kind !== 'ssh-g' || !viaSsh.error.missing) return viaSsh;
  }
  return resolveWithParser(alias, opts, local);
}
