import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/core/diagnosis/diagnose';
import type { Diagnosis, VerdictId } from '../../src/core/diagnosis/types';
import { burstOf, fast, idleDeltas, labRun, pingOf, quietDeltas, randomShots, seedShots } from './diagnosisFixtures';

const decisive = (d: Diagnosis): string[] => d.evidence.filter((e) => e.decisive).map((e) => e.label);
const hasDecisive = (d: Diagnosis, pattern: RegExp) =>
  assert.ok(
    decisive(d).some((l) => pattern.test(l)),
    `${pattern} not decisive in ${JSON.stringify(decisive(d))}`,
  );

test('recorded lab runs (kernel 6.18, 32 connects at 4) get the verdict of the fault that was set up', () => {
  const expected: [string, VerdictId, Diagnosis['confidence']][] = [
    ['upstream-syn-filter', 'upstream-syn-filter', 'high'],
    // The probe's baseline connects used up the limiter's allowance: no front signature, the ping rules out path loss.
    ['upstream-syn-filter-engaged', 'upstream-syn-filter', 'medium'],
    ['host-firewall-drop', 'host-firewall-drop', 'high'],
    ['accept-queue-overflow', 'accept-queue-overflow', 'high'],
    ['healthy-1', 'healthy', 'high'],
  ];
  for (const [name, verdict, confidence] of expected) {
    const d = diagnose(labRun(name));
    assert.equal(d.verdict, verdict, `${name}: ${d.summary} ${d.explanation}`);
    assert.equal(d.confidence, confidence, `${name}: ${d.explanation}`);
  }
});

test('seed signature: one-step delays after the first attempts, keep-alive fine, PassiveOpens ≈ N, nothing dropped on the host', () => {
  const d = diagnose({ burst: burstOf(seedShots), deltas: quietDeltas(), idleDeltas: idleDeltas() });
  assert.equal(d.verdict, 'upstream-syn-filter');
  assert.equal(d.row, 2);
  assert.equal(d.confidence, 'high');
  assert.equal(d.summary, "The SYNs never reached your server; your provider's network dropped them.");
  hasDecisive(d, /Ip\.InReceives − Ip\.InDelivers/);
  hasDecisive(d, /Tcp\.PassiveOpens/);
  hasDecisive(d, /Keep-alive/);
  hasDecisive(d, /Where in the burst/);
  assert.match(d.explanation, /first 4 went through/);
  assert.match(d.explanation, /24 after one SYN retransmission, 4 after 2 SYN retransmissions/);
  assert.equal(d.nextSteps.provider.length, 3);
  assert.match(
    d.nextSteps.provider[0],
    /32 new TCP connections to 198\.19\.1\.2:8080, 4 at a time, lost the first SYN of 28 connections after the first 4/,
  );
  assert.match(d.nextSteps.provider[1], /Tcp\.PassiveOpens \+36, Ip\.InReceives − Ip\.InDelivers 0/);
});

test('without the idle control the same evidence is only medium confidence, and says why', () => {
  const d = diagnose({ burst: burstOf(seedShots), deltas: quietDeltas() });
  assert.equal(d.verdict, 'upstream-syn-filter');
  assert.equal(d.confidence, 'medium');
  assert.match(d.explanation, /No idle control pair was taken/);
});

test('same client signature, InReceives − InDelivers clearly above background -> host-firewall-drop', () => {
  const deltas = quietDeltas({ 'Ip.InReceives': 250, 'Ip.InReceives-InDelivers': 58 });
  const d = diagnose({ burst: burstOf(seedShots), deltas, idleDeltas: idleDeltas() });
  assert.equal(d.verdict, 'host-firewall-drop');
  assert.equal(d.row, 11);
  hasDecisive(d, /Ip\.InReceives − Ip\.InDelivers/);
  assert.match(d.explanation, /\+58 packets were received but never delivered to TCP/);
});

test('host drops at the level of the idle background (scanners hitting a firewall) do not make a host-firewall verdict', () => {
  const d = diagnose({
    burst: burstOf(seedShots),
    deltas: quietDeltas({ 'Ip.InReceives': 212, 'Ip.InReceives-InDelivers': 20 }),
    idleDeltas: idleDeltas({ 'Ip.InReceives': 36, 'Ip.InReceives-InDelivers': 22 }),
  });
  assert.equal(d.verdict, 'upstream-syn-filter');
});

test('ListenOverflows Δ > 0 -> accept-queue-overflow', () => {
  const shots = [0.3, 0.3, ...Array.from({ length: 30 }, () => 'DEADLINE')];
  const d = diagnose({
    burst: burstOf(shots, { mode: 'tcp' }),
    deltas: quietDeltas({ 'TcpExt.ListenOverflows': 32, 'TcpExt.ListenDrops': 32, 'Tcp.PassiveOpens': 2 }),
    idleDeltas: idleDeltas(),
  });
  assert.equal(d.verdict, 'accept-queue-overflow');
  assert.equal(d.row, 5);
  hasDecisive(d, /ListenOverflows/);
});

