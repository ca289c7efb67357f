import assert from 'node:assert/strict';
import { wilsonInterval } from '../../src/core/probes/stats';
import { ADDR, labFor, labTest, type Lab } from './helpers/lab';
import { runPingIn } from './helpers/scenario';

const PROBES = 200;
const INTERVAL_S = 0.02;
/** z for a two-sided 99.9 % interval. */
const Z999 = 3.29;

/**
 * Drops 4 % of the echo requests towards the vps on the router. Only one direction is filtered: with both
 * the request and the reply exposed, the round-trip loss would be 1 − 0.96² ≈ 7.8 %, not 4 %.
 */
const icmpLoss = (expr: string) => `
table inet lab {
  chain fwd_c {
    type filter hook forward priority 0;
    ip daddr ${ADDR.vps} ip protocol icmp ${expr} drop
  }
}
`;

async function pingWith(lab: Lab, expr: string) {
  await lab.nft(lab.router, icmpLoss(expr));
  return runPingIn(lab, PROBES, INTERVAL_S);
}

labTest('random ICMP loss of 4 % on the router: the loss interval contains 4 %', async (t) => {
  const lab = await labFor(t);
  const ping = await pingWith(lab, 'numgen random mod 100 < 4');
  const lost = ping.sent - ping.received;
  t.diagnostic(
    `${lost} of ${ping.sent} lost, 95 % interval ${ping.loss.ci95.map((x) => (x * 100).toFixed(1)).join(' – ')} %`,
  );
  assert.equal(ping.sent, PROBES);
  assert.equal(ping.lostSeqs.length, lost);
  assert.deepEqual(ping.loss.ci95, wilsonInterval(lost, ping.sent));
  // A 95 % interval misses the true rate in 1 run of 20 by design; the test checks the 99.9 % interval of the
  // same count so that it fails for a wrong count, not for bad luck (0.1 %). 0 losses in 200 at 4 % has p = 0.03 %.
  const [lo, hi] = wilsonInterval(lost, ping.sent, Z999);
  assert.ok(lo <= 0.04 && 0.04 <= hi, `99.9 % interval ${lo}–${hi} excludes 4 %`);
  assert.ok(lost > 0);
});

labTest(
  'exactly every 25th echo request dropped: 8 of 200 lost, 95 % interval 2.0 – 7.7 % as in docs/method.md §4.1',
  async (t) => {
    const lab = await labFor(t);
    const ping = await pingWith(lab, 'numgen inc mod 25 == 0');
    assert.equal(ping.sent, PROBES);
    assert.equal(ping.sent - ping.received, 8);
    assert.equal(ping.episodes, 8);
    assert.equal(ping.longestRun, 1);
    const [lo, hi] = ping.loss.ci95;
    // docs/method.md §4.1 table: 8/200 -> 2.0 – 7.7 %.
    assert.equal((lo * 100).toFixed(1), '2.0');
    assert.equal((hi * 100).toFixed(1), '7.7');
    assert.ok(lo <= 0.04 && 0.04 <= hi);
  },
);
