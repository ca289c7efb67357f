import type { ClientSignature } from './clientSignature';
import type { EvidenceKey } from './evidence';
import { formatPercent as percent } from '../../shared/units';
import { PROBES_FOR_A_CLAIM, type PingSignature } from './pingSignature';
import { above, excessOf, type ServerSignature } from './serverSignature';
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
  caveats: string[];
  /** For inconclusive: what is missing or contradictory, in one sentence. */
  reason?: string;
}

/** Counters that must stay at background for the "nothing on the host dropped it" verdicts (§3.4 rows 1-3). */
const QUIET_HOST: EvidenceKey[] = ['hostDropped', 'conntrackDrop', 'reqQFullDrop', 'listenOverflows', 'listenDrops', 'synRetrans', 'numtcpsock'];

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
  const caveats: string[] = [];
  const inconclusive = (reason: string, decisive: EvidenceKey[] = []): Decision =>
    ({ verdict: 'inconclusive', row: null, decisive, base: 'low', caveats, reason });
  const verdict = (v: VerdictId, row: number, decisive: EvidenceKey[], base: Confidence = 'high'): Decision =>
    ({ verdict: v, row, decisive, base, caveats });

  if (client.attempts === 0) return inconclusive('the burst made no connection attempt (it was cancelled or could not start)');
  if (server.rebooted) return inconclusive('the server rebooted between the two snapshots, so its counters restarted and cannot be compared');
  if (client.cancelled) caveats.push(`The burst was cancelled after ${client.attempts} attempts, so only part of it was measured.`);
  if (server.hasTcp && !server.hasControl) caveats.push('No idle control pair was taken, so background activity on the server could not be subtracted.');

  // Row 13: a reset came back to the SYN (an overflow with tcp_abort_on_overflow=1 is row 5, below).
  if (client.failures.refused > 0 && !above(server.listenOverflows)) {
    if (client.failures.refused < client.attempts) {
      caveats.push(`Only ${client.failures.refused} of ${client.attempts} connections were refused: a rate-limiting REJECT rule or a service that restarts would do that.`);
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
      caveats.push('ListenDrops grew less than ListenOverflows, which the kernel never does on its own: the snapshots may be inconsistent.');
    }
    return verdict('accept-queue-overflow', 5, ['listenOverflows', 'listenDrops', 'delays', 'failures']);
  }
  const dropsWithoutOverflow = above(server.listenDrops);
  // Row 9: the child socket could not be charged to numtcpsock (ListenDrops without ListenOverflows).
  if (above(server.numtcpsock) || (dropsWithoutOverflow && input.openvz === true)) {
    if (server.numtcpsock === null) caveats.push('The beancounters could not be read, so the numtcpsock failcnt itself was not seen.');
    return verdict('beancounter-numtcpsock', 9, ['numtcpsock', 'listenDrops', 'listenOverflows']);
  }
  // Row 12 has no verdict of its own: say what it points at.
  if (dropsWithoutOverflow) {
    return inconclusive('the listening socket dropped connections without an accept-queue overflow, which outside OpenVZ points at memory pressure on the host or its cgroup (TCPAbortOnMemory, memory.events), not at the network',
      ['listenDrops', 'listenOverflows', 'memoryPressure']);
  }
  // Row 7: the SYN queue overflowed but syncookies answered; connections still work.
  if (above(server.cookies)) return verdict('syn-queue-full', 7, ['cookies'], 'medium');

  if (client.delayed + client.failures.unanswered > 0) return decideLostSyns(input, caveats, { inconclusive, verdict });

  const broken = client.failures.unreachable + client.failures.local + client.failures.other;
  if (broken > 0) {
    return inconclusive(`${broken} of ${client.attempts} attempts failed on this side of the network (${client.failureCodes.map((f) => f.code).join(', ')}), before the server could be judged`, ['failures']);
  }
  // Row 10: handshakes fine, socket buffers refused.
  if (above(server.sockbuf)) return verdict('beancounter-sockbuf', 10, ['sockbuf', 'attempts']);
  if (client.failures.reset > 0) {
    return inconclusive(`${client.failures.reset} connections were reset or closed after the handshake; on OpenVZ that is the numtcpsock signature (row 9), elsewhere the service itself`, ['failures', 'numtcpsock']);
  }
  // Row 1.
  if (!server.hasTcp) caveats.push('The server\'s counters were not read, so this rests on the client\'s timings alone.');
  else if (server.passiveOpens !== null && excessOf(server.passiveOpens) < 0.5 * client.connected) caveats.push(`${capitalize(invisible(client, server))}.`);
  if (client.latency > 0) {
    caveats.push(`${client.latency} connects were slow without matching a SYN retransmission: the server or the path was slow to answer, nothing was lost.`);
  }
  return verdict('healthy', 1, ['attempts', 'passiveOpens', ...QUIET_HOST]);
}

