import { execFile } from 'node:child_process';
import { ownString } from '../ownCopy';
import { ok, parseErrorOf, type ParseError, type Result } from '../result';
import { phrase, renderPhrase, type Phrase } from '../../shared/l10n/phrase';
import type { ResolvedHost } from './sshConfig';
import { parsePort } from './sshConfigHostSpec';
import { convertSettings, type LocalFacts } from './sshConfigValues';

/** `ssh -G` could not run (`ENOENT`: no client, so fall back) or failed on the config. */
export interface SshGError {
  kind: 'ssh-g';
  /** True when the program is missing; the caller then uses the parser instead. */
  missing: boolean;
  message: string;
  /** `message` as an id plus parameters, for the front end's language. */
  phrase: Phrase;
}

/** ssh -G output: one `keyword value` per line; repeated keywords (identityfile) keep every value. */
export function parseSshGOutput(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const key = ownString(line.slice(0, space).toLowerCase());
    const list = settings.get(key) ?? [];
    // A value kept by a pooled host (its IdentityFile, its known_hosts paths) must not hold the whole output.
    list.push(ownString(line.slice(space + 1)));
    settings.set(key, list);
  }
  return settings;
}

/**
 * Runs `ssh -G [-F file] [-l user] [-p port] -- alias`, with argv and never a shell. This is the
 * most faithful resolution: OpenSSH itself applies Include, Host/Match, tokens and defaults
 * (docs/security.md §1.3). It runs `Match exec` lines as `ssh` would, so the config path must
 * come from the user, never from a workspace.
 */
export function resolveWithSshG(
  alias: string,
  opts: {
    sshPath: string;
    configFile?: string;
    env: NodeJS.ProcessEnv;
    user?: string;
    port?: number;
    timeoutMs?: number;
  },
  local: LocalFacts,
): Promise<Result<ResolvedHost, SshGError | ParseError>> {
  const args = ['-G'];
  if (opts.configFile !== undefined) args.push('-F', opts.configFile);
  if (opts.user !== undefined) args.push('-l', opts.user);
  if (opts.port !== undefined) args.push('-p', String(opts.port));
  args.push('--', alias);
  return new Promise((resolve) => {
    execFile(
      opts.sshPath,
      args,
      { env: opts.env, timeout: opts.timeoutMs ?? 10_000, windowsHide: true, maxBuffer: 1 << 20, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
          const detail =
            stderr
              .trim()
              .split('\n')
              .filter((l) => !/^Pseudo-terminal/.test(l))
              .join('; ') || err.message;
          const why = phrase('ssh -G {0} failed: {1}', alias, detail);
          resolve({ ok: false, error: { kind: 'ssh-g', missing, message: renderPhrase(why), phrase: why } });
          return;
        }
        resolve(fromSshG(alias, parseSshGOutput(stdout), local, opts.env));
      },
    );
  });
}

function fromSshG(
  alias: string,
  raw: Map<string, string[]>,
  local: LocalFacts,
  env: NodeJS.ProcessEnv,
): Result<ResolvedHost> {
  const source = 'ssh -G';
  const hostName = raw.get('hostname')?.[0];
  const user = raw.get('user')?.[0];
  const portText = raw.get('port')?.[0] ?? '';
  const port = parsePort(portText);
  if (hostName === undefined || user === undefined)
    return parseErrorOf(source, 0, phrase('output lacks hostname or user'));
  if (port === undefined) return parseErrorOf(source, 0, phrase('invalid port {0}', JSON.stringify(portText)));
  const resolved = convertSettings(raw, { alias, hostName, user, port, source }, local, env, false, source);
  return resolved.ok ? ok(resolved.value) : resolved;
}
