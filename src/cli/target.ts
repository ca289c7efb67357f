import { HTTP_PATH } from '../core/probes/burstHttp';
import { english, msg, type Localizer } from '../shared/l10n/localizer';
import { CliError, EXIT } from './io';

/** The refusal of a bad `--http PATH`. */
export const HTTP_PATH_RULE = msg('--http PATH must start with / and contain no spaces or control characters');

/** Splits `HOST:PORT` (IPv6 in brackets: `[::1]:80`) into host and port; a clear error otherwise. */
export function parseHostPort(spec: string, l: Localizer = english): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(spec);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535) {
    throw new CliError(
      l.t('"{0}" is not HOST:PORT (e.g. 203.0.113.7:80 or [2001:db8::1]:443)', spec.slice(0, 80)),
      EXIT.badInput,
    );
  }
  return { host: m[1] ?? m[2], port };
}

/** Parses a positive integer option within bounds; a clear error otherwise. */
export function intOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  l: Localizer = english,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(l.t('--{0} must be a whole number from {1} to {2}', name, min, max), EXIT.badInput);
  return n;
}

/** An AbortController that Ctrl-C (SIGINT) aborts once; the second Ctrl-C exits at once. */
export function interruptible(): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onInt = () => {
    if (ac.signal.aborted) process.exit(130);
    ac.abort(new Error('cancelled by Ctrl-C'));
  };
  process.on('SIGINT', onInt);
  return { signal: ac.signal, dispose: () => process.off('SIGINT', onInt) };
}

/** Resolves at the first SIGINT or SIGTERM: how long-running commands (the exporter, the demo fleet) wait. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** TARGET, `--port P` and `--http PATH` of the commands that probe a service over SSH (`diagnose`, `watch`). */
export function serviceTarget(
  command: string,
  positionals: string[],
  port: string | undefined,
  http: string | undefined,
  l: Localizer = english,
): { target: string; port: number; httpPath?: string } {
  if (positionals.length !== 1)
    throw new CliError(l.t('{0}: exactly one TARGET is needed (try --help)', command), EXIT.badInput);
  const p = intOption(port, 'port', 1, 65535, l);
  if (p === undefined)
    throw new CliError(l.t('{0}: --port P is required: the TCP port your service listens on', command), EXIT.badInput);
  if (http !== undefined && !HTTP_PATH.test(http)) {
    throw new CliError(l.t(HTTP_PATH_RULE), EXIT.badInput);
  }
  return { target: positionals[0]!, port: p, ...(http === undefined ? {} : { httpPath: http }) };
}
