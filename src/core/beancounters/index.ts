export type { BeancounterTable, Container, ResourceRow, ResourceUnit } from './types';
export { parseBeancounters } from './parse';
export {
  describeResource,
  unitOf,
  KNOWN_RESOURCES,
  PAGE_BYTES,
  type ResourceClass,
  type ResourceInfo,
} from './resources';
export { diffBeancounters, containerRestarted, type ResourceDelta } from './delta';
export { assessContainer, type ResourceAssessment, type Severity } from './assess';
export { checkConsistency, type ConsistencyFinding } from './consistency';
