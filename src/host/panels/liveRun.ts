import type { ProgressMessage, ProgressPlan } from '../../shared/protocol';
import type { AttemptView } from '../../shared/reportView';

/** One step of a running probe, as the probes' callbacks report it. Times are ms. */
export type ProgressUpdate =
  | { kind: 'phase'; text: string }
  | { kind: 'burstPlan'; count: number; concurrency: number; scheduleMs: number[]; baselineRttMs: number }
  | { kind: 'attempt'; attempt: AttemptView }
  | { kind: 'pingPlan'; count: number }
  /** `rttMs` null: the probe got no reply. */
  | { kind: 'reply'; seq: number; rttMs: number | null };

/** Most items of one list in one message (the protocol's bound). */
export const BATCH = 5_000;

/**
 * Everything a running probe has reported, so a webview that (re)loads mid-run gets it all at once, and
 * what is new since the last message, so a live one gets only that.
 */
export class LiveRun {
  private phase = '';
  private plan: ProgressPlan = {};
  private readonly attempts: AttemptView[] = [];
  private readonly replies: { seq: number; rttMs: number }[] = [];
  private readonly lost: number[] = [];
  /** How much of each list the webview has: what the next `delta` leaves out. */
  private sent = { attempts: 0, replies: 0, lost: 0, plan: false };

  add(u: ProgressUpdate): void {
    switch (u.kind) {
      case 'phase':
        this.phase = u.text;
        return;
      case 'burstPlan':
        this.plan = {
          ...this.plan,
          burst: {
            count: u.count,
            concurrency: u.concurrency,
            scheduleMs: u.scheduleMs,
            baselineRttMs: u.baselineRttMs,
          },
        };
        this.sent.plan = false;
        return;
      case 'pingPlan':
        this.plan = { ...this.plan, ping: { count: u.count } };
        this.sent.plan = false;
        return;
      case 'attempt':
        this.attempts.push(u.attempt);
        return;
      case 'reply':
        if (u.rttMs === null) this.lost.push(u.seq);
        else this.replies.push({ seq: u.seq, rttMs: u.rttMs });
    }
  }

  /**
   * Messages that bring a webview up to date: the whole run when `reset` (a webview that starts from
   * nothing), otherwise what arrived since the last call; split so no list exceeds {@link BATCH} items.
   */
  flush(reset: boolean): ProgressMessage[] {
    const from = reset ? { attempts: 0, replies: 0, lost: 0, plan: false } : this.sent;
    const out: ProgressMessage[] = [];
    let [a, r, l] = [from.attempts, from.replies, from.lost];
    do {
      out.push({
        type: 'progress',
        reset: reset && out.length === 0,
        phase: this.phase,
        ...(from.plan && out.length === 0 ? {} : out.length === 0 ? { plan: this.plan } : {}),
        attempts: this.attempts.slice(a, a + BATCH),
        replies: this.replies.slice(r, r + BATCH),
        lost: this.lost.slice(l, l + BATCH),
      });
      [a, r, l] = [a + BATCH, r + BATCH, l + BATCH];
    } while (a < this.attempts.length || r < this.replies.length || l < this.lost.length);
    this.sent = { attempts: this.attempts.length, replies: this.replies.length, lost: this.lost.length, plan: true };
    return out;
  }
}