test('ECONNREFUSED on every attempt -> connection-refused (high); on some -> medium, with the reason', () => {
  const all = diagnose({
    burst: burstOf(Array.from({ length: 32 }, () => 'ECONNREFUSED')),
    deltas: quietDeltas({ 'Tcp.PassiveOpens': 0, 'Tcp.OutRsts': 32 }),
    idleDeltas: idleDeltas(),
  });
  assert.equal(all.verdict, 'connection-refused');
  assert.equal(all.confidence, 'high');
  assert.match(all.summary, /nothing listens on port 8080/);
  const some = diagnose({
    burst: burstOf([...fast(28), 'ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']),
    deltas: quietDeltas(),
    idleDeltas: idleDeltas(),
  });
  assert.equal(some.verdict, 'connection-refused');
  assert.equal(some.confidence, 'medium');
  assert.match(some.explanation, /Only 4 of 32 connections were refused/);
});

test('delays at random positions with ping loss -> path-loss, with the ping decisive', () => {
  const d = diagnose({
    burst: burstOf(randomShots),
    ping: pingOf(200, 16),
    deltas: quietDeltas(),
    idleDeltas: idleDeltas(),
  });
  assert.equal(d.verdict, 'path-loss');
  assert.equal(d.row, 3);
  assert.equal(d.confidence, 'high');
  hasDecisive(d, /^Ping/);
  assert.match(d.explanation, /Ping lost 16 of 200 \(8\.0 %, 95 % interval 5\.0 – 12\.6 %\)/);
});

test('random delays and no ping: path-loss at low confidence, saying the ping is missing', () => {
  const d = diagnose({ burst: burstOf(randomShots), deltas: quietDeltas(), idleDeltas: idleDeltas() });
  assert.equal(d.verdict, 'path-loss');
  assert.equal(d.confidence, 'low');
  assert.match(d.explanation, /No ping was run/);
});

test('random delays, far more than a clean ping explains, keep-alive fine -> an already engaged rate limit', () => {
  const shots = Array.from({ length: 32 }, (_, i) => (i % 3 === 0 ? 0.3 : 1020));
  const d = diagnose({ burst: burstOf(shots), ping: pingOf(200, 0), deltas: quietDeltas(), idleDeltas: idleDeltas() });
  assert.equal(d.verdict, 'upstream-syn-filter');
  assert.equal(d.confidence, 'medium');
  assert.match(d.explanation, /already engaged/);
});

test('a few random delays and a clean ping: inconclusive, naming both explanations', () => {
  const d = diagnose({
    burst: burstOf(randomShots),
    ping: pingOf(200, 0),
    deltas: quietDeltas(),
    idleDeltas: idleDeltas(),
  });
  assert.equal(d.verdict, 'inconclusive');
  assert.equal(d.row, null);
  assert.match(d.summary, /TCP-only loss or a filter that drops at random/);
});

test('TCPSynRetrans Δ about one per delayed connect -> return-path-loss', () => {
  const d = diagnose({
    burst: burstOf(randomShots),
    deltas: quietDeltas({ 'TcpExt.TCPSynRetrans': 4 }),
    idleDeltas: idleDeltas(),
  });
  assert.equal(d.verdict, 'return-path-loss');
  assert.equal(d.row, 4);
  hasDecisive(d, /TCPSynRetrans/);
});

test('conntrack drops -> conntrack-full; TCPReqQFullDrop -> syn-queue-full (row 6); syncookies -> syn-queue-full (row 7)', () => {
  const burst = burstOf(seedShots);
  const conntrack = diagnose({
    burst,
    deltas: quietDeltas({ 'conntrack.drop': 12, 'Ip.InReceives-InDelivers': 12 }),
    idleDeltas: idleDeltas(),
  });
  assert.equal(conntrack.verdict, 'conntrack-full');
  assert.equal(conntrack.row, 8);
  const synQueue = diagnose({ burst, deltas: quietDeltas({ 'TcpExt.TCPReqQFullDrop': 9 }), idleDeltas: idleDeltas() });
  assert.equal(synQueue.verdict, 'syn-queue-full');
  assert.equal(synQueue.row, 6);
  assert.match(synQueue.summary, /syncookies are off/);
  const cookies = diagnose({
    burst: burstOf(fast(32)),
    deltas: quietDeltas({ 'TcpExt.SyncookiesSent': 40 }),
    idleDeltas: idleDeltas(),
  });
  assert.equal(cookies.verdict, 'syn-queue-full');
  assert.equal(cookies.row, 7);
  assert.equal(cookies.confidence, 'medium');
});

