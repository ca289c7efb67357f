import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePingOutput, type ParsedPing, type PingPlatform } from '../../src/core/probes/ping';
import { PING_FIXTURES, pingFixture } from './pingFixtures';

const PLATFORMS: PingPlatform[] = ['linux', 'darwin', 'win32', 'busybox'];
const RUNS = { numRuns: 200 };

/** Everything a result must satisfy whatever the input was. Returns the broken rule, or null. */
function unsound(p: ParsedPing): string | null {
  const seqs = [...p.replies.map((r) => r.seq), ...p.lostSeqs].sort((a, b) => a - b);
  const lost = p.lostSeqs.length;
  if (!Number.isInteger(p.sent) || p.sent < 1) return 'sent';
  if (p.received !== p.replies.length || p.received > p.sent || lost + p.received !== p.sent) return 'received';
  if (new Set(seqs).size !== seqs.length || seqs.some((s, i) => i > 0 && s !== seqs[i - 1] + 1))
    return 'sequence numbers';
  if (!Number.isInteger(p.duplicates) || p.duplicates < 0) return 'duplicates';
  if (p.replies.some((r) => !Number.isFinite(r.rttMs) || r.rttMs < 0)) return 'rtt < 0';
  const [lo, hi] = p.loss.ci95;
  if (p.loss.fraction !== lost / p.sent || !(lo >= 0 && lo <= p.loss.fraction && p.loss.fraction <= hi && hi <= 1))
    return 'loss';
  if (p.longestRun > lost || p.episodes > lost || lost > 0 !== p.episodes > 0) return 'runs';
  if ((p.rtt === null) !== (p.received === 0)) return 'rtt presence';
  if (p.rtt !== null) {
    const r = p.rtt;
    if (!(
      r.min <= r.p50 &&
      r.p50 <= r.p95 &&
      r.p95 <= r.max &&
      r.min <= r.avg + 1e-9 &&
      r.avg <= r.max + 1e-9 &&
      r.mdev >= 0
    ))
      return 'rtt order';
  }
  return null;
}

function checked(text: string, platform: PingPlatform, sent?: number): boolean {
  const r = parsePingOutput(text, platform, sent);
  if (!r.ok) return r.error.line >= 0 && r.error.line <= text.split(/\r\n|\n|\r/).length && r.error.message.length > 0;
  const why = unsound(r.value);
  if (why !== null) throw new Error(`unsound result (${why}) for ${JSON.stringify(text.slice(0, 300))}`);
  return true;
}

test('property: any text is a result or an error naming a real line, never a throw', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', maxLength: 2000 }),
      fc.constantFrom(...PLATFORMS),
      fc.option(fc.integer({ min: -2, max: 70 })),
      (text, platform, sent) => checked(text, platform, sent ?? undefined),
    ),
    RUNS,
  );
});

type Mutation =
  | { kind: 'delete' | 'duplicate'; at: number }
  | { kind: 'swap'; at: number; other: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'edit'; at: number; pos: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 80 }) }),
  fc.record({
    kind: fc.constant('edit' as const),
    at: fc.nat(),
    pos: fc.nat(),
    text: fc.constantFrom(
      '',
      '=',
      '<',
      ',',
      '.',
      ' ',
      '9',
      '0',
      'ms',
      'TTL=1',
      '(DUP!)',
      'icmp_seq=',
      'seq=',
      '---',
      'nan',
      '\u00e9',
      '-1',
    ),
  }),
);

function mutate(lines: string[], m: Mutation): string[] {
  if (lines.length === 0) return lines;
  const out = [...lines];
  const i = m.at % out.length;
  switch (m.kind) {
    case 'delete':
      out.splice(i, 1);
      break;
    case 'duplicate':
      out.splice(i, 0, out[i]);
      break;
    case 'swap': {
      const j = m.other % out.length;
      [out[i], out[j]] = [out[j], out[i]];
      break;
    }
    case 'insert':
      out.splice(i, 0, m.text);
      break;
    case 'edit': {
      const pos = m.pos % (out[i].length + 1);
      out[i] = out[i].slice(0, pos) + m.text + out[i].slice(pos + 1);
      break;
    }
  }
  return out;
}

test('property: mutated fixtures stay total and every result they give is sound', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...PING_FIXTURES),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      ({ file, platform }, ms) => {
        const lines = ms.reduce(mutate, pingFixture(file).split('\n'));
        return checked(lines.join('\n'), platform);
      },
    ),
    RUNS,
  );
});

test('huge lines are handled (a result or an error, no catastrophic backtracking)', () => {
  const filler = [
    '='.repeat(100_000),
    'a=1 '.repeat(25_000),
    '9'.repeat(100_000),
    'time=1'.repeat(16_000),
    ' '.repeat(99_999) + 'ms',
  ];
  for (const platform of PLATFORMS) {
    for (const f of filler) {
      assert.ok(checked(f, platform));
      assert.ok(checked(pingFixture('linux-loopback.txt').replace('\n64 bytes', `\n${f}\n64 bytes`), platform));
    }
  }
});

