import type { ResourceDelta } from '../../core/beancounters';

/**
 * Decides when a growing failcnt deserves a notification: once when it starts growing, not on every
 * sample while it keeps growing. An episode ends after `quietSamples` samples in a row without growth,
 * so a resource that fails every other sample does not notify twice.
 */
export class GrowthEpisodes {
  /** host -> `container/resource` -> samples in a row without growth since the episode began (0 = growing now). */
  private readonly open = new Map<string, Map<string, number>>();

  constructor(private readonly quietSamples = 3) {}

  /** Feeds one sample's deltas; returns those that start a new episode (to notify about). */
  update(hostId: string, deltas: readonly ResourceDelta[]): ResourceDelta[] {
    const episodes = this.open.get(hostId) ?? new Map<string, number>();
    this.open.set(hostId, episodes);
    const started: ResourceDelta[] = [];
    const growing = new Set<string>();
    for (const d of deltas) {
      if (d.failcntDelta <= 0) continue;
      const key = JSON.stringify([d.containerId, d.name]);
      growing.add(key);
      if (!episodes.has(key)) started.push(d);
      episodes.set(key, 0);
    }
    // Quiet rows, and rows missing from this sample (no baseline: never counted as growing).
    for (const [key, n] of [...episodes]) {
      if (growing.has(key)) continue;
      if (n + 1 >= this.quietSamples) episodes.delete(key);
      else episodes.set(key, n + 1);
    }
    return started;
  }

  /** Forgets a host's episodes (removed host, or a new baseline). */
  forget(hostId: string): void {
    this.open.delete(hostId);
  }
}
