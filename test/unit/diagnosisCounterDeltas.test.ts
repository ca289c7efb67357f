import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { counterDeltas, counterDeltasDetailed } from '../../src/core/diagnosis/counterDeltas';
import { withBackground } from '../../src/core/diagnosis/background';
import { parseCounterTable, type CounterTable } from '../../src/core/kernel/counterTable';
import { parseConntrackStat } from '../../src/core/kernel/conntrack';
import { parseFixture, withRow } from './beancountersFixtures';
import { snapshot } from './diagnosisFixtures';

const kernel = (name: string) =>
  readFileSync(new URL(`../fixtures/kernel/captured-6.18/${name}`, import.meta.url), 'utf8');
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};
const snmp0 = ok(parseCounterTable(kernel('snmp.txt'), 'snmp'));
const netstat0 = ok(parseCounterTable(kernel('netstat.txt'), 'netstat'));

/** A copy of `table` with some counters raised by the given amounts. */
function grow(table: CounterTable, by: Record<string, number>): CounterTable {
  const copy: CounterTable = JSON.parse(JSON.stringify(table));
  for (const [full, n] of Object.entries(by)) {
    const [prefix, name] = full.split('.');
    copy[prefix][name] += n;
  }
  return copy;
}

test('deltas of a captured /proc/net/snmp and netstat, named Prefix.Name, with the derived host-drop count', () => {
  const before = snapshot({ uptime: 100.5, snmp: snmp0, netstat: netstat0 });
  const after = snapshot({
    uptime: 109.75,
    snmp: grow(snmp0, { 'Ip.InReceives': 250, 'Ip.InDelivers': 192, 'Tcp.PassiveOpens': 32, 'Tcp.InSegs': 192 }),
    netstat: grow(netstat0, { 'TcpExt.ListenOverflows': 3 }),
  });
  const d = counterDeltas(before, after);
  assert.equal(d['uptime.seconds'], 9.25);
  assert.equal(d['Ip.InReceives'], 250);
  assert.equal(d['Ip.InDelivers'], 192);
  // docs/method.md §3.5: 58 packets arrived and were dropped on the host before TCP.
  assert.equal(d['Ip.InReceives-InDelivers'], 58);
  assert.equal(d['Tcp.PassiveOpens'], 32);
  assert.equal(d['TcpExt.ListenOverflows'], 3);
  assert.equal(d['TcpExt.ListenDrops'], 0);
  assert.equal(d['Tcp.OutSegs'], 0);
  // Settings and gauges have no delta.
  for (const name of ['Ip.Forwarding', 'Ip.DefaultTTL', 'Tcp.RtoMin', 'Tcp.MaxConn', 'Tcp.CurrEstab'])
    assert.ok(!(name in d), name);
  assert.equal(d['host.rebooted'], undefined);
});

test('a counter that went down restarted: the delta is its new value, never negative, and it is named', () => {
  const before = snapshot({ uptime: 50, snmp: grow(snmp0, { 'Tcp.PassiveOpens': 1000 }) });
  const after = snapshot({ uptime: 60, snmp: grow(snmp0, { 'Tcp.PassiveOpens': 7 }) });
  const r = counterDeltasDetailed(before, after);
  assert.equal(r.deltas['Tcp.PassiveOpens'], snmp0.Tcp.PassiveOpens + 7);
  assert.deepEqual(r.resets, ['Tcp.PassiveOpens']);
});

test('a 32-bit counter that wrapped while the uptime went on counts across the wrap', () => {
  const high = grow(snmp0, { 'Ip.InReceives': 2 ** 32 - 10 - snmp0.Ip.InReceives });
  const low = grow(snmp0, { 'Ip.InReceives': 5 - snmp0.Ip.InReceives });
  const r = counterDeltasDetailed(snapshot({ uptime: 10, snmp: high }), snapshot({ uptime: 12, snmp: low }));
  assert.equal(r.deltas['Ip.InReceives'], 15);
  assert.deepEqual(r.resets, []);
});

test('a reboot (uptime went down) marks host.rebooted and counts every counter as restarted', () => {
  const r = counterDeltasDetailed(snapshot({ uptime: 5000, snmp: snmp0 }), snapshot({ uptime: 30, snmp: snmp0 }));
  assert.equal(r.deltas['host.rebooted'], 1);
  assert.equal(r.deltas['uptime.seconds'], undefined);
  assert.equal(r.deltas['Ip.InReceives'], snmp0.Ip.InReceives);
  assert.ok(r.resets.includes('Ip.InReceives'));
});

