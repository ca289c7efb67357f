import { phrase, renderPhrase, type Phrase } from '../../shared/l10n/phrase';
import { parseErrorPhrase } from '../result';
import { parseHostSpec, resolveHost, type ResolvedHost, type ResolveError } from '../ssh/sshConfig';
import type { SshEndpoint } from '../ssh/sshEndpoint';
import { SshError } from '../ssh/sshErrors';
import type { HostTarget } from './sessionTypes';

/** The target and its ProxyJump hops, each resolved from the ssh config on its own (docs/security.md §1.7). */
export interface ResolvedTarget {
  target: ResolvedHost;
  /** In connection order. */
  jumps: ResolvedHost[];
}

/** A resolve error as `source:line: message`, its message in the front end's language when it has a phrase. */
function describe(err: ResolveError): Phrase {
  return err.kind === 'parse' ? parseErrorPhrase(err) : err.phrase;
}

const configProblem = (target: HostTarget, message: Phrase): SshError =>
  new SshError('config', phrase('Cannot connect to {0}: {1}', target.label, message), {
    detail: renderPhrase(message),
  });

async function resolveOne(
  label: HostTarget,
  host: string,
  opts: { configFile?: string; env: NodeJS.ProcessEnv; user?: string; port?: number },
): Promise<ResolvedHost> {
  const r = await resolveHost(host, opts);
  if (!r.ok) throw configProblem(label, phrase('the ssh config could not be resolved ({0}).', describe(r.error)));
  // Neither can be honoured here, and connecting around them would bypass what the user set up.
  if (r.value.proxyCommand !== undefined) {
    throw configProblem(
      label,
      phrase('{0} uses ProxyCommand, which VPS Doctor does not run. Use ProxyJump for this host instead.', host),
    );
  }
  if (r.value.knownHostsCommand !== undefined) {
    throw configProblem(
      label,
      phrase('{0} uses KnownHostsCommand, which VPS Doctor does not run, so its host key cannot be checked.', host),
    );
  }
  return r.value;
}

/**
 * Resolves a target like `ssh` would: an ssh config alias as is; a host added by hand
 * (`user@host:port`) through the config too, with its user and port winning (`ssh -l -p`). Rejects
 * with an `SshError` of kind `config`, which is never retried.
 */
export async function resolveTarget(
  target: HostTarget,
  configFile: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<ResolvedTarget> {
  if (target.source === 'demo')
    throw configProblem(target, phrase('the demo host has no SSH address; it runs with a local runner.'));
  const base = configFile === undefined ? { env } : { env, configFile };
  let resolved: ResolvedHost;
  if (target.source === 'settings') {
    const spec = parseHostSpec(target.alias, 'host');
    if (!spec.ok) throw configProblem(target, phrase('{0}.', describe(spec.error)));
    resolved = await resolveOne(target, spec.value.host, { ...base, ...withUserPort(spec.value) });
  } else {
    resolved = await resolveOne(target, target.alias, base);
  }
  const jumps: ResolvedHost[] = [];
  for (const hop of resolved.proxyJump) {
    const r = await resolveOne(target, hop.host, { ...base, ...withUserPort(hop) });
    if (r.proxyJump.length > 0)
      throw configProblem(
        target,
        phrase(
          "the jump host {0} has a ProxyJump of its own; list every hop in {1}'s ProxyJump instead.",
          hop.host,
          target.alias,
        ),
      );
    jumps.push(r);
  }
  return { target: resolved, jumps };
}

function withUserPort(spec: { user?: string; port?: number }): { user?: string; port?: number } {
  const out: { user?: string; port?: number } = {};
  if (spec.user !== undefined) out.user = spec.user;
  if (spec.port !== undefined) out.port = spec.port;
  return out;
}

/** The connection endpoint of a resolved host. */
export function endpointOf(r: ResolvedHost): SshEndpoint {
  const ep: SshEndpoint = {
    hostName: r.hostName,
    port: r.port,
    user: r.user,
    identityFiles: r.identityFiles,
    identitiesOnly: r.identitiesOnly,
  };
  if (r.identityAgent !== undefined) ep.identityAgent = r.identityAgent;
  return ep;
}
