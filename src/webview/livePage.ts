import type { ProgressMessage } from '../shared/protocol';
import type { AttemptView, BurstView } from '../shared/reportView';
import type { Charts } from './chartFrame';
import { h } from './dom';
import { t } from './l10n';
import type { PingSeries } from './pingChart';
import { burstSection, livePingFigure } from './probeSections';

/**
 * A probe run as it happens: `progress` messages add attempts and ping replies, and the same charts as
 * the final report redraw with each batch (at most once a frame), so the user watches the burst fill in.
 */
export class LivePage {
  private readonly attempts = new Map<number, AttemptView>();
  private readonly replies: { seq: number; rttMs: number }[] = [];
  private readonly lost: number[] = [];
  private plan: ProgressMessage['plan'] = {};
  private pending = false;
  private built = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly charts: Charts,
  ) {}

  apply(m: ProgressMessage): void {
    if (m.reset) {
      this.attempts.clear();
      this.replies.length = 0;
      this.lost.length = 0;
      this.plan = {};
      this.built = false;
    }
    if (m.plan?.burst) this.plan = { ...this.plan, burst: m.plan.burst };
    if (m.plan?.ping) this.plan = { ...this.plan, ping: m.plan.ping };
    for (const a of m.attempts) this.attempts.set(a.index, a);
    this.replies.push(...m.replies);
    this.lost.push(...m.lost);
    if (!this.built) this.build();
    const phase = document.getElementById('live-phase');
    if (phase) phase.textContent = m.phase;
    this.schedule();
  }

  private burst(): BurstView {
    const plan = this.plan?.burst ?? { count: 0, concurrency: 0, scheduleMs: [], baselineRttMs: 0 };
    const attempts = [...this.attempts.values()].sort((a, b) => a.index - b.index);
    const delayed = attempts.filter((a) => a.kind === 'retransmit').length;
    const first = attempts.find((a) => a.kind === 'retransmit');
    return {
      mode: 'tcp',
      count: plan.count,
      concurrency: plan.concurrency,
      baselineRttMs: plan.baselineRttMs,
      scheduleMs: plan.scheduleMs,
      scheduleSource: '',
      attempts,
      keepAlive: { requests: 0, failed: 0, timesMs: [] },
      delayed,
      // The interval and the position signature come with the final result.
      failed: attempts.filter((a) => a.kind === 'failed').length,
      delayedCi95: [0, 1],
      positionSignature: 'none',
      firstDelayedIndex: first ? first.index : null,
    };
  }

  private ping(): PingSeries {
    return { sent: this.plan?.ping?.count ?? 0, replies: this.replies, lostSeqs: this.lost };
  }

  private build(): void {
    this.charts.clear();
    this.root.replaceChildren(
      h(
        'header',
        { class: 'verdict live' },
        h('h1', {}, t('Running…')),
        h('p', { id: 'live-phase', role: 'status', 'aria-live': 'polite' }),
      ),
    );
    if (this.plan?.burst) this.root.append(burstSection(() => this.burst(), this.charts, true));
    if (this.plan?.ping)
      this.root.append(
        h(
          'section',
          { class: 'section', id: 'ping' },
          h('h2', {}, t('Ping')),
          livePingFigure(() => this.ping(), this.charts),
        ),
      );
    this.built = true;
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.charts.refresh();
      const stats = document.getElementById('burst-stats');
      const b = this.burst();
      if (stats)
        stats.textContent = t(
          '{0} of {1} connects done: {2} delayed by SYN retransmission, {3} failed.',
          b.attempts.length,
          b.count,
          b.delayed,
          b.failed,
        );
    });
  }
}
