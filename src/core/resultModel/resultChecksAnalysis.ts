import type { AnalyzedResource, BeancounterAnalysis } from '../beancounters/analyzeBeancounters';
import type { Diagnosis, EvidenceItem, Finding, VerdictId } from '../diagnosis/types';
import type { BufferRisk, BufferRiskInput, BufferSideRisk, RiskGrade } from '../kernel/bufferRiskTypes';
import { VERDICT_TITLES } from '../../shared/reportView';
import {
  arrayOf,
  bool,
  count,
  nonNegative,
  nullable,
  num,
  object,
  oneOf,
  optional,
  record,
  str,
  type Check,
} from './resultCheck';

/** Validators for the analysis parts of RESULT.json: the diagnosis, the beancounters, the buffer risk. */

/** Every verdict: the keys of a `Record<VerdictId, …>`, so the compiler keeps the list complete. */
export const VERDICT_IDS = Object.keys(VERDICT_TITLES) as VerdictId[];

const strings = arrayOf(str);

const checkEvidence: Check<EvidenceItem> = object<EvidenceItem>({ label: str, value: str, decisive: bool });

const checkFinding: Check<Finding> = object<Finding>({
  topic: oneOf(['ping', 'buffers']),
  title: str,
  status: oneOf(['ok', 'warning', 'problem', 'unknown']),
  lines: strings,
});

export const checkDiagnosis: Check<Diagnosis> = object<Diagnosis>({
  verdict: oneOf(VERDICT_IDS),
  confidence: oneOf(['low', 'medium', 'high']),
  summary: str,
  evidence: arrayOf(checkEvidence),
  explanation: str,
  nextSteps: object({ user: strings, provider: strings }),
  row: nullable(count),
  findings: arrayOf(checkFinding),
});

const checkResource: Check<AnalyzedResource> = object<AnalyzedResource>(
  {
    name: str,
    unit: oneOf(['bytes', 'pages', 'count']),
    held: num,
    maxheld: num,
    barrier: nullable(num),
    limit: nullable(num),
    failcnt: num,
    line: count,
    severity: oneOf(['ok', 'warn', 'critical']),
    reasons: strings,
    failcntDelta: optional(num),
    reset: optional(bool),
    ratePerMinute: optional(nullable(num)),
  },
  ['failcntDelta', 'reset', 'ratePerMinute'],
);

export const checkBeancounters: Check<BeancounterAnalysis> = object<BeancounterAnalysis>({
  version: str,
  versionKnown: bool,
  hasBaseline: bool,
  containers: arrayOf(object({ id: str, resources: arrayOf(checkResource) })),
});

const GRADES: RiskGrade[] = ['low', 'medium', 'high', 'critical', 'unknown'];
const bytes = optional(nonNegative);

const checkSide: Check<BufferSideRisk> = object<BufferSideRisk>({
  side: oneOf(['send', 'receive']),
  grade: oneOf(GRADES),
  figures: object<BufferSideRisk['figures']>(
    {
      autotuneCeilingBytes: bytes,
      sockoptCeilingBytes: bytes,
      freeBudgetBytes: bytes,
      busySocketsWorst: bytes,
      busySocketsSockopt: bytes,
      busySocketsInitial: bytes,
      headroomPerSocketBytes: bytes,
      perAllowedSocketBytes: bytes,
    },
    [
      'autotuneCeilingBytes',
      'sockoptCeilingBytes',
      'freeBudgetBytes',
      'busySocketsWorst',
      'busySocketsSockopt',
      'busySocketsInitial',
      'headroomPerSocketBytes',
      'perAllowedSocketBytes',
    ],
  ),
  derivation: strings,
  mitigations: strings,
});

/** The risk model's inputs: any object, since `assessBufferRisk` treats every invalid number as absent. */
const checkRiskInput: Check<BufferRiskInput> = (v, path) => record(v, path) as BufferRiskInput;

export const checkBufferRisk: Check<BufferRisk> = object<BufferRisk>(
  {
    send: checkSide,
    receive: checkSide,
    grade: oneOf(GRADES),
    wmemMaxExplanation: optional(str),
    input: optional(checkRiskInput),
  },
  ['wmemMaxExplanation', 'input'],
);
