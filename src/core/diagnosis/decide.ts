import type { ClientSignature } from './clientSignature';
import type { EvidenceKey } from './evidence';
import { PROBES_FOR_A_CLAIM, type PingSignature } from './pingSignature';
import { above, excessOf, type ServerSignature } from './serverSignature';
import type { Caveat, Reason } from './notes';
import type { Confidence, VerdictId } from './types';

/** What the client, the server and ping said, read into signatures. */
export interface DecisionInput {
  client: ClientSignature;
  server: ServerSignature;
  ping: PingSignature | null;
  /** True on OpenVZ/Virtuozzo, false on anything else, null when unknown. */
  openvz: boolean | null;
}

export interface Decision {
  verdict: VerdictId;
  /** The docs/method.md §3.4 row; null for inconclusive. */
  row: number | null;
  /** The evidence rows the verdict rests on. */
  decisive: EvidenceKey[];
  /** Confidence before caveats. */
  base: Confidence;
  /** Each one lowers the confidence by a level and is told to the user. */
  caveats: Caveat[];
  /** For inconclusive: what is missing or contradictory. */
  reason?: Reason;
}

/** Counters that must stay at background for the "nothing on the host dropped it" verdicts (§3.4 rows 1-3). */
const QUIET_HOST: EvidenceKey[] = [
  'hostDropped',
  'conntrackDrop',
  'reqQFullDrop',
  'listenOverflows',
  'listenDrops',
  'synRetrans',
  'numtcpsock',
];

/**
 * A per-source limiter that is already engaged when a burst starts holds the connection rate down to its
 * sustained rate, so most attempts of a fast burst lose their first SYN (about 85 % in the lab at 3/s).
 * Below this share (lower 95 % bound) random delays are not taken for one.
 */
const ENGAGED_LIMITER_SHARE = 0.25;

/**
 * Walks docs/method.md §3.4 row by row. Host-side counters are checked first, in the order a SYN
 * meets them (conntrack, SYN queue, accept queue, socket allocation), because a counter that moved is
 * direct evidence, while the client's timing only says that something, somewhere, lost a packet.
 */
export function decide(input: DecisionInput): Decision {
  const { client, server } = input;
  const caveats: Caveat[] = [];
  const inconclusive = (reason: Reason, decisive: EvidenceKey[] = []): Decision => ({
    verdict: 'inconclusive',
    row: null,
    decisive,
    base: 'low',
    caveats,
    reason,
  });
  const verdict = (v: VerdictId, row: number, decisive: EvidenceKey[], base: Confidence = 'high'): Decision => ({
    verdict: v,
    row,
    decisive,
    base,
    caveats,
  });

  if (client.attempts === 0) return inconclusive({ id: 'noAttempts' });
  if (server.rebooted) return inconclusive({ id: 'rebooted' });
  if (client.cancelled) caveats.push({ id: 'cancelled', attempts: client.attempts });
  if (server.hasTcp && !server.hasControl) caveats.push({ id: 'noControl' });

  // Row 13: a reset came back to the SYN (an overflow with tcp_abort_on_overflow=1 is row 5, below).
  if (client.failures.refused > 0 && !above(server.listenOverflows)) {
    if (client.failures.refused < client.attempts) {
      caveats.push({ id: 'partlyRefused', refused: client.failures.refused, attempts: client.attempts });
    }
    return verdict('connection-refused', 13, ['failures', 'outRsts']);
  }
  // Row 8: conntrack drops happen before TCP, so no TCP counter moves.
  if (above(server.conntrackDrop)) return verdict('conntrack-full', 8, ['conntrackDrop', 'hostDropped']);
  // Row 6: SYN queue full with syncookies off.
  if (above(server.reqQFullDrop)) return verdict('syn-queue-full', 6, ['reqQFullDrop']);
  // Row 5: accept queue full; ListenDrops counts every overflow too, so it is at least as large.
  if (above(server.listenOverflows)) {
    if (server.listenDrops !== null && excessOf(server.listenDrops) < excessOf(server.listenOverflows)) {
      caveats.push({ id: 'dropsBelowOverflows' });
    }
    return verdict('accept-queue-overflow', 5, ['listenOverflows', 'listenDrops', 'delays', 'failures']);
  }
  const dropsWithoutOverflow = above(server.listenDrops);
  // Row 9: the child socket could not be charged to numtcpsock (ListenDrops without ListenOverflows).
  if (above(server.numtcpsock) || (dropsWithoutOverflow && input.openvz === true)) {
    if (server.numtcpsock === null) caveats.push({ id: 'noBeancounters' });
    return verdict('beancounter-numtcpsock', 9, ['numtcpsock', 'listenDrops', 'listenOverflows']);
  }
  // Row 12 has no verdict of its own: say what it points at.
  if (dropsWithoutOverflow) {
    return inconclusive({ id: 'dropsWithoutOverflow' }, ['listenDrops', 'listenOverflows', 'memoryPressure']);
  }
  // Row 7: the SYN queue overflowed but syncookies answered; connections still work.
  if (above(server.cookies)) return verdict('syn-queue-full', 7, ['cookies'], 'medium');

  if (client.delayed + client.failures.unanswered > 0) return decideLostSyns(input, caveats, { inconclusive, verdict });

  const broken = client.failures.unreachable + client.failures.local + client.failures.other;
  if (broken > 0) {
    return inconclusive(
      { id: 'localFailures', broken, attempts: client.attempts, codes: client.failureCodes.map((f) => f.code) },
      ['failures'],
    );
  }
  // Row 10: handshakes fine, socket buffers refused.
  if (above(server.sockbuf)) return verdict('beancounter-sockbuf', 10, ['sockbuf', 'attempts']);
  if (client.failures.reset > 0) {
    return inconclusive({ id: 'resetAfterHandshake', reset: client.failures.reset }, ['failures', 'numtcpsock']);
  }
  // Row 1.
  if (!server.hasTcp) caveats.push({ id: 'countersNotRead' });
  else if (server.passiveOpens !== null && excessOf(server.passiveOpens) < 0.5 * client.connected)
    caveats.push(invisible(client, server));
  if (client.latency > 0) {
    caveats.push({ id: 'slowConnects', latency: client.latency });
  }
  return verdict('healthy', 1, ['attempts', 'passiveOpens', ...QUIET_HOST]);
}