/** A run to render: per probe, its RTT in whole microseconds or null, and how many duplicate copies came back. */
const timeline = fc.array(
  fc.record({
    rttUs: fc.option(fc.integer({ min: 0, max: 3_000_000 }), { nil: null }),
    dups: fc.integer({ min: 0, max: 2 }),
  }),
  { minLength: 1, maxLength: 60 },
);
type Timeline = { rttUs: number | null; dups: number }[];
const ms = (us: number): string => (us / 1000).toFixed(3);

/** iputils with -O: a "no answer yet" line for each lost probe but the last, as ping prints them. */
function renderIputils(t: Timeline): string {
  const out = ['PING 192.0.2.10 (192.0.2.10) 56(84) bytes of data.'];
  t.forEach((p, k) => {
    if (p.rttUs === null) {
      if (k < t.length - 1) out.push(`no answer yet for icmp_seq=${k + 1}`);
      return;
    }
    out.push(`64 bytes from 192.0.2.10: icmp_seq=${k + 1} ttl=54 time=${ms(p.rttUs)} ms`);
    for (let d = 0; d < p.dups; d++)
      out.push(`64 bytes from 192.0.2.10: icmp_seq=${k + 1} ttl=54 time=${ms(p.rttUs + d + 1)} ms (DUP!)`);
  });
  const received = t.filter((p) => p.rttUs !== null).length;
  const dups = t.reduce((s, p) => s + (p.rttUs === null ? 0 : p.dups), 0);
  out.push(
    '',
    '--- 192.0.2.10 ping statistics ---',
    `${t.length} packets transmitted, ${received} received${dups ? `, +${dups} duplicates` : ''}, 0% packet loss, time 1000ms`,
  );
  return out.join('\n') + '\n';
}

function renderBusyBoxOrMac(t: Timeline, mac: boolean): string {
  const out = [`PING 192.0.2.10 (192.0.2.10): 56 data bytes`];
  t.forEach((p, k) => {
    const seq = mac ? `icmp_seq=${k}` : `seq=${k}`;
    if (p.rttUs === null) {
      if (mac) out.push(`Request timeout for icmp_seq ${k}`);
      return;
    }
    out.push(`64 bytes from 192.0.2.10: ${seq} ttl=54 time=${ms(p.rttUs)} ms`);
    for (let d = 0; d < p.dups; d++) out.push(`64 bytes from 192.0.2.10: ${seq} ttl=54 time=${ms(p.rttUs)} ms (DUP!)`);
  });
  const received = t.filter((p) => p.rttUs !== null).length;
  const dups = t.reduce((s, p) => s + (p.rttUs === null ? 0 : p.dups), 0);
  const dupText = dups ? (mac ? `+${dups} duplicates, ` : `${dups} duplicates, `) : '';
  out.push(
    '',
    '--- 192.0.2.10 ping statistics ---',
    `${t.length} packets transmitted, ${received} packets received, ${dupText}0% packet loss`,
  );
  return out.join('\n') + '\n';
}

function renderWindows(t: Timeline): string {
  const out = ['', 'Pinging 192.0.2.10 with 32 bytes of data:'];
  for (const p of t) {
    if (p.rttUs === null) out.push('Request timed out.');
    else out.push(`Reply from 192.0.2.10: bytes=32 time=${Math.round(p.rttUs / 1000) || 1}ms TTL=54`);
  }
  const received = t.filter((p) => p.rttUs !== null).length;
  out.push(
    '',
    'Ping statistics for 192.0.2.10:',
    `    Packets: Sent = ${t.length}, Received = ${received}, Lost = ${t.length - received} (0% loss),`,
  );
  return out.join('\r\n') + '\r\n';
}

function agrees(
  text: string,
  platform: PingPlatform,
  t: Timeline,
  firstSeq: number,
  rtt: (us: number) => number,
): boolean {
  const r = parsePingOutput(text, platform);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const want = t.map((p, k) => ({ seq: k + firstSeq, rtt: p.rttUs === null ? null : rtt(p.rttUs) }));
  const dups = platform === 'win32' ? 0 : t.reduce((s, p) => s + (p.rttUs === null ? 0 : p.dups), 0);
  assert.deepEqual(
    r.value.lostSeqs,
    want.filter((w) => w.rtt === null).map((w) => w.seq),
  );
  assert.deepEqual(
    r.value.replies,
    want.filter((w) => w.rtt !== null).map((w) => ({ seq: w.seq, rttMs: w.rtt })),
  );
  assert.equal(r.value.duplicates, dups);
  assert.equal(r.value.sent, t.length);
  return unsound(r.value) === null;
}

test('property: generated runs in each format read back exactly', () => {
  fc.assert(
    fc.property(timeline, (t) => {
      const us = (x: number): number => Number(ms(x));
      return (
        agrees(renderIputils(t), 'linux', t, 1, us) &&
        agrees(renderBusyBoxOrMac(t, false), 'busybox', t, 0, us) &&
        agrees(renderBusyBoxOrMac(t, true), 'darwin', t, 0, us) &&
        agrees(renderWindows(t), 'win32', t, 1, (x) => Math.round(x / 1000) || 1)
      );
    }),
    RUNS,
  );
});
