import { DiagnosisSampleError } from '../diagnosis/fullDiagnosis';
import { SshError, type SshErrorKind } from '../ssh/sshErrors';

/**
 * Why a probe failed, as a scrape reports it (`vpsdoctor_probe_error` and the exporter's error counter):
 * - `host_key`: the host key is unknown, changed or revoked; never accepted automatically (docs/security.md §1.4);
 * - `auth`: the login was refused;
 * - `unreachable`: no SSH connection (refused, no route, DNS, dropped, reconnecting);
 * - `timeout`: the scrape budget or a command's deadline ran out;
 * - `parse`: the host answered, but not with what the catalog script prints;
 * - `config`: the ssh config cannot be used for this host (ProxyCommand, bad file);
 * - `probe`: a probe on this machine failed (no `ping`, a name that does not resolve).
 */
export type ProbeErrorKind = 'host_key' | 'auth' | 'unreachable' | 'timeout' | 'parse' | 'config' | 'probe';
export const PROBE_ERROR_KINDS: readonly ProbeErrorKind[] = [
  'host_key',
  'auth',
  'unreachable',
  'timeout',
  'parse',
  'config',
  'probe',
];

/** A probe failure with its kind; the message says what happened and what to do. */
export class ProbeError extends Error {
  constructor(
    readonly kind: ProbeErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

const SSH_KINDS: Record<SshErrorKind, ProbeErrorKind> = {
  hostKeyUnknown: 'host_key',
  hostKeyChanged: 'host_key',
  hostKeyRevoked: 'host_key',
  hostKeyDeclined: 'host_key',
  hostKeyUnsupported: 'host_key',
  auth: 'auth',
  timeout: 'timeout',
  refused: 'unreachable',
  unreachable: 'unreachable',
  dns: 'unreachable',
  permission: 'unreachable',
  protocol: 'unreachable',
  algorithm: 'unreachable',
  closed: 'unreachable',
  cancelled: 'timeout',
  config: 'config',
};

/** Sample failures (`SampleErrorReason`) that are about time rather than content. */
const SAMPLE_TIMEOUTS = new Set(['timeout']);

/** Any failure of a probe as a `ProbeError`: SSH errors by kind, failed samples as `parse` (or `timeout`). */
export function asProbeError(err: unknown): ProbeError {
  if (err instanceof ProbeError) return err;
  if (err instanceof SshError) return new ProbeError(SSH_KINDS[err.kind], err.message);
  if (err instanceof Error && err.name === 'SampleFailedError') {
    const reason = (err as Error & { error?: { reason?: string } }).error?.reason ?? '';
    return new ProbeError(SAMPLE_TIMEOUTS.has(reason) ? 'timeout' : 'parse', err.message);
  }
  if (err instanceof DiagnosisSampleError)
    return new ProbeError(/timed out|deadline/i.test(err.message) ? 'timeout' : 'parse', err.message);
  if (err instanceof Error && err.name === 'PingError') return new ProbeError('probe', err.message);
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ProbeError('probe', `the probe target does not resolve: ${(err as Error).message}`);
  return new ProbeError('probe', err instanceof Error ? err.message : String(err));
}
