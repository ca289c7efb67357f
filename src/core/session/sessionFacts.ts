import { detectVirtualization, type Virtualization } from '../remote/detectVirtualization';
import type { HostFacts } from '../remote/hostFacts';
import { readHostFacts } from '../remote/sampler';
import { cancelledError, SshError } from '../ssh/sshErrors';
import type { SessionDeps, SessionLink } from './sessionTypes';
import { phrase, phraseOf } from '../../shared/l10n/phrase';
import { logPhrase } from './sessionLog';

/** Any failure as the typed `SshError` the session reports. */
export function asSshError(err: unknown, label: string): SshError {
  if (err instanceof SshError) return err;
  if (err instanceof Error && err.name === 'AbortError') return cancelledError(phrase('Working with {0}', label));
  return new SshError('protocol', phrase('{0}: {1}', label, err instanceof Error ? err.message : String(err)));
}

/**
 * Runs `hostFacts` once after connecting. Without facts sampling still works, only without
 * virtualisation detection and the remote watchdog, so a failure is logged, not thrown.
 */
export async function readFactsOnce(
  link: SessionLink,
  deps: SessionDeps,
  label: string,
): Promise<{ facts: HostFacts; virtualization: Virtualization } | undefined> {
  const s = deps.settings;
  // No remote watchdog yet: whether this host's `timeout` takes `-s KILL` is one of the facts.
  const r = await readHostFacts(link.runner({ remoteWatchdog: false }), {
    timeoutMs: s.timeoutMs,
    maxOutputBytes: s.maxOutputBytes,
  }).catch((err: unknown) => {
    const e = asSshError(err, label);
    return { ok: false as const, error: { message: e.message, phrase: e.phrase } };
  });
  if (!r.ok) {
    logPhrase(
      deps.log,
      'warn',
      phrase(
        'Could not read the host facts of {0}: {1} Sampling continues without virtualisation detection.',
        label,
        phraseOf(r.error),
      ),
    );
    return undefined;
  }
  const virtualization = detectVirtualization(r.value);
  deps.log('info', `${label}: ${virtualization.label}; kernel ${r.value.osRelease ?? 'unknown'}.`);
  return { facts: r.value, virtualization };
}
