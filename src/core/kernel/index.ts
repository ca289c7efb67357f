/** Kernel counters (/proc/net/*, sysctls, conntrack, cgroup v2 files) and the TCP buffer risk model. */
export {
  parseCounterTable,
  parseCounterTableDetailed,
  type CounterTable,
  type CounterTableParse,
  type SkippedCounter,
} from './counterTable';
export { parseSockstat, type Sockstat } from './sockstat';
export { parseSysctlInts } from './sysctl';
export { parseConntrackStat } from './conntrack';
export { parseKeyValue, parseKeyValueDetailed, type KeyValueParse } from './keyValue';
export { parseLimitValue } from './cgroup';
export type { SkippedValue } from './integer';
export { assessBufferRisk, worseGrade } from './bufferRisk';
export type { BufferRisk, BufferRiskInput, BufferRow, BufferSideRisk, RiskGrade } from './bufferRiskTypes';
