import type { Container, ResourceRow } from '../beancounters/types';
import type { BufferRiskInput, BufferRow } from './bufferRiskTypes';
import { parseSysctlInts } from './sysctl';

/** The sysctls the risk model reads, by their `sysctl -a` names. */
export type RiskSysctls = Partial<Record<'net.ipv4.tcp_wmem' | 'net.ipv4.tcp_rmem' | 'net.core.wmem_max' | 'net.core.rmem_max' | 'net.ipv4.tcp_mem', string>>;

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

function bufferRow(row: ResourceRow | undefined, failcntDelta?: number): BufferRow | undefined {
  if (!row) return undefined;
  return { barrier: row.barrier, limit: row.limit, held: row.held, maxheld: row.maxheld, ...(failcntDelta !== undefined ? { failcntDelta } : {}) };
}

/**
 * Builds the buffer risk model's input from sysctl values (text as `sysctl` prints them) and, on OpenVZ,
 * the container's tcpsndbuf/tcprcvbuf/numtcpsock rows. A sysctl that does not parse is left out, so the
 * model says what it could not compute rather than using a wrong number. `failcntDeltas` maps a resource
 * name to its growth since the previous sample.
 */
export function bufferRiskInput(
  sysctls: RiskSysctls,
  container?: Container,
  failcntDeltas?: ReadonlyMap<string, number>,
): BufferRiskInput {
  const row = (name: string) => container?.resources.find((r) => r.name === name);
  const numtcpsock = row('numtcpsock');
  const input: BufferRiskInput = {
    tcpWmem: triple(sysctls['net.ipv4.tcp_wmem'], 'net.ipv4.tcp_wmem'),
    tcpRmem: triple(sysctls['net.ipv4.tcp_rmem'], 'net.ipv4.tcp_rmem'),
    wmemMax: single(sysctls['net.core.wmem_max'], 'net.core.wmem_max'),
    rmemMax: single(sysctls['net.core.rmem_max'], 'net.core.rmem_max'),
    tcpMemPages: triple(sysctls['net.ipv4.tcp_mem'], 'net.ipv4.tcp_mem'),
    sndbuf: bufferRow(row('tcpsndbuf'), failcntDeltas?.get('tcpsndbuf')),
    rcvbuf: bufferRow(row('tcprcvbuf'), failcntDeltas?.get('tcprcvbuf')),
    numtcpsock: numtcpsock ? { held: numtcpsock.held, limit: numtcpsock.limit } : undefined,
  };
  for (const key of Object.keys(input) as (keyof BufferRiskInput)[]) if (input[key] === undefined) delete input[key];
  return input;
}
