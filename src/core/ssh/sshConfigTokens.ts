import { createHash } from 'node:crypto';
import { ok, parseErrorOf, type Result } from '../result';
import { phrase } from '../../shared/l10n/phrase';

/**
 * `~`, `%x` and `${VAR}` expansion for path-like ssh_config values (ssh_config(5) "TOKENS" and
 * "ENVIRONMENT VARIABLES"), done by us because the `ssh-config` package does none of it and
 * `ssh -G` leaves IdentityFile unexpanded (docs/security.md §1.3).
 */
export interface TokenValues {
  /** %d: local home directory. */
  home: string;
  /** %h: remote host name (after HostName). */
  hostName: string;
  /** %n: the host as given, before HostName. */
  originalHost: string;
  /** %p */
  port: number;
  /** %r: remote user. */
  remoteUser: string;
  /** %u: local user. */
  localUser: string;
  /** %l: local host name, including the domain. */
  localHostName: string;
  /** %i: local user id. */
  uid: number;
  /** %k: HostKeyAlias, or the host as given. */
  hostKeyAlias?: string;
  /** %j: the ProxyJump value as written, or '' when none. */
  proxyJump: string;
}

function tokenTable(t: TokenValues): Record<string, string> {
  const short = t.localHostName.split('.')[0] ?? t.localHostName;
  // %C as OpenSSH 9.x computes it: SHA-1 of %l%h%p%r%j, hex.
  const c = createHash('sha1')
    .update(`${t.localHostName}${t.hostName}${t.port}${t.remoteUser}${t.proxyJump}`)
    .digest('hex');
  return {
    '%': '%',
    d: t.home,
    h: t.hostName,
    n: t.originalHost,
    p: String(t.port),
    r: t.remoteUser,
    u: t.localUser,
    l: t.localHostName,
    L: short,
    i: String(t.uid),
    k: t.hostKeyAlias ?? t.originalHost,
    j: t.proxyJump,
    C: c,
  };
}

/** `~` or `~/...` becomes the home directory (OpenSSH `tilde_expand_filename`; `~user` is not supported). */
export function expandTilde(path: string, home: string): Result<string> {
  if (path === '~') return ok(home);
  if (path.startsWith('~/')) return ok(home.replace(/\/+$/, '') + path.slice(1));
  if (path.startsWith('~'))
    return parseErrorOf('ssh config', 0, phrase('cannot expand {0}: only ~/ is supported', JSON.stringify(path)));
  return ok(path);
}

/**
 * Expands `~`, then `${VAR}`, then `%x` tokens. An unknown token or an unset variable is an
 * error, as it is for OpenSSH (it refuses the value rather than guess).
 * @param allowed the token letters this keyword accepts (e.g. only `%h` for HostName)
 */
export function expandPath(value: string, t: TokenValues, env: NodeJS.ProcessEnv, allowed?: string): Result<string> {
  const tilde = expandTilde(value, t.home);
  if (!tilde.ok) return tilde;
  let missing: string | undefined;
  const withEnv = tilde.value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const v = env[name];
    if (v === undefined) missing ??= name;
    return v ?? '';
  });
  if (missing !== undefined)
    return parseErrorOf(
      'ssh config',
      0,
      phrase('environment variable {0} in {1} is not set', missing, JSON.stringify(value)),
    );
  return expandTokens(withEnv, t, allowed);
}

/** `%x` expansion only (`%%` is a literal `%`). */
export function expandTokens(value: string, t: TokenValues, allowed?: string): Result<string> {
  const table = tokenTable(t);
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '%') {
      out += value[i];
      continue;
    }
    const key = value[++i];
    const replacement = key === undefined ? undefined : table[key];
    if (
      key === undefined ||
      replacement === undefined ||
      (allowed !== undefined && key !== '%' && !allowed.includes(key))
    ) {
      return parseErrorOf('ssh config', 0, phrase('unknown token {0} in {1}', `%${key ?? ''}`, JSON.stringify(value)));
    }
    out += replacement;
  }
  return ok(out);
}