/** Builders that share the caveat list of one decision. */
interface Make {
  inconclusive: (reason: string, decisive?: EvidenceKey[]) => Decision;
  verdict: (v: VerdictId, row: number, decisive: EvidenceKey[], base?: Confidence) => Decision;
}

/** Some SYN exchanges were lost and no host-side queue or table counter explains it: where did they die? */
function decideLostSyns(input: DecisionInput, caveats: string[], { inconclusive, verdict }: Make): Decision {
  const { client, server, ping } = input;
  if (!server.hasTcp) {
    return inconclusive('without the server\'s own counters (read over SSH before and after the burst) the product cannot tell whether the SYNs died before the server or on it',
      ['delays', 'position', 'keepAlive']);
  }
  // Row 11, read from counters: packets reached the host and died before TCP.
  if (above(server.hostDropped)) {
    if (server.hostDropped.excess < 0.5 * client.lostSynsAtLeast) {
      caveats.push(`The host dropped ${Math.round(server.hostDropped.excess)} packets but at least ${client.lostSynsAtLeast} SYN exchanges were lost: part of the loss may be upstream too.`);
    }
    return verdict('host-firewall-drop', 11, ['hostDropped', 'delays', 'position', 'passiveOpens']);
  }
  // Row 4: the SYN arrived and the server had to resend its SYN-ACK, about once per delayed connect.
  if (above(server.synRetrans) && server.synRetrans.excess >= 0.5 * client.delayed) {
    return verdict('return-path-loss', 4, ['synRetrans', 'delays', 'hostDropped']);
  }
  if (client.connected === 0) {
    return inconclusive('no connection completed and nothing arrived at the server (no handshake, no drop counter): the port is blocked on the way, the address is wrong, or the server is down',
      ['failures', 'passiveOpens', 'hostDropped']);
  }
  if (server.passiveOpens !== null && excessOf(server.passiveOpens) < 0.5 * client.connected) {
    return inconclusive(invisible(client, server), ['passiveOpens', 'attempts']);
  }
  // Row 2: losses after the front of the burst, nothing on the host dropped anything.
  if (client.position === 'front-fast-then-delayed') {
    if (!client.keepAlive.fine) caveats.push('The keep-alive control was affected as well, which a SYN filter alone does not explain.');
    if (ping !== null && ping.lost > 0 && lossExplainsDelays(client, ping) === true) {
      caveats.push(`Ping lost ${percent(ping.fraction)} too; random loss of that size could explain part of the delays.`);
    }
    return verdict('upstream-syn-filter', 2, ['position', 'delays', 'keepAlive', 'passiveOpens', ...QUIET_HOST]);
  }
  // Row 3: delays at random positions, and the path loses enough packets to explain them.
  const explained = lossExplainsDelays(client, ping);
  if (ping !== null && ping.lost > 0 && explained) {
    return verdict('path-loss', 3, ['ping', 'position', 'delays', ...QUIET_HOST], ping.sent >= PROBES_FOR_A_CLAIM ? 'high' : 'medium');
  }
  // Row 2 once more: far more delays than the path's loss explains, while an established connection is
  // fine, is a rate limit that was already engaged when the burst began (its allowance used up by earlier
  // connections), so the delays are not bunched after the start.
  if (explained === false && client.keepAlive.fine && client.lostCi95[0] >= ENGAGED_LIMITER_SHARE) {
    caveats.push(`The delays are not bunched after the start of the burst, but ${percent(client.lostCi95[0])} or more of the connects lost SYNs while ping loss explains at most ${percent(pathDelayAtMost(ping))}: a rate limit that was already engaged when the burst began.`);
    return verdict('upstream-syn-filter', 2, ['delays', 'ping', 'keepAlive', 'passiveOpens', ...QUIET_HOST]);
  }
  if (ping === null) {
    caveats.push('No ping was run, so the path loss could not be confirmed independently.');
    return verdict('path-loss', 3, ['position', 'delays', ...QUIET_HOST], 'medium');
  }
  return inconclusive(`the delays are spread at random over the burst, yet ping lost ${ping.lost} of ${ping.sent} probes: TCP-only loss or a filter that drops at random would both do this`,
    ['position', 'delays', 'ping']);
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

/** Our connections did not show up in this server's PassiveOpens (a clause, without the full stop). */
function invisible(client: ClientSignature, server: ServerSignature): string {
  return `the server counted ${Math.round(excessOf(server.passiveOpens))} completed handshakes for the ${client.connected} this probe made: ` +
    'another machine or network namespace answered (port forwarding, a load balancer, a container), so its counters do not describe these connections';
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
