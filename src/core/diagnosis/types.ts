import type { VerdictId } from '../../shared/reportView';

/** The verdict ids live in src/shared beside their titles, so the webview knows them too. */
export type { VerdictId };

export type Confidence = 'low' | 'medium' | 'high';

/** One observation behind a verdict. `decisive` marks the ones the verdict rests on. */
export interface EvidenceItem {
  label: string;
  value: string;
  decisive: boolean;
}

/**
 * A finding beside the verdict, so one run answers all three of the seed's questions: why bursts fail
 * (the verdict), whether the buffer limits bite (`buffers`) and how much ping loss there is (`ping`).
 */
export interface Finding {
  topic: 'ping' | 'buffers';
  title: string;
  status: 'ok' | 'warning' | 'problem' | 'unknown';
  /** Plain sentences, most important first. */
  lines: string[];
}

export interface Diagnosis {
  verdict: VerdictId;
  confidence: Confidence;
  /** One sentence. */
  summary: string;
  evidence: EvidenceItem[];
  /** Plain language: what was seen, what it means, and what would change the verdict. */
  explanation: string;
  nextSteps: {
    /** What the user can do or check. */
    user: string[];
    /** What to tell the provider's support desk, with the numbers. */
    provider: string[];
  };
  /** The docs/method.md §3.4 row that decided; null for `inconclusive`. */
  row: number | null;
  findings: Finding[];
}
