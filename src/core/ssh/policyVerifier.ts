import { phrase, renderPhrase, upperFirst, type Phrase } from '../../shared/l10n/phrase';
import type { HostKeyDecision } from './hostKeyDecision';
import { createHostVerifier, type HostVerifierOptions } from './hostKeyPolicy';
import { knownHostsName } from './knownHosts';
import { serverHostKeyAlgorithms } from './knownHostsAlgorithms';
import type { HostKeyRefusal, HostVerifierFactory, SshEndpoint } from './sshEndpoint';

/** What a refused host-key decision means for the connection; `undefined` when the key was accepted. */
export function refusalOf(d: HostKeyDecision): HostKeyRefusal | undefined {
  const why = refusalPhrase(d);
  return why && { kind: why.kind, message: renderPhrase(why.phrase), phrase: why.phrase };
}

function refusalPhrase(d: HostKeyDecision): { kind: HostKeyRefusal['kind']; phrase: Phrase } | undefined {
  if (d.kind !== 'refused') return undefined;
  const fixes = d.fixes.map((f) =>
    f.kind === 'command'
      ? phrase('run `{0}`', f.command)
      : phrase('use "Forget Host Key" for {0} in VS Code (in a terminal: `{1}`)', f.name, f.command),
  );
  const fix =
    fixes.length > 0
      ? phrase(
          " Once you have checked the new key with the server's administrator, {0}; then connect again.",
          fixes.reduce((a, b) => phrase('{0}, or {1}', a, b)),
        )
      : '';
  const sentence = upperFirst(d.phrase);
  switch (d.reason) {
    case 'changed':
    case 'rekey-different-key':
      return { kind: 'hostKeyChanged', phrase: phrase('{0}. VPS Doctor will not connect.{1}', sentence, fix) };
    case 'revoked':
      return {
        kind: 'hostKeyRevoked',
        phrase: phrase(
          "{0}. VPS Doctor will not connect; ask the server's administrator for its current key.",
          sentence,
        ),
      };
    case 'cert-authority':
      return {
        kind: 'hostKeyUnsupported',
        phrase: phrase(
          "{0}. VPS Doctor will not connect: record the host's plain key in known_hosts once its administrator has confirmed the fingerprint (`ssh-keygen -lf` on the server's /etc/ssh/ssh_host_*_key.pub).",
          sentence,
        ),
      };
    case 'unknown-strict':
    case 'no-prompt':
      return {
        kind: 'hostKeyUnknown',
        phrase: phrase(
          '{0}. Add the host\'s key to known_hosts after checking its fingerprint, or set host key checking to "ask".',
          sentence,
        ),
      };
    case 'declined':
    case 'prompt-failed':
    case 'malformed-key':
    case 'record-failed':
      return { kind: 'hostKeyDeclined', phrase: phrase('{0}, so VPS Doctor did not log in.', sentence) };
  }
}

/**
 * A `HostVerifierFactory` over the host-key policy: each hop gets `createHostVerifier` bound to
 * its own HostName and port, a refusal is reported with its reason, and the host-key algorithms
 * are ordered from the same known_hosts entries the verifier checks (docs/security.md §1.1, §1.2).
 * `optionsFor` is called per connection attempt, so known_hosts entries read then are current.
 */
export function policyVerifierFactory(
  optionsFor: (endpoint: SshEndpoint) => Omit<HostVerifierOptions, 'host' | 'port' | 'onDecision'>,
  onDecision: (endpoint: SshEndpoint, d: HostKeyDecision) => void = () => undefined,
): HostVerifierFactory {
  return (endpoint, refused) => {
    const options = optionsFor(endpoint);
    const verifier = createHostVerifier({
      ...options,
      host: endpoint.hostName,
      port: endpoint.port,
      onDecision: (d) => {
        onDecision(endpoint, d);
        const why = refusalOf(d);
        if (why) refused(why);
      },
    });
    const lookupName = knownHostsName(endpoint.hostName, endpoint.port, options.hostKeyAlias);
    return { verifier, serverHostKey: serverHostKeyAlgorithms(options.entries, lookupName) };
  };
}