/** Builders that share the caveat list of one decision. */
interface Make {
  inconclusive: (reason: Reason, decisive?: EvidenceKey[]) => Decision;
  verdict: (v: VerdictId, row: number, decisive: EvidenceKey[], base?: Confidence) => Decision;
}

/** Some SYN exchanges were lost and no host-side queue or table counter explains it: where did they die? */
function decideLostSyns(input: DecisionInput, caveats: Caveat[], { inconclusive, verdict }: Make): Decision {
  const { client, server, ping } = input;
  if (!server.hasTcp) {
    return inconclusive({ id: 'noServerCounters' }, ['delays', 'position', 'keepAlive']);
  }
  // Row 11, read from counters: packets reached the host and died before TCP.
  if (above(server.hostDropped)) {
    if (server.hostDropped.excess < 0.5 * client.lostSynsAtLeast) {
      caveats.push({
        id: 'hostDroppedFewer',
        dropped: Math.round(server.hostDropped.excess),
        lost: client.lostSynsAtLeast,
      });
    }
    return verdict('host-firewall-drop', 11, ['hostDropped', 'delays', 'position', 'passiveOpens']);
  }
  // Row 4: the SYN arrived and the server had to resend its SYN-ACK, about once per delayed connect.
  if (above(server.synRetrans) && server.synRetrans.excess >= 0.5 * client.delayed) {
    return verdict('return-path-loss', 4, ['synRetrans', 'delays', 'hostDropped']);
  }
  if (client.connected === 0) {
    return inconclusive({ id: 'nothingArrived' }, ['failures', 'passiveOpens', 'hostDropped']);
  }
  if (server.passiveOpens !== null && excessOf(server.passiveOpens) < 0.5 * client.connected) {
    return inconclusive(invisible(client, server), ['passiveOpens', 'attempts']);
  }
  // Row 2: losses after the front of the burst, nothing on the host dropped anything.
  if (client.position === 'front-fast-then-delayed') {
    if (!client.keepAlive.fine) caveats.push({ id: 'keepAliveAffected' });
    if (ping !== null && ping.lost > 0 && lossExplainsDelays(client, ping) === true) {
      caveats.push({ id: 'pingLossToo', fraction: ping.fraction });
    }
    return verdict('upstream-syn-filter', 2, ['position', 'delays', 'keepAlive', 'passiveOpens', ...QUIET_HOST]);
  }
  // Row 3: delays at random positions, and the path loses enough packets to explain them.
  const explained = lossExplainsDelays(client, ping);
  if (ping !== null && ping.lost > 0 && explained) {
    return verdict(
      'path-loss',
      3,
      ['ping', 'position', 'delays', ...QUIET_HOST],
      ping.sent >= PROBES_FOR_A_CLAIM ? 'high' : 'medium',
    );
  }
  // Row 2 once more: far more delays than the path's loss explains, while an established connection is
  // fine, is a rate limit that was already engaged when the burst began (its allowance used up by earlier
  // connections), so the delays are not bunched after the start.
  if (explained === false && client.keepAlive.fine && client.lostCi95[0] >= ENGAGED_LIMITER_SHARE) {
    caveats.push({ id: 'engagedLimiter', lowerShare: client.lostCi95[0], pathAtMost: pathDelayAtMost(ping) });
    return verdict('upstream-syn-filter', 2, ['delays', 'ping', 'keepAlive', 'passiveOpens', ...QUIET_HOST]);
  }
  if (ping === null) {
    caveats.push({ id: 'noPing' });
    return verdict('path-loss', 3, ['position', 'delays', ...QUIET_HOST], 'medium');
  }
  return inconclusive({ id: 'randomWithPingLoss', lost: ping.lost, sent: ping.sent }, ['position', 'delays', 'ping']);
}

/**
 * The largest share of connects that random loss at ping's upper 95 % bound would delay: a connect is
 * delayed when its SYN or the SYN-ACK is lost, 1 − (1 − p)², and ICMP echo loss is a round trip already.
 */
function pathDelayAtMost(ping: PingSignature | null): number {
  const p = ping === null ? 1 : ping.ci95[1];
  return 1 - (1 - p) ** 2;
}

/** Whether the path's loss can explain the delayed share; null without a ping to tell. */
function lossExplainsDelays(client: ClientSignature, ping: PingSignature | null): boolean | null {
  if (ping === null) return null;
  return client.lostCi95[0] <= pathDelayAtMost(ping);
}

/** Our connections did not show up in this server's PassiveOpens: another machine answered. */
function invisible(client: ClientSignature, server: ServerSignature): Reason & Caveat {
  return { id: 'invisible', counted: Math.round(excessOf(server.passiveOpens)), connected: client.connected };
}
