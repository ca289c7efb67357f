import { assessBufferRisk } from '../kernel/bufferRisk';
import type { BufferRisk } from '../kernel/bufferRiskTypes';
import { bufferRiskInput, type RiskSysctlValues } from '../kernel/riskInput';
import type { Reading, Sysctls, HostSnapshot } from './snapshot';

const value = <T>(r: Reading<T>): T | undefined => (r.state === 'ok' ? r.value : undefined);

/** The risk model's sysctls from a snapshot; unreadable ones are left out. */
export function riskSysctlsOf(s: Sysctls): RiskSysctlValues {
  return {
    tcpWmem: value(s.tcpWmem),
    tcpRmem: value(s.tcpRmem),
    wmemMax: value(s.wmemMax),
    rmemMax: value(s.rmemMax),
    tcpMemPages: value(s.tcpMem),
  };
}

/**
 * The buffer risk of the container the snapshot was taken in. On a host node (several containers) the
 * sysctls are the node's own, not any container's, so the model then gets no beancounter rows.
 * `failcntDeltas` maps a resource name to its growth since an earlier sample.
 */
export function snapshotBufferRisk(s: HostSnapshot, failcntDeltas?: ReadonlyMap<string, number>): BufferRisk {
  const containers = s.beancounters.state === 'ok' ? s.beancounters.table.containers : [];
  return assessBufferRisk(
    bufferRiskInput(riskSysctlsOf(s.sysctls), containers.length === 1 ? containers[0] : undefined, failcntDeltas),
  );
}