test('numtcpsock: failcnt Δ, or ListenDrops without overflows on OpenVZ -> beancounter-numtcpsock; elsewhere inconclusive (row 12)', () => {
  const burst = burstOf([...fast(24), ...Array.from({ length: 8 }, () => 'ECONNRESET')]);
  const failcnt = diagnose({
    burst,
    deltas: quietDeltas({ 'ubc.12345.numtcpsock.failcnt': 8, 'TcpExt.ListenDrops': 8 }),
    idleDeltas: idleDeltas({ 'ubc.12345.numtcpsock.failcnt': 0 }),
  });
  assert.equal(failcnt.verdict, 'beancounter-numtcpsock');
  assert.equal(failcnt.row, 9);
  hasDecisive(failcnt, /numtcpsock/);
  const drops = { burst, deltas: quietDeltas({ 'TcpExt.ListenDrops': 8 }), idleDeltas: idleDeltas() };
  const openvz = diagnose({ ...drops, virtualization: 'openvz-container' });
  assert.equal(openvz.verdict, 'beancounter-numtcpsock');
  assert.match(openvz.explanation, /beancounters could not be read/);
  const kvm = diagnose({ ...drops, virtualization: 'kvm' });
  assert.equal(kvm.verdict, 'inconclusive');
  assert.match(kvm.summary, /memory pressure/);
});

test('tcpsndbuf failcnt growth with a healthy handshake -> beancounter-sockbuf, with the buffer finding', () => {
  const d = diagnose({
    burst: burstOf(fast(32)),
    deltas: quietDeltas({ 'ubc.12345.tcpsndbuf.failcnt': 5400, 'ubc.12345.tcprcvbuf.failcnt': 0 }),
    idleDeltas: idleDeltas({ 'ubc.12345.tcpsndbuf.failcnt': 30, 'ubc.12345.tcprcvbuf.failcnt': 0 }),
  });
  assert.equal(d.verdict, 'beancounter-sockbuf');
  assert.equal(d.row, 10);
  const buffers = d.findings.find((f) => f.topic === 'buffers');
  assert.ok(buffers);
  assert.equal(buffers.status, 'problem');
  assert.match(buffers.lines[0], /refused 5370 charges during the burst/);
});

test('all connects fast, PassiveOpens ≈ N, nothing dropped -> healthy (high); without server counters only medium', () => {
  const d = diagnose({ burst: burstOf(fast(32)), deltas: quietDeltas(), idleDeltas: idleDeltas() });
  assert.equal(d.verdict, 'healthy');
  assert.equal(d.row, 1);
  assert.equal(d.confidence, 'high');
  const clientOnly = diagnose({ burst: burstOf(fast(32)), deltas: {} });
  assert.equal(clientOnly.verdict, 'healthy');
  assert.equal(clientOnly.confidence, 'medium');
  assert.match(clientOnly.explanation, /counters were not read/);
});

test('insufficient or contradictory evidence is inconclusive and says what is missing', () => {
  const noServer = diagnose({ burst: burstOf(seedShots), deltas: {} });
  assert.equal(noServer.verdict, 'inconclusive');
  assert.match(noServer.summary, /without the server's own counters/);
  assert.match(noServer.nextSteps.user[0], /Connect to the server over SSH/);
  const rebooted = diagnose({ burst: burstOf(seedShots), deltas: { 'host.rebooted': 1, 'Tcp.PassiveOpens': 36 } });
  assert.equal(rebooted.verdict, 'inconclusive');
  assert.match(rebooted.summary, /rebooted/);
  const elsewhere = diagnose({
    burst: burstOf(seedShots),
    deltas: quietDeltas({ 'Tcp.PassiveOpens': 0 }),
    idleDeltas: idleDeltas(),
  });
  assert.equal(elsewhere.verdict, 'inconclusive');
  assert.match(elsewhere.summary, /another machine or network namespace answered/);
  const empty = diagnose({ burst: burstOf([]), deltas: quietDeltas() });
  assert.equal(empty.verdict, 'inconclusive');
});

test('ping and buffer risk come out as findings beside the verdict, with the ICMP caveat', () => {
  const d = diagnose({
    burst: burstOf(seedShots),
    ping: pingOf(200, 8),
    deltas: quietDeltas(),
    idleDeltas: idleDeltas(),
  });
  assert.equal(d.verdict, 'upstream-syn-filter');
  const ping = d.findings.find((f) => f.topic === 'ping');
  assert.ok(ping);
  assert.equal(ping.title, 'Ping: 4.0 % loss');
  assert.equal(ping.lines[0], '8 of 200 pings lost: 4.0 %, 95 % interval 2.0 – 7.7 %.');
  assert.ok(ping.lines.some((l) => /ICMP loss is not TCP loss/.test(l)));
  const clean = diagnose({ burst: burstOf(fast(32)), ping: pingOf(50, 0), deltas: quietDeltas() }).findings[0];
  assert.equal(clean.lines[0], 'No loss in 50 pings: with 95 % confidence the loss is below 7.1 %.');
  assert.match(clean.lines[1], /Only 50 probes/);
});
