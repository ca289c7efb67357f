import type { Container, ResourceRow } from '../beancounters/types';
import type { BufferRiskInput, BufferRow } from './bufferRiskTypes';
import { parseSysctlInts } from './sysctl';

/** The sysctls the risk model reads, as numbers: bytes, except `tcpMemPages` (pages). */
export type RiskSysctlValues = Pick<BufferRiskInput, 'tcpWmem' | 'tcpRmem' | 'wmemMax' | 'rmemMax' | 'tcpMemPages'>;

function bufferRow(row: ResourceRow | undefined, failcntDelta?: number): BufferRow | undefined {
  if (!row) return undefined;
  return {
    barrier: row.barrier,
    limit: row.limit,
    held: row.held,
    maxheld: row.maxheld,
    ...(failcntDelta !== undefined ? { failcntDelta } : {}),
  };
}

/**
 * The buffer risk model's input: the sysctls and, on OpenVZ, the container's tcpsndbuf/tcprcvbuf/numtcpsock rows.
 * `failcntDeltas` maps a resource name to its growth since an earlier sample. Absent values are left out, so the
 * model says what it could not compute rather than using a wrong number.
 */
export function bufferRiskInput(
  sysctls: RiskSysctlValues,
  container?: Container,
  failcntDeltas?: ReadonlyMap<string, number>,
): BufferRiskInput {
  const row = (name: string) => container?.resources.find((r) => r.name === name);
  const numtcpsock = row('numtcpsock');
  const input: BufferRiskInput = {
    ...sysctls,
    sndbuf: bufferRow(row('tcpsndbuf'), failcntDeltas?.get('tcpsndbuf')),
    rcvbuf: bufferRow(row('tcprcvbuf'), failcntDeltas?.get('tcprcvbuf')),
    numtcpsock: numtcpsock ? { held: numtcpsock.held, limit: numtcpsock.limit } : undefined,
  };
  for (const key of Object.keys(input) as (keyof BufferRiskInput)[]) if (input[key] === undefined) delete input[key];
  return input;
}

function triple(text: string | undefined, name: string): [number, number, number] | undefined {
  if (text === undefined) return undefined;
  const r = parseSysctlInts(text, name, 3);
  return r.ok ? [r.value[0], r.value[1], r.value[2]] : undefined;
}

function single(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const r = parseSysctlInts(text, name, 1);
  return r.ok ? r.value[0] : undefined;
}

/** The risk sysctls from `sysctl -a` text (name -> value text); one that does not parse is left out. */
export function riskSysctlsFromText(sysctls: Readonly<Record<string, string>>): RiskSysctlValues {
  const get = (name: string) => (Object.hasOwn(sysctls, name) ? sysctls[name] : undefined);
  return {
    tcpWmem: triple(get('net.ipv4.tcp_wmem'), 'net.ipv4.tcp_wmem'),
    tcpRmem: triple(get('net.ipv4.tcp_rmem'), 'net.ipv4.tcp_rmem'),
    wmemMax: single(get('net.core.wmem_max'), 'net.core.wmem_max'),
    rmemMax: single(get('net.core.rmem_max'), 'net.core.rmem_max'),
    tcpMemPages: triple(get('net.ipv4.tcp_mem'), 'net.ipv4.tcp_mem'),
  };
}
