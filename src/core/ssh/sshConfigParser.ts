import { homedir } from 'node:os';
import { join } from 'node:path';
import { ok, parseErrorOf, type Result } from '../result';
import { phrase } from '../../shared/l10n/phrase';
import type { ResolvedHost } from './sshConfig';
import { parsePort } from './sshConfigHostSpec';
import { type ConfigFile, type ConfigReadError, readConfigFiles } from './sshConfigInclude';
import { convertSettings, defaultSysconfDir, type LocalFacts } from './sshConfigValues';

/**
 * Resolution without an ssh client: the `ssh-config` package's `compute()` over our
 * Include-expanded config, with `Match exec` never run (docs/security.md §1.3).
 * Known gaps, all documented there: `?` in `Match host` patterns matches zero or one character,
 * CanonicalizeHostName is not performed, `Include` inside a `Match` block is refused.
 */
export async function resolveWithParser(
  alias: string,
  opts: { configFile?: string; env: NodeJS.ProcessEnv; user?: string; port?: number; sysconfDir?: string },
  local: LocalFacts,
): Promise<Result<ResolvedHost, ConfigReadError>> {
  const userDir = join(local.home, '.ssh');
  const sysconf = opts.sysconfDir ?? defaultSysconfDir(opts.env);
  // With -F only that file is read; otherwise the user's file, then the system's (first value wins).
  const files: ConfigFile[] =
    opts.configFile !== undefined
      ? [{ path: opts.configFile, includeBase: userDir, required: true }]
      : [
          { path: join(userDir, 'config'), includeBase: userDir, required: false },
          { path: join(sysconf, 'ssh_config'), includeBase: sysconf, required: false },
        ];
  const config = await readConfigFiles(files, alias, local.home);
  if (!config.ok) return config;
  const source = opts.configFile ?? files[0]!.path;

  const computed = config.value.compute(opts.user !== undefined ? { Host: alias, User: opts.user } : { Host: alias }, {
    ignoreCase: true,
    matchExec: false,
  });
  const raw = new Map<string, string[]>();
  for (const [k, v] of Object.entries(computed)) raw.set(k, Array.isArray(v) ? v : [v]);
  const first = (k: string) => raw.get(k)?.[0];

  // HostName tokens were expanded while reading (sshConfigInclude.ts `prepare`).
  const hostName = first('hostname') ?? alias;
  let port = opts.port;
  if (port === undefined) {
    const text = first('port') ?? '22';
    port = parsePort(text);
    if (port === undefined)
      return parseErrorOf(source, 0, phrase('invalid {0} value {1}', 'Port', JSON.stringify(text)));
  }
  const user = opts.user ?? first('user') ?? local.localUser;
  return convertSettings(
    raw,
    { alias, hostName: hostName.toLowerCase(), user, port, source: 'parser' },
    local,
    opts.env,
    true,
    source,
  );
}

/**
 * The `Host` entries of a config file and the files it includes, without wildcard or negated
 * patterns: the hosts worth listing in a tree. In file order, without repeats.
 */
export async function listConfigHosts(
  configFile: string,
  opts: { home?: string } = {},
): Promise<Result<string[], ConfigReadError>> {
  const home = opts.home ?? homedir();
  const config = await readConfigFiles(
    [{ path: configFile, includeBase: join(home, '.ssh'), required: false }],
    undefined,
    home,
  );
  if (!config.ok) return config;
  const hosts: string[] = [];
  for (const line of config.value) {
    if (line.type !== 1 || !/^host$/i.test(line.param)) continue;
    const values = Array.isArray(line.value) ? line.value.map((v) => v.val) : [line.value];
    for (const v of values) if (!/[*?!]/.test(v) && !hosts.includes(v)) hosts.push(v);
  }
  return ok(hosts);
}
