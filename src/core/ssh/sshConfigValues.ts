import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { ok, parseError, parseErrorOf, type Result } from '../result';
import { phrase } from '../../shared/l10n/phrase';
import type { ResolvedHost } from './sshConfig';
import { parseProxyJump } from './sshConfigHostSpec';
import { expandPath, type TokenValues } from './sshConfigTokens';

/**
 * Turning ssh_config values (as written, or as `ssh -G` prints them) into the typed fields of
 * `ResolvedHost`. Shared by both resolution paths so they agree on every conversion.
 */

/** Where OpenSSH looks for system files: `/etc/ssh`, or `%ProgramData%\ssh` on Windows. */
export function defaultSysconfDir(env: NodeJS.ProcessEnv): string {
  return process.platform === 'win32' ? join(env['ProgramData'] ?? 'C:\\ProgramData', 'ssh') : '/etc/ssh';
}

/** The local facts tokens need, from the operating system (OpenSSH reads the passwd entry, not $HOME). */
export interface LocalFacts {
  home: string;
  localUser: string;
  uid: number;
  localHostName: string;
}

export function localFacts(overrides: { home?: string; localUser?: string }): LocalFacts {
  let info: { username: string; homedir: string; uid: number };
  try {
    info = userInfo();
  } catch {
    info = { username: '', homedir: '', uid: -1 };
  }
  return {
    home: overrides.home ?? info.homedir,
    localUser: overrides.localUser ?? info.username,
    uid: info.uid,
    localHostName: hostname(),
  };
}

/** The keys `ssh` tries when no IdentityFile is configured, in the order `ssh -G` (OpenSSH 9.2) lists them. */
export const DEFAULT_IDENTITY_FILES = [
  'id_rsa',
  'id_ecdsa',
  'id_ecdsa_sk',
  'id_ed25519',
  'id_ed25519_sk',
  'id_xmss',
  'id_dsa',
].map((n) => `~/.ssh/${n}`);

/**
 * OpenSSH `convtime`: seconds, or a sequence like `1h30m` (s, m, h, d, w; case-insensitive).
 * @returns seconds, or undefined when malformed
 */
export function parseTimeSeconds(text: string): number | undefined {
  if (!/^(?:[0-9]+[smhdwSMHDW]?)+$/.test(text)) return undefined;
  const unit: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  for (const [, n, u] of text.matchAll(/([0-9]+)([smhdwSMHDW]?)/g)) total += Number(n) * unit[(u ?? '').toLowerCase()]!;
  return Number.isSafeInteger(total) ? total : undefined;
}

export function parseYesNo(text: string | undefined, fallback: boolean): boolean | undefined {
  if (text === undefined) return fallback;
  const v = text.toLowerCase();
  return v === 'yes' || v === 'true' ? true : v === 'no' || v === 'false' ? false : undefined;
}

/** `ssh -G` prints `true`/`false` for yes/no; `off` is an old spelling of `no`. */
export function parseStrict(text: string | undefined): ResolvedHost['strictHostKeyChecking'] | undefined {
  const v = (text ?? 'ask').toLowerCase();
  if (v === 'yes' || v === 'true') return 'yes';
  if (v === 'no' || v === 'false' || v === 'off') return 'no';
  return v === 'ask' || v === 'accept-new' ? v : undefined;
}

/** Settings by lower-case keyword, each with its values in order (first wins for single-valued keywords). */
export type RawSettings = ReadonlyMap<string, readonly string[]>;

/**
 * The fields that both paths convert alike. `expandOthers` is false for `ssh -G`, which has
 * already expanded known_hosts paths and IdentityAgent; IdentityFile is expanded in both.
 */
