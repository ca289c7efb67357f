import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ResourceDelta } from '../../src/core/beancounters';
import { GrowthEpisodes } from '../../src/host/alerts/growthEpisodes';
import { explainMarkdown, sampleReportMarkdown } from '../../src/host/alerts/sampleReport';
import { formatMessage as t } from './fakeTranslate';
import { SEED, viewOf, withFailcnt } from './hostFixtures';

const d = (name: string, failcntDelta: number, containerId = '101'): ResourceDelta => ({
  containerId,
  name,
  failcntDelta,
  reset: false,
  ratePerMinute: null,
});

describe('failcnt growth notifications', () => {
  it('notify once when a failcnt starts growing, not on every sample while it grows', () => {
    const e = new GrowthEpisodes(3);
    assert.deepEqual(e.update('h', [d('tcpsndbuf', 5), d('numproc', 0)]), [d('tcpsndbuf', 5)]);
    assert.deepEqual(e.update('h', [d('tcpsndbuf', 9)]), []);
    assert.deepEqual(e.update('h', [d('tcpsndbuf', 0)]), [], 'one quiet sample does not end the episode');
    assert.deepEqual(e.update('h', [d('tcpsndbuf', 2)]), []);
    for (let i = 0; i < 3; i++) e.update('h', [d('tcpsndbuf', 0)]);
    assert.deepEqual(
      e.update('h', [d('tcpsndbuf', 1)]),
      [d('tcpsndbuf', 1)],
      'after three quiet samples a new episode notifies again',
    );
  });

  it('keep hosts and containers apart, and start afresh after forget()', () => {
    const e = new GrowthEpisodes();
    assert.equal(e.update('a', [d('tcpsndbuf', 1)]).length, 1);
    assert.equal(e.update('b', [d('tcpsndbuf', 1)]).length, 1);
    assert.equal(e.update('a', [d('tcpsndbuf', 1, '102')]).length, 1);
    e.forget('a');
    assert.equal(e.update('a', [d('tcpsndbuf', 1)]).length, 1);
    assert.equal(e.update('b', [d('tcpsndbuf', 1)]).length, 0);
  });

  it('count a row missing from a sample as quiet, never as growing', () => {
    const e = new GrowthEpisodes(1);
    e.update('h', [d('tcpsndbuf', 1)]);
    assert.deepEqual(e.update('h', []), []);
    assert.equal(e.update('h', [d('tcpsndbuf', 1)]).length, 1);
  });

  it('notify exactly once per episode for any growth pattern (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 3 }), { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (pattern, quiet) => {
        const e = new GrowthEpisodes(quiet);
        let notified = 0;
        let episodes = 0;
        let open = false;
        let calm = 0;
        for (const g of pattern) {
          notified += e.update('h', [d('tcpsndbuf', g)]).length;
          if (g > 0) {
            if (!open) episodes++;
            open = true;
            calm = 0;
          } else if (open && ++calm >= quiet) {
            open = false;
          }
        }
        return notified === episodes;
      }),
      { numRuns: 200 },
    );
  });
});

describe('Explain and Open Report', () => {
  const grown = withFailcnt(SEED, 'tcpsndbuf', 1_779_671);
  it('explain one resource with its meaning and the reasons for its severity', () => {
    const md = explainMarkdown(viewOf(grown, { prev: SEED }), '12345', 'tcpsndbuf', t)!;
    assert.ok(md.startsWith('# tcpsndbuf\n'));
    assert.ok(md.includes('**Why critical:**'));
    assert.equal(explainMarkdown(viewOf(grown), '12345', 'nosuch', t), undefined);
  });

  it('report the latest sample with growth against the baseline sample', () => {
    const view = viewOf(grown, { prev: SEED, base: SEED, baselineAtMs: 1_000_000 - 60_000 });
    const base = viewOf(SEED).snapshot;
    const md = sampleReportMarkdown('vps1', view, base, t);
    assert.ok(md.startsWith('# Beancounters: vps1 at 1970'), md.slice(0, 80));
    assert.match(md, /\| tcpsndbuf \|.*\| \+12 \| \*\*critical\*\* \|/);
    const noBase = sampleReportMarkdown('vps1', viewOf(grown), undefined, t);
    assert.ok(noBase.includes('compare two copies'), 'without a baseline the report says growth is unknown');
  });
});
