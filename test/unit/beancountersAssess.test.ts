import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessContainer, type ResourceAssessment } from '../../src/core/beancounters/assess';
import { checkConsistency } from '../../src/core/beancounters/consistency';
import { diffBeancounters } from '../../src/core/beancounters/delta';
import { describeResource, KNOWN_RESOURCES, unitOf } from '../../src/core/beancounters/resources';
import type { Container, ResourceRow } from '../../src/core/beancounters/types';
import { parseFixture, withRow } from './beancountersFixtures';

const seed = parseFixture('seed');
const seedCt = seed.containers[0];

function pick(list: ResourceAssessment[], name: string): ResourceAssessment {
  const a = list.find((x) => x.name === name);
  assert.ok(a, `no assessment for ${name}`);
  return a;
}
const text = (a: ResourceAssessment) => a.reasons.join('\n');

/** A one-container table from compact rows: [name, held, maxheld, barrier, limit, failcnt]. */
function container(rows: [string, number, number, number | null, number | null, number][]): Container {
  return {
    id: '101',
    resources: rows.map(([name, held, maxheld, barrier, limit, failcnt], k): ResourceRow => ({
      name,
      unit: unitOf(name),
      held,
      maxheld,
      barrier,
      limit,
      failcnt,
      line: k + 3,
    })),
  };
}

test('seed, one sample: tcpsndbuf warns and explains failcnt, the barrier hit and the headroom', () => {
  const a = pick(assessContainer(seedCt), 'tcpsndbuf');
  assert.equal(a.severity, 'warn');
  assert.equal(a.containerId, '12345');
  const t = text(a);
  assert.match(t, /failcnt is 1,779,659: refused charges counted since the container started \(cumulative\)/);
  assert.match(t, /A second sample will show whether it is still growing now/);
  assert.match(t, /maxheld 1,731,448 bytes reached the barrier of 1,720,320 bytes/);
  assert.match(
    t,
    /limit − barrier is 983,040 bytes, only 2,730 bytes per TCP socket \(360 allowed\); OpenVZ needs at least 2,560 and a page is 4,096/,
  );
  assert.match(
    t,
    /on average 4,778 bytes per allowed TCP socket \(1,720,320 \/ 360\), less than the 16,384-byte send buffer/,
  );
});

test('seed, failcnt growing between samples: tcpsndbuf is critical with the rate', () => {
  const cur = withRow(seed, '12345', 'tcpsndbuf', { failcnt: 1779659 + 4500 });
  const list = assessContainer(cur.containers[0], diffBeancounters(seed, cur, 90));
  const a = pick(list, 'tcpsndbuf');
  assert.equal(a.severity, 'critical');
  assert.match(
    a.reasons[0],
    /^failcnt grew by 4,500 since the previous sample \(3,000 per minute\): the kernel is refusing tcpsndbuf right now\. Programs cannot queue data/,
  );
  const rcv = pick(list, 'tcprcvbuf');
  assert.equal(rcv.severity, 'warn', 'only the barrier hit remains');
  assert.match(text(rcv), /failcnt is 91 since the container started, but it did not grow since the previous sample/);
  assert.equal(pick(list, 'dgramrcvbuf').severity, 'ok');
});

test('after a restart the failures since the restart are critical and said to be so', () => {
  const cur = withRow(seed, '12345', 'tcpsndbuf', { failcnt: 12 });
  const a = pick(assessContainer(cur.containers[0], diffBeancounters(seed, cur, 0)), 'tcpsndbuf');
  assert.equal(a.severity, 'critical');
  assert.match(
    a.reasons[0],
    /^The container started or restarted since the previous sample and failcnt has counted 12 refused charges since then\./,
  );
});

test('seed, other rows: unlimited is informational, barrier 0 falls back to the limit, guarantees are not walls', () => {
  const list = assessContainer(seedCt);
  assert.equal(list.length, 20);
  const kmem = pick(list, 'kmemsize');
  assert.equal(kmem.severity, 'ok');
  assert.match(text(kmem), /unlimited/);
  const phys = pick(list, 'physpages');
  assert.equal(phys.severity, 'warn');
  assert.match(text(phys), /maxheld 262,145 pages \(1 GiB\) reached the limit of 262,144 pages/);
  assert.doesNotMatch(text(phys), /barrier/);
  const oom = pick(list, 'oomguarpages');
  assert.equal(oom.severity, 'ok');
  assert.match(text(oom), /more than its guarantee of 26,112 pages/);
  assert.equal(pick(list, 'dgramrcvbuf').severity, 'warn');
  assert.deepEqual(pick(list, 'numtcpsock'), { containerId: '12345', name: 'numtcpsock', severity: 'ok', reasons: [] });
});

test('held against barrier and limit', () => {
  const list = assessContainer(
    container([
      ['numproc', 240, 240, 240, 240, 0],
      ['physpages', 250000, 250000, 0, 262144, 0],
      ['privvmpages', 66000, 66000, 65536, 69632, 0],
      ['shmpages', 19500, 19500, 21504, 21504, 0],
      ['numfile', 100, 100, 9312, 9312, 0],
      ['tcpsndbuf', 2800000, 2800000, 1720320, 2703360, 0],
    ]),
  );
  assert.equal(pick(list, 'numproc').severity, 'critical');
  assert.match(text(pick(list, 'numproc')), /held 240 has reached the limit of 240/);
  assert.match(text(pick(list, 'physpages')), /held 250,000 pages \(976.6 MiB\) is 95.4% of the limit/);
  assert.equal(pick(list, 'privvmpages').severity, 'warn');
  assert.match(
    text(pick(list, 'privvmpages')),
    /is above the barrier of 65,536 pages \(256 MiB\), at 101% of it: most new charges are refused/,
  );
  assert.match(text(pick(list, 'shmpages')), /is 90.7% of the limit/);
  assert.equal(pick(list, 'numfile').severity, 'ok');
  assert.equal(pick(list, 'tcpsndbuf').severity, 'critical', 'held above the limit through forced charges');
});

