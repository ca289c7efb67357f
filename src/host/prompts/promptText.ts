import type { HostKeyPromptInfo } from '../../core/ssh/hostKeyPolicy';
import type { Translate } from '../tree/translate';

/** `host:port`, with an IPv6 address in brackets. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The unknown-host-key modal (docs/security.md §2.3): key type, SHA256 fingerprint, host:port,
 * a stronger warning when keys of other types are already known, how to check the fingerprint, and
 * where the key will be written. The only button is "Trust and Connect"; Cancel is the default.
 */
export function hostKeyPromptText(
  info: HostKeyPromptInfo,
  t: Translate,
): { message: string; detail: string; trust: string } {
  const where = hostPort(info.host, info.port);
  const lines = [t('{0} key fingerprint:', info.keyType), info.fingerprint, ''];
  if (info.otherTypesKnown.length > 0) {
    const types = [...new Set(info.otherTypesKnown.map((k) => k.type))].join(', ');
    lines.push(
      t(
        'Keys of other types are already known for this host ({0}). A server rarely gains a new key type: be sure this one is genuine.',
        types,
      ),
      '',
    );
  }
  lines.push(
    t(
      'Check it against the server before trusting it: run "ssh-keygen -lf" on the server\'s /etc/ssh/ssh_host_*_key.pub, or look in your provider\'s console.',
    ),
    '',
    t('If trusted, the key is recorded in {0}.', info.storePath),
  );
  return {
    message: t('The authenticity of host {0} cannot be established.', where),
    detail: lines.join('\n'),
    trust: t('Trust and Connect'),
  };
}

/** Connect errors that must be shown as a hard refusal with no way to connect anyway. */
export function isHostKeyRefusal(kind: string): boolean {
  return kind === 'hostKeyChanged' || kind === 'hostKeyRevoked' || kind === 'hostKeyUnsupported';
}

/**
 * The refusal for a changed, revoked or uncheckable (CA-only) key: the session's message already
 * names the fingerprints and the fix.
 */
export function hostKeyRefusalText(
  kind: string,
  message: string,
  label: string,
  t: Translate,
): { message: string; detail: string } {
  return {
    message:
      kind === 'hostKeyRevoked'
        ? t('REVOKED host key for {0}: VPS Doctor will not connect.', label)
        : kind === 'hostKeyUnsupported'
          ? t(
              '{0} is trusted only through a host certificate authority, which VPS Doctor cannot check: VPS Doctor will not connect.',
              label,
            )
          : t('The host key of {0} has CHANGED: VPS Doctor will not connect.', label),
    detail: message,
  };
}