export function convertSettings(
  raw: RawSettings,
  base: { alias: string; hostName: string; user: string; port: number; source: ResolvedHost['source'] },
  local: LocalFacts,
  env: NodeJS.ProcessEnv,
  expandOthers: boolean,
  source: string,
): Result<ResolvedHost> {
  const first = (k: string) => raw.get(k)?.[0];
  const bad = (k: string, v: string) => parseErrorOf(source, 0, phrase('invalid {0} value {1}', k, JSON.stringify(v)));
  const proxyJumpText = first('proxyjump') ?? '';
  const hostKeyAlias = first('hostkeyalias')?.toLowerCase();
  const tokens: TokenValues = {
    ...local,
    hostName: base.hostName,
    originalHost: base.alias,
    port: base.port,
    remoteUser: base.user,
    proxyJump: proxyJumpText,
    hostKeyAlias,
  };
  const expandAll = (values: readonly string[]): Result<string[]> => {
    const out: string[] = [];
    for (const v of values) {
      const e = expandPath(v, tokens, env);
      if (!e.ok) return parseError(source, 0, e.error.message, e.error.phrase);
      out.push(e.value);
    }
    return ok(out);
  };

  const identity = expandAll(raw.get('identityfile') ?? DEFAULT_IDENTITY_FILES);
  if (!identity.ok) return identity;
  const hops = parseProxyJump(proxyJumpText, `${source}: ProxyJump`);
  if (!hops.ok) return hops;
  const listed = (k: string, fallback: string[]): Result<string[]> => {
    const values = (raw.get(k) ?? fallback)
      .flatMap((v) => v.split(/\s+/))
      .filter((v) => v !== '' && v.toLowerCase() !== 'none');
    return expandOthers ? expandAll(values) : ok(values);
  };
  const userKh = listed('userknownhostsfile', ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']);
  if (!userKh.ok) return userKh;
  const sysconf = defaultSysconfDir(env);
  const globalKh = listed('globalknownhostsfile', [
    join(sysconf, 'ssh_known_hosts'),
    join(sysconf, 'ssh_known_hosts2'),
  ]);
  if (!globalKh.ok) return globalKh;

  const strict = parseStrict(first('stricthostkeychecking'));
  if (strict === undefined) return bad('StrictHostKeyChecking', first('stricthostkeychecking')!);
  const identitiesOnly = parseYesNo(first('identitiesonly'), false);
  if (identitiesOnly === undefined) return bad('IdentitiesOnly', first('identitiesonly')!);
  const hash = parseYesNo(first('hashknownhosts'), false);
  if (hash === undefined) return bad('HashKnownHosts', first('hashknownhosts')!);

  const resolved: ResolvedHost = {
    ...base,
    identityFiles: [...new Set(identity.value)],
    identitiesOnly,
    proxyJump: hops.value,
    userKnownHostsFiles: userKh.value,
    globalKnownHostsFiles: globalKh.value,
    strictHostKeyChecking: strict,
    hashKnownHosts: hash,
  };
  if (hostKeyAlias) resolved.hostKeyAlias = hostKeyAlias;

  const agent = first('identityagent');
  if (agent !== undefined) {
    // SSH_AUTH_SOCK, none and $VAR are instructions to the agent lookup, not paths (ssh_config(5)).
    const literal =
      !expandOthers ||
      agent === 'none' ||
      agent === 'SSH_AUTH_SOCK' ||
      (agent.startsWith('$') && !agent.startsWith('${'));
    const e = literal ? ok(agent) : expandPath(agent, tokens, env);
    if (!e.ok) return parseError(source, 0, e.error.message, e.error.phrase);
    resolved.identityAgent = e.value;
  }
  const interval = first('serveraliveinterval');
  if (interval !== undefined) {
    const s = parseTimeSeconds(interval);
    if (s === undefined) return bad('ServerAliveInterval', interval);
    if (s > 0) {
      resolved.serverAliveInterval = s;
      const count = first('serveralivecountmax') ?? '3';
      if (!/^[0-9]{1,6}$/.test(count)) return bad('ServerAliveCountMax', count);
      resolved.serverAliveCountMax = Number(count);
    }
  }
  const timeout = first('connecttimeout');
  if (timeout !== undefined && timeout !== 'none') {
    const s = parseTimeSeconds(timeout);
    if (s === undefined) return bad('ConnectTimeout', timeout);
    if (s > 0) resolved.connectTimeout = s;
  }
  for (const [key, field] of [
    ['proxycommand', 'proxyCommand'],
    ['knownhostscommand', 'knownHostsCommand'],
  ] as const) {
    const v = first(key);
    if (v !== undefined && v.toLowerCase() !== 'none') resolved[field] = v;
  }
  return ok(resolved);
}
