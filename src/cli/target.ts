import { CliError, EXIT } from './io';

/** Splits `HOST:PORT` (IPv6 in brackets: `[::1]:80`) into host and port; a clear error otherwise. */
export function parseHostPort(spec: string): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(spec);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535) {
    throw new CliError(`"${spec.slice(0, 80)}" is not HOST:PORT (e.g. 203.0.113.7:80 or [2001:db8::1]:443)`, EXIT.badInput);
  }
  return { host: m[1] ?? m[2], port };
}

/** Parses a positive integer option within bounds; a clear error otherwise. */
export function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`--${name} must be a whole number from ${min} to ${max}`, EXIT.badInput);
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
