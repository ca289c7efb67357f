import { phrase } from '../../shared/l10n/phrase';
import { ok, parseErrorOf, type Result } from '../result';

/** `[user@]host[:port]`: a host added by hand, or one ProxyJump hop. */
export interface HostSpec {
  user?: string;
  /** A host name, an IPv4 address, or an IPv6 address without its brackets. */
  host: string;
  port?: number;
}

const USER = /^[A-Za-z0-9._-]+$/;
const HOST_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

/** A TCP port: 1-65535, decimal digits only. */
export function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/**
 * Parses `user@host:port` (user and port optional; IPv6 in brackets: `[2001:db8::1]:2222`).
 * The host may not start with `-`, so it can never be read as an option by `ssh`.
 * @param source names the input in errors, e.g. `vpsDoctor.hosts.list[2]`
 */
export function parseHostSpec(spec: string, source = 'host'): Result<HostSpec> {
  const text = spec.trim();
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : undefined;
  if (user !== undefined && !USER.test(user))
    return parseErrorOf(source, 0, phrase('invalid user name in {0}', JSON.stringify(spec)));
  const rest = text.slice(at + 1);
  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return parseErrorOf(source, 0, phrase('missing "]" in {0}', JSON.stringify(spec)));
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '' && !after.startsWith(':'))
      return parseErrorOf(source, 0, phrase('unexpected text after "]" in {0}', JSON.stringify(spec)));
    portText = after === '' ? undefined : after.slice(1);
    if (!IPV6.test(host) || !host.includes(':'))
      return parseErrorOf(source, 0, phrase('invalid IPv6 address in {0}', JSON.stringify(spec)));
  } else {
    const colon = rest.indexOf(':');
    host = colon >= 0 ? rest.slice(0, colon) : rest;
    portText = colon >= 0 ? rest.slice(colon + 1) : undefined;
    if (!HOST_NAME.test(host))
      return parseErrorOf(
        source,
        0,
        phrase('invalid host name in {0} (IPv6 addresses go in brackets)', JSON.stringify(spec)),
      );
  }
  const spec2: HostSpec = { host };
  if (user !== undefined) spec2.user = user;
  if (portText !== undefined) {
    const port = parsePort(portText);
    if (port === undefined)
      return parseErrorOf(source, 0, phrase('invalid port in {0} (want 1-65535)', JSON.stringify(spec)));
    spec2.port = port;
  }
  return ok(spec2);
}

/**
 * Parses a `ProxyJump` value: comma-separated hops, each `[user@]host[:port]` or
 * `ssh://[user@]host[:port]`; `none` means no jump host (ssh_config(5)). Hops are in
 * connection order: the first is connected to first.
 */
export function parseProxyJump(value: string, source = 'ProxyJump'): Result<HostSpec[]> {
  const text = value.trim();
  if (text.toLowerCase() === 'none' || text === '') return ok([]);
  const hops: HostSpec[] = [];
  for (const [i, raw] of text.split(',').entries()) {
    const hop = raw
      .trim()
      .replace(/^ssh:\/\//i, '')
      .replace(/\/$/, '');
    const parsed = parseHostSpec(hop, source);
    if (!parsed.ok)
      return parseErrorOf(source, 0, phrase('hop {0}: {1}', i + 1, parsed.error.phrase ?? parsed.error.message));
    hops.push(parsed.value);
  }
  return ok(hops);
}
