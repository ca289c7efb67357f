import { msg } from '../../shared/l10n/localizer';
import { phrase as sentence, renderPhrase, verbatim, type Phrase } from '../../shared/l10n/phrase';
import type { SampleError } from '../remote/sampleError';
import type { SampleProblem, SamplingStats } from './sessionTypes';

/** A sample that produced no data: timeout, truncated or junk output (see `SampleErrorReason`). */
export class SampleFailedError extends Error {
  readonly kind = 'sample';
  constructor(readonly error: SampleError) {
    super(error.message);
    this.name = 'SampleFailedError';
  }
}

/** Log the first failure of a run, then every this many, so a host that keeps failing does not flood the log. */
const LOG_EVERY = 10;

/**
 * Counts samples taken and failed. Every failure is counted and becomes the current problem;
 * the log hears about the first of a run, every tenth, and the recovery.
 */
export class SamplingHealth {
  private counts: SamplingStats = { taken: 0, failed: 0 };
  private consecutive = 0;

  constructor(private readonly log: (level: 'info' | 'warn', message: string, phrase?: Phrase) => void) {}

  get stats(): SamplingStats {
    return { ...this.counts };
  }

  /** The problem of the current failure run, or undefined while samples succeed. */
  get problem(): SampleProblem | undefined {
    return this.consecutive > 0 ? this.counts.lastProblem : undefined;
  }

  failed(reason: string, message: string, atMs: number, label: string, phrase?: Phrase): SampleProblem {
    this.consecutive++;
    const problem: SampleProblem = {
      reason,
      message,
      consecutive: this.consecutive,
      atMs,
      ...(phrase === undefined ? {} : { phrase }),
    };
    this.counts = { ...this.counts, failed: this.counts.failed + 1, lastProblem: problem };
    if (this.consecutive === 1 || this.consecutive % LOG_EVERY === 0) {
      const why = phrase ?? verbatim(message);
      const line =
        this.consecutive === 1
          ? sentence(msg('Sampling {0} failed: {1}'), label, why)
          : sentence(msg('Sampling {0} failed ({1} in a row): {2}'), label, this.consecutive, why);
      this.log('warn', renderPhrase(line), line);
    }
    return problem;
  }

  succeeded(label: string): void {
    if (this.consecutive > 0)
      this.log('info', `Sampling ${label} works again after ${this.consecutive} failed sample(s).`);
    this.consecutive = 0;
    this.counts = { ...this.counts, taken: this.counts.taken + 1 };
  }
}
