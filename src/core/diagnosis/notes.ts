import type { Localizer } from '../../shared/l10n/localizer';
import { formatPercent as percent } from '../../shared/units';

/**
 * What lowers a verdict's confidence, as an id with its numbers: the decision states it, the text is
 * rendered in a language at the edge ({@link caveatText}).
 */
export type Caveat =
  | { id: 'cancelled'; attempts: number }
  | { id: 'noControl' }
  | { id: 'partlyRefused'; refused: number; attempts: number }
  | { id: 'dropsBelowOverflows' }
  | { id: 'noBeancounters' }
  | { id: 'countersNotRead' }
  | { id: 'invisible'; counted: number; connected: number }
  | { id: 'slowConnects'; latency: number }
  | { id: 'hostDroppedFewer'; dropped: number; lost: number }
  | { id: 'keepAliveAffected' }
  | { id: 'pingLossToo'; fraction: number }
  | { id: 'engagedLimiter'; lowerShare: number; pathAtMost: number }
  | { id: 'noPing' };

/** Why an inconclusive verdict could not be decided, as an id with its numbers. */
export type Reason =
  | { id: 'noAttempts' }
  | { id: 'rebooted' }
  | { id: 'dropsWithoutOverflow' }
  | { id: 'localFailures'; broken: number; attempts: number; codes: string[] }
  | { id: 'resetAfterHandshake'; reset: number }
  | { id: 'noServerCounters' }
  | { id: 'nothingArrived' }
  | { id: 'invisible'; counted: number; connected: number }
  | { id: 'randomWithPingLoss'; lost: number; sent: number };

/** Our connections did not show up in this server's PassiveOpens (a clause, without the full stop). */
function invisible(l: Localizer, counted: number, connected: number): string {
  return l.t(
    'the server counted {0} completed handshakes for the {1} this probe made: another machine or network namespace answered (port forwarding, a load balancer, a container), so its counters do not describe these connections',
    counted,
    connected,
  );
}

/** One caveat as a sentence. */
export function caveatText(c: Caveat, l: Localizer): string {
  switch (c.id) {
    case 'cancelled':
      return l.t('The burst was cancelled after {0} attempts, so only part of it was measured.', c.attempts);
    case 'noControl':
      return l.t('No idle control pair was taken, so background activity on the server could not be subtracted.');
    case 'partlyRefused':
      return l.t(
        'Only {0} of {1} connections were refused: a rate-limiting REJECT rule or a service that restarts would do that.',
        c.refused,
        c.attempts,
      );
    case 'dropsBelowOverflows':
      return l.t(
        'ListenDrops grew less than ListenOverflows, which the kernel never does on its own: the snapshots may be inconsistent.',
      );
    case 'noBeancounters':
      return l.t('The beancounters could not be read, so the numtcpsock failcnt itself was not seen.');
    case 'countersNotRead':
      return l.t("The server's counters were not read, so this rests on the client's timings alone.");
    case 'invisible':
      return l.t('{0}.', capitalize(invisible(l, c.counted, c.connected)));
    case 'slowConnects':
      return l.t(
        '{0} connects were slow without matching a SYN retransmission: the server or the path was slow to answer, nothing was lost.',
        c.latency,
      );
    case 'hostDroppedFewer':
      return l.t(
        'The host dropped {0} packets but at least {1} SYN exchanges were lost: part of the loss may be upstream too.',
        c.dropped,
        c.lost,
      );
    case 'keepAliveAffected':
      return l.t('The keep-alive control was affected as well, which a SYN filter alone does not explain.');
    case 'pingLossToo':
      return l.t('Ping lost {0} too; random loss of that size could explain part of the delays.', percent(c.fraction));
    case 'engagedLimiter':
      return l.t(
        'The delays are not bunched after the start of the burst, but {0} or more of the connects lost SYNs while ping loss explains at most {1}: a rate limit that was already engaged when the burst began.',
        percent(c.lowerShare),
        percent(c.pathAtMost),
      );
    case 'noPing':
      return l.t('No ping was run, so the path loss could not be confirmed independently.');
  }
}

/** Why the evidence did not settle it, as a clause (it follows "The evidence does not settle…: "). */
export function reasonText(r: Reason | undefined, l: Localizer): string {
  if (r === undefined) return l.t('not enough was measured');
  switch (r.id) {
    case 'noAttempts':
      return l.t('the burst made no connection attempt (it was cancelled or could not start)');
    case 'rebooted':
      return l.t('the server rebooted between the two snapshots, so its counters restarted and cannot be compared');
    case 'dropsWithoutOverflow':
      return l.t(
        'the listening socket dropped connections without an accept-queue overflow, which outside OpenVZ points at memory pressure on the host or its cgroup (TCPAbortOnMemory, memory.events), not at the network',
      );
    case 'localFailures':
      return l.t(
        '{0} of {1} attempts failed on this side of the network ({2}), before the server could be judged',
        r.broken,
        r.attempts,
        r.codes.join(', '),
      );
    case 'resetAfterHandshake':
      return l.t(
        '{0} connections were reset or closed after the handshake; on OpenVZ that is the numtcpsock signature (row 9), elsewhere the service itself',
        r.reset,
      );
    case 'noServerCounters':
      return l.t(
        "without the server's own counters (read over SSH before and after the burst) the product cannot tell whether the SYNs died before the server or on it",
      );
    case 'nothingArrived':
      return l.t(
        'no connection completed and nothing arrived at the server (no handshake, no drop counter): the port is blocked on the way, the address is wrong, or the server is down',
      );
    case 'invisible':
      return invisible(l, r.counted, r.connected);
    case 'randomWithPingLoss':
      return l.t(
        'the delays are spread at random over the burst, yet ping lost {0} of {1} probes: TCP-only loss or a filter that drops at random would both do this',
        r.lost,
        r.sent,
      );
  }
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
