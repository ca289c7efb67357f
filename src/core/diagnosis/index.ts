export type { VerdictId, Confidence, Diagnosis, EvidenceItem, Finding } from './types';
export { diagnose, type DiagnosisEvidence } from './diagnose';
export { counterDeltas, counterDeltasDetailed, ELAPSED_SECONDS, HOST_DROPPED, HOST_REBOOTED, type CounterSnapshot, type CounterDeltasDetailed } from './counterDeltas';
export { withBackground, type CounterChange } from './background';