test('deltas of another container are ignored', () => {
  const host = parseFixture('hostNode');
  const cur = withRow(host, '0', 'tcpsndbuf', { failcnt: 99 });
  const deltas = diffBeancounters(host, cur, 60);
  const vz7 = cur.containers[2];
  assert.ok(assessContainer(vz7, deltas).every((a) => a.severity !== 'critical'));
  assert.equal(pick(assessContainer(cur.containers[0], deltas), 'tcpsndbuf').severity, 'critical');
});

test('a row with no earlier value in a two-sample comparison says the baseline is missing', () => {
  const a = pick(assessContainer(seedCt, []), 'tcpsndbuf');
  assert.match(text(a), /no earlier value of this row/);
});

test('consistency: per-socket headroom below 2.5 KiB fails vzcfgvalidate', () => {
  const findings = checkConsistency(
    container([
      ['numtcpsock', 10, 10, 1000, 1000, 0],
      ['numothersock', 10, 10, 500, 500, 0],
      ['tcpsndbuf', 0, 0, 1720320, 3000000, 0],
      ['tcprcvbuf', 0, 0, 1720320, 2000000, 0],
      ['othersockbuf', 0, 0, 1126080, 2097152, 0],
    ]),
  );
  const by = (name: string) => findings.filter((f) => f.resource === name).map((f) => `${f.severity}: ${f.message}`);
  assert.deepEqual(by('tcpsndbuf'), [
    "warn: limit − barrier is 1,279,680 bytes, only 1,279 bytes per TCP socket (1,000 allowed); OpenVZ's vzcfgvalidate requires at least 2,560 per socket (2,560,000 in total). Each refused charge adds to failcnt, so it climbs fast whenever the barrier is reached.",
    'ok: The barrier leaves on average 1,720 bytes per allowed TCP socket (1,720,320 / 1,000), less than the 16,384-byte send buffer Linux gives every new TCP socket by default (tcp_wmem), so the container cannot give all its allowed sockets even their initial buffer.',
  ]);
  assert.deepEqual(by('tcprcvbuf'), [
    "warn: limit − barrier is 279,680 bytes, only 279 bytes per TCP socket (1,000 allowed); OpenVZ's vzcfgvalidate recommends at least 2,560 per socket (2,560,000 in total).",
  ]);
  assert.deepEqual(by('othersockbuf'), [
    "warn: limit − barrier is 971,072 bytes, only 1,942 bytes per non-TCP socket (500 allowed); OpenVZ's vzcfgvalidate requires at least 2,560 per socket (1,280,000 in total).",
  ]);
});

test('consistency: minimum barriers, barrier above limit, unlimited rows skipped', () => {
  const findings = checkConsistency(
    container([
      ['numtcpsock', 1, 1, null, null, 0],
      ['tcpsndbuf', 0, 0, 60000, 40000, 0],
      ['tcprcvbuf', 0, 0, null, null, 0],
      ['dgramrcvbuf', 0, 0, 30000, 30000, 0],
      ['othersockbuf', 0, 0, 32768, 32768, 0],
    ]),
  );
  assert.deepEqual(
    findings.map((f) => [f.resource, f.message]),
    [
      [
        'tcpsndbuf',
        'The barrier (60,000) is above the limit (40,000); OpenVZ expects barrier ≤ limit, so the limit is the wall that counts.',
      ],
      ['tcpsndbuf', "The barrier is 60,000 bytes, below the 65,536 bytes OpenVZ's vzcfgvalidate requires."],
      [
        'dgramrcvbuf',
        "The barrier is 30,000 bytes, below the 32,768 bytes OpenVZ's vzcfgvalidate requires (132,096 recommended).",
      ],
    ],
  );
  assert.ok(findings.every((f) => f.severity === 'warn'));
});

test('consistency: a host node with everything unlimited has nothing to say', () => {
  assert.deepEqual(checkConsistency(parseFixture('hostNode').containers[0]), []);
  assert.ok(assessContainer(parseFixture('hostNode').containers[0]).every((a) => a.severity === 'ok'));
});

test('resource table: every known resource has plain sentences and the unit of the naming rule', () => {
  assert.equal(KNOWN_RESOURCES.length, 21);
  for (const name of KNOWN_RESOURCES) {
    const info = describeResource(name);
    assert.ok(info.what.endsWith('.') && info.failure.endsWith('.'), name);
    assert.notEqual(info.class, 'unknown');
  }
  assert.deepEqual(
    [describeResource('tcpsndbuf').unit, describeResource('physpages').unit, describeResource('numiptent').unit],
    ['bytes', 'pages', 'count'],
  );
  assert.equal(describeResource('oomguarpages').barrierIsGuarantee, true);
  const vendor = describeResource('tmpfs_respages');
  assert.deepEqual([vendor.class, vendor.unit], ['unknown', 'pages']);
  assert.equal(describeResource('constructor').class, 'unknown');
});
