import { assessBufferRisk } from '../kernel/bufferRisk';
import type { BufferRisk, BufferRiskInput, BufferRow } from '../kernel/bufferRiskTypes';
import type { Container, ResourceRow } from '../beancounters/types';
import type { HostSnapshot, Reading } from './snapshot';

const value = <T>(r: Reading<T>): T | undefined => (r.state === 'ok' ? r.value : undefined);

function row(c: Container | undefined, name: string): ResourceRow | undefined {
  return c?.resources.find((r) => r.name === name);
}

function bufferRow(r: ResourceRow | undefined, failcntDelta: number | undefined): BufferRow | undefined {
  if (r === undefined) return undefined;
  return { barrier: r.barrier, limit: r.limit, held: r.held, maxheld: r.maxheld, ...(failcntDelta !== undefined ? { failcntDelta } : {}) };
}

/**
 * The buffer risk model's input from one snapshot: the sysctls it read and, for `container`, its
 * tcpsndbuf/tcprcvbuf/numtcpsock rows. `failcntDeltas` maps a resource name to its growth since an
 * earlier sample. Values the snapshot could not read are left out, so the model says what it lacks.
 */
export function snapshotRiskInput(s: HostSnapshot, container?: Container, failcntDeltas?: ReadonlyMap<string, number>): BufferRiskInput {
  const sockets = row(container, 'numtcpsock');
  const input: BufferRiskInput = {
    tcpWmem: value(s.sysctls.tcpWmem),
    tcpRmem: value(s.sysctls.tcpRmem),
    wmemMax: value(s.sysctls.wmemMax),
    rmemMax: value(s.sysctls.rmemMax),
    tcpMemPages: value(s.sysctls.tcpMem),
    sndbuf: bufferRow(row(container, 'tcpsndbuf'), failcntDeltas?.get('tcpsndbuf')),
    rcvbuf: bufferRow(row(container, 'tcprcvbuf'), failcntDeltas?.get('tcprcvbuf')),
    numtcpsock: sockets ? { held: sockets.held, limit: sockets.limit } : undefined,
  };
  for (const key of Object.keys(input) as (keyof BufferRiskInput)[]) if (input[key] === undefined) delete input[key];
  return input;
}

/**
 * The buffer risk of the container the snapshot was taken in. On a host node (several containers) the
 * sysctls are the node's own, not any container's, so the model then gets no beancounter rows.
 */
export function snapshotBufferRisk(s: HostSnapshot, failcntDeltas?: ReadonlyMap<string, number>): BufferRisk {
  const containers = s.beancounters.state === 'ok' ? s.beancounters.table.containers : [];
  return assessBufferRisk(snapshotRiskInput(s, containers.length === 1 ? containers[0] : undefined, failcntDeltas));
}