test('conntrack columns are summed over CPUs by name; the entries gauge is left out', () => {
  const stat0 = ok(parseConntrackStat(kernel('nf_conntrack.txt')));
  const stat1 = { ...stat0, drop: stat0.drop + 40, early_drop: stat0.early_drop + 2, entries: stat0.entries + 100 };
  const d = counterDeltas(snapshot({ conntrack: stat0 }), snapshot({ conntrack: stat1 }));
  assert.equal(d['conntrack.drop'], 40);
  assert.equal(d['conntrack.early_drop'], 2);
  assert.equal(d['conntrack.entries'], undefined);
});

test('beancounter failcnt deltas are named ubc.<id>.<resource>.failcnt, reset-aware', () => {
  const seed = parseFixture('seed');
  const later = withRow(seed, '12345', 'tcpsndbuf', { failcnt: 1779659 + 5000 });
  const d = counterDeltas(snapshot({ uptime: 1, ubc: seed }), snapshot({ uptime: 61, ubc: later }));
  assert.equal(d['ubc.12345.tcpsndbuf.failcnt'], 5000);
  assert.equal(d['ubc.12345.numtcpsock.failcnt'], 0);
  const restarted = withRow(seed, '12345', 'tcpsndbuf', { failcnt: 12 });
  const r = counterDeltasDetailed(snapshot({ ubc: seed }), snapshot({ ubc: restarted }));
  assert.equal(r.deltas['ubc.12345.tcpsndbuf.failcnt'], 12);
  assert.ok(r.resets.includes('ubc.12345.tcpsndbuf.failcnt'));
});

test('a table missing on either side gives no names for it: missing means unknown, not zero', () => {
  const d = counterDeltas(snapshot({ uptime: 1, snmp: snmp0 }), snapshot({ uptime: 2, netstat: netstat0 }));
  assert.deepEqual(Object.keys(d), ['uptime.seconds']);
});

test('counter names that are Object.prototype members are read as counters, not inherited', () => {
  const t0: CounterTable = { Tcp: { PassiveOpens: 1 } };
  const t1: CounterTable = { Tcp: { PassiveOpens: 2, constructor: 5 }, toString: { valueOf: 3 } };
  const d = counterDeltas(snapshot({ snmp: t0 }), snapshot({ snmp: t1 }));
  assert.deepEqual(d, { 'Tcp.PassiveOpens': 1 });
});

test('property: deltas are never negative (but the derived difference) and every name exists on both sides', () => {
  const table = fc.dictionary(
    fc.constantFrom('Ip', 'Tcp', 'TcpExt'),
    fc.dictionary(
      fc.constantFrom('InReceives', 'InDelivers', 'PassiveOpens', 'ListenOverflows', 'CurrEstab'),
      fc.nat(),
    ),
  );
  fc.assert(
    fc.property(table, table, fc.option(fc.nat(10_000)), fc.option(fc.nat(10_000)), (t0, t1, u0, u1) => {
      const d = counterDeltas(
        snapshot({ snmp: t0, uptime: u0 ?? undefined }),
        snapshot({ snmp: t1, uptime: u1 ?? undefined }),
      );
      for (const [name, v] of Object.entries(d)) {
        assert.ok(Number.isFinite(v), name);
        if (name !== 'Ip.InReceives-InDelivers') assert.ok(v >= 0, `${name} = ${v}`);
        if (name.includes('.') && !['uptime.seconds', 'host.rebooted', 'Ip.InReceives-InDelivers'].includes(name)) {
          const [p, n] = name.split('.');
          assert.ok(Object.hasOwn(t0, p) && Object.hasOwn(t0[p], n) && Object.hasOwn(t1[p], n), name);
        }
      }
    }),
    { numRuns: 200 },
  );
});

test('background: the idle pair is scaled to the burst length and only a clear excess counts', () => {
  const at = withBackground({ 'uptime.seconds': 10, a: 40, b: 3, c: 0 }, { 'uptime.seconds': 5, a: 10, b: 1 });
  assert.deepEqual(at('a'), { name: 'a', delta: 40, background: 20, excess: 20, aboveBackground: true });
  // 3 against a background of 2: within noise.
  assert.equal(at('b')?.aboveBackground, false);
  // No control value for c: background unknown, any growth would count.
  assert.deepEqual(at('c'), { name: 'c', delta: 0, background: null, excess: 0, aboveBackground: false });
  assert.equal(at('missing'), null);
  // Without any control, one event is above background.
  assert.equal(withBackground({ x: 1 })('x')?.aboveBackground, true);
});
