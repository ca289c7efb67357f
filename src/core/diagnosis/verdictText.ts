import { keepAliveErrorText } from '../probes/keepAliveErrors';
import { english, sentences, type Localizer } from '../../shared/l10n/localizer';
import type { CounterChange } from './background';
import type { ClientSignature } from './clientSignature';
import type { Decision } from './decide';
import {
  formatIntervalInProse as interval,
  formatPercent as percent,
  formatSigned as signed,
} from '../../shared/units';
import { reasonText } from './notes';
import type { PingSignature } from './pingSignature';
import type { ServerSignature } from './serverSignature';
import type { Diagnosis } from './types';

export interface TextInput {
  decision: Decision;
  client: ClientSignature;
  server: ServerSignature;
  ping: PingSignature | null;
}

type Text = Pick<Diagnosis, 'summary' | 'explanation' | 'nextSteps'>;

/** `+32` for a known change (its excess over background), `not read` otherwise. */
const plus = (c: CounterChange | null, l: Localizer): string =>
  c === null ? l.t('not read') : signed(Math.round(c.excess));

/** What the client saw, in one or two sentences with the numbers. */
function clientStory(c: ClientSignature, l: Localizer): string {
  const lost = c.delayed + c.failures.unanswered;
  const head = (rest: string): string =>
    l.t(
      'Of {0} new connections to {1} ({2} at a time), {3} connected at once{4}.',
      c.attempts,
      c.target,
      c.concurrency,
      c.fast,
      rest,
    );
  if (lost === 0) return head('');
  const ks = Object.entries(c.histogram)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([k, n]) =>
      k === '1' ? l.t(', {0} after one SYN retransmission', n) : l.t(', {0} after {1} SYN retransmissions', n, k),
    )
    .join('');
  const delayed =
    c.delayed > 0 ? `${ks}${l.t(' (one retransmission step is {0} s)', (c.firstStepMs / 1000).toFixed(0))}` : '';
  const unanswered =
    c.failures.unanswered > 0 ? l.t(', and {0} got no answer at all before the deadline', c.failures.unanswered) : '';
  const where =
    c.position === 'front-fast-then-delayed'
      ? l.t('The first {0} went through; the lost SYNs all came after them.', c.firstDelayedIndex ?? 0)
      : c.position === 'random'
        ? l.t('The lost SYNs are spread over the burst, not bunched after its start.')
        : '';
  return sentences(l, [head(`${delayed}${unanswered}`), where]);
}

function keepAliveStory(c: ClientSignature, l: Localizer): string {
  const ka = c.keepAlive;
  if (ka.requests === 0) return l.t('The keep-alive control was not measured.');
  if (!ka.fine) {
    return ka.error === null
      ? l.t('The keep-alive control was affected too ({0} of {1} failed).', ka.failed, ka.requests)
      : l.t(
          'The keep-alive control was affected too ({0} of {1} failed: {2}).',
          ka.failed,
          ka.requests,
          keepAliveErrorText(ka.error, l),
        );
  }
  if (c.mode !== 'http')
    return l.t(
      'Meanwhile one connection held open through the burst stayed up: existing connections were fine, only new ones suffered.',
    );
  return ka.slowestMs === null
    ? l.t(
        'Meanwhile {0} requests over one kept-alive connection all succeeded: existing connections were fine, only new ones suffered.',
        ka.requests,
      )
    : l.t(
        'Meanwhile {0} requests over one kept-alive connection all succeeded (slowest {1} ms): existing connections were fine, only new ones suffered.',
        ka.requests,
        Math.round(ka.slowestMs),
      );
}

/** The counters that stayed quiet, as one clause. */
function quietHost(s: ServerSignature, l: Localizer): string {
  return l.t(
    'Tcp.PassiveOpens {0}, Ip.InReceives − Ip.InDelivers {1}, ListenOverflows {2}, ListenDrops {3}, TCPSynRetrans {4}, conntrack drops {5}',
    plus(s.passiveOpens, l),
    plus(s.hostDropped, l),
    plus(s.listenOverflows, l),
    plus(s.listenDrops, l),
    plus(s.synRetrans, l),
    plus(s.conntrackDrop, l),
  );
}

const controlNote = (s: ServerSignature, l: Localizer): string =>
  s.hasControl ? l.t(' (above an idle control of the same length)') : '';

/** Summary, explanation and next steps for the decided verdict, in the localizer's language. */
export function verdictText(t: TextInput, l: Localizer = english): Text {
  const { decision, client: c, server: s, ping } = t;
  const port = c.target.slice(c.target.lastIndexOf(':') + 1);
  const story = clientStory(c, l);
  const both = (...parts: string[]): string => sentences(l, parts);
  const quiet = `${quietHost(s, l)}${controlNote(s, l)}`;
  const lostConnections = c.delayed + c.failures.unanswered;
  switch (decision.verdict) {
    case 'healthy':
      return {
        summary: l.t(
          'New connections to {0} were answered at once; nothing on the handshake path dropped SYNs.',
          c.target,
        ),
        explanation: both(
          story,
          s.hasTcp ? l.t('On the server, {0}: every handshake arrived and no drop counter moved.', quiet) : '',
        ),
        nextSteps: {
          user: [
            l.t(
              'If failures happen at other times, run the diagnosis again while they happen, or with a larger burst.',
            ),
          ],
          provider: [],
        },
      };
    case 'upstream-syn-filter':
      return {
        summary: l.t("The SYNs never reached your server; your provider's network dropped them."),
        explanation: both(
          story,
          keepAliveStory(c, l),
          l.t(
            'On the server, {0}: the delayed connections still arrived once their SYN was resent, every packet that reached the host was delivered to TCP, and no queue, table or beancounter refused anything.',
            quiet,
          ),
          l.t(
            "So the first SYNs of those connections were dropped before they reached the server. Something on the way counts SYNs per source address and drops those above a rate: typically a provider's anti-SYN-flood filter. Clients that open many connections at once (yum/libcurl, browsers, monitoring) stall for whole seconds.",
          ),
        ),
        nextSteps: {
          user: [
            l.t(
              'Run the burst again with concurrency 1: if the delays vanish, the limit is on the connection rate per source.',
            ),
            l.t(
              'Reuse connections where you can (HTTP keep-alive, fewer parallel downloads) so fewer new SYNs are needed.',
            ),
            l.t('With root on the server, confirm with tcpdump during a burst: only the retransmitted SYNs arrive.'),
          ],
          provider: [
            c.position === 'front-fast-then-delayed'
              ? l.t(
                  'A burst of {0} new TCP connections to {1}, {2} at a time, lost the first SYN of {3} connections after the first {4}; one already-open connection was unaffected.',
                  c.attempts,
                  c.target,
                  c.concurrency,
                  lostConnections,
                  c.firstDelayedIndex ?? 0,
                )
              : l.t(
                  'A burst of {0} new TCP connections to {1}, {2} at a time, lost the first SYN of {3} connections; one already-open connection was unaffected.',
                  c.attempts,
                  c.target,
                  c.concurrency,
                  lostConnections,
                ),
            l.t("The server's own counters show those SYNs never arrived: {0}.", quiet),
            l.t(
              'Please check whether an anti-DDoS or per-source SYN rate limit applies to port {0} of this server and raise or remove it: a filter that drops every SYN above the rate makes honest clients retransmit and time out.',
              port,
            ),
          ],
        },
      };
    case 'host-firewall-drop':
      return {
        summary: l.t('The SYNs reached your server, and its own firewall dropped them before TCP saw them.'),
        explanation: both(
          story,
          keepAliveStory(c, l),
          l.t(
            'On the server, {0} packets were received but never delivered to TCP (Ip.InReceives − Ip.InDelivers){1}, while queues and tables stayed quiet.',
            plus(s.hostDropped, l),
            controlNote(s, l),
          ),
          l.t(
            "Packets that arrive and vanish before TCP are dropped by the host's netfilter rules: a SYN rate limit such as CSF, fail2ban, an iptables hashlimit/connlimit or an nft meter.",
          ),
        ),
        nextSteps: {
          user: [
            l.t(
              'List the firewall rules and their counters as root (iptables -nvxL, nft list ruleset) and look for a SYN or new-connection rate limit on this port.',
            ),
            l.t(
              'Raise or remove that limit for legitimate clients, or exempt the addresses that burst (your own machines, monitoring).',
            ),
          ],
          provider: [],
        },
      };
    case 'path-loss': {
      const pingLost = ping !== null && ping.lost > 0 ? ping : null;
      return {
        summary: l.t(
          'Packets are lost at random on the way to your server, which delays new connections by a SYN retransmission.',
        ),
        explanation: both(
          story,
          l.t(
            "The delays do not depend on where in the burst a connection was, as random loss would have it, and the server's drop counters stayed quiet.",
          ),
          pingLost !== null
            ? l.t(
                'Ping lost {0} of {1} ({2}, 95 % interval {3}).',
                pingLost.lost,
                pingLost.sent,
                percent(pingLost.fraction),
                interval(pingLost.ci95),
              )
            : '',
          l.t('Each lost SYN or SYN-ACK costs a connection one retransmission step.'),
        ),
        nextSteps: {
          user: [
            l.t('Run mtr or traceroute to the server to see on which hop the loss starts, at several times of day.'),
          ],
          provider: [
            pingLost !== null
              ? l.t(
                  'Ping to {0} loses {1} ({2} of {3}, 95 % interval {4}) and {5} of {6} new TCP connections needed a SYN retransmission; please check the path to this server for packet loss.',
                  pingLost.host,
                  percent(pingLost.fraction),
                  pingLost.lost,
                  pingLost.sent,
                  interval(pingLost.ci95),
                  c.delayed,
                  c.attempts,
                )
              : l.t(
                  '{0} of {1} new TCP connections to {2} needed a SYN retransmission at random positions; please check the path to this server for packet loss.',
                  c.delayed,
                  c.attempts,
                  c.target,
                ),
          ],
        },
      };
    }
    case 'return-path-loss':
      return {
        summary: l.t('Your server received the SYNs and answered, but its SYN-ACKs were lost on the way back.'),
        explanation: both(
          story,
          l.t(
            'On the server, TCPSynRetrans grew by {0}{1}, about one per delayed connection: the server had to resend its SYN-ACK, so the SYN had arrived and the answer was lost (or filtered near the client).',
            plus(s.synRetrans, l),
            controlNote(s, l),
          ),
        ),
        nextSteps: {
          user: [
            l.t(
              'Check for a firewall near the client that drops incoming SYN-ACKs, and run mtr from the server towards the client.',
            ),
          ],
          provider: [
            l.t(
              'The server resent {0} SYN-ACKs during a burst of {1} connections from one client; please check the outbound path from this server for loss.',
              plus(s.synRetrans, l),
              c.attempts,
            ),
          ],
        },
      };
    case 'accept-queue-overflow':
      return {
        summary: l.t(
          'The accept queue on port {0} overflowed: the application did not accept connections fast enough, so the kernel dropped SYNs.',
          port,
        ),
        explanation: both(
          story,
          l.t(
            "On the server, ListenOverflows grew by {0} and ListenDrops by {1}{2}: the listening socket's queue of finished handshakes was full, so further SYNs were dropped and the clients retransmitted. The counters count packets, so every retransmitted SYN adds one.",
            plus(s.listenOverflows, l),
            plus(s.listenDrops, l),
            controlNote(s, l),
          ),
        ),
        nextSteps: {
          user: [
            l.t('Check the listener with ss -ltn during a burst: Recv-Q at Send-Q means the queue is full.'),
            l.t(
              "Raise the application's listen backlog and net.core.somaxconn, and make the application accept faster (more workers, less blocking work in the accept loop).",
            ),
          ],
          provider: [],
        },
      };
    case 'syn-queue-full':
      return decision.row === 7
        ? {
            summary: l.t(
              "The server's SYN queue overflowed; syncookies kept connections working, but something is flooding it.",
            ),
            explanation: both(
              story,
              l.t(
                'On the server, syncookies were sent {0} times{1}: the queue of half-open connections was full and the kernel answered with cookies instead, which loses TCP options such as window scaling.',
                plus(s.cookies, l),
                controlNote(s, l),
              ),
            ),
            nextSteps: {
              user: [
                l.t(
                  'Find the source of the SYN flood (ss -tn state syn-recv), and raise net.ipv4.tcp_max_syn_backlog and the listen backlog.',
                ),
              ],
              provider: [],
            },
          }
        : {
            summary: l.t("The server's SYN queue was full and syncookies are off, so the kernel dropped SYNs."),
            explanation: both(
              story,
              l.t(
                'On the server, TCPReqQFullDrop grew by {0}{1}: the queue of half-open connections was full and, with net.ipv4.tcp_syncookies = 0, each further SYN was dropped.',
                plus(s.reqQFullDrop, l),
                controlNote(s, l),
              ),
            ),
            nextSteps: {
              user: [
                l.t('Set net.ipv4.tcp_syncookies = 1 and raise net.ipv4.tcp_max_syn_backlog and the listen backlog.'),
              ],
              provider: [],
            },
          };
    case 'conntrack-full':
      return {
        summary: l.t('The connection-tracking table was full, so new connections were dropped before TCP saw them.'),
        explanation: both(
          story,
          l.t(
            'On the server, conntrack dropped {0} packets{1} while no TCP counter moved: netfilter could not create an entry for the new connections. Pings to the server may fail too.',
            plus(s.conntrackDrop, l),
            controlNote(s, l),
          ),
        ),
        nextSteps: {
          user: [
            l.t(
              'Compare /proc/sys/net/netfilter/nf_conntrack_count with nf_conntrack_max, shorten conntrack timeouts, and find what opens so many flows.',
            ),
          ],
          provider: [
            l.t(
              'The conntrack table of this server is full (nf_conntrack drops during a test burst); please raise nf_conntrack_max for this container or check the host.',
            ),
          ],
        },
      };
    case 'beancounter-numtcpsock':
      return {
        summary: l.t(
          'The container hit its numtcpsock beancounter limit: the kernel refused sockets for new connections.',
        ),
        explanation: both(
          story,
          l.t(
            'On the server, the numtcpsock failcnt grew by {0} and ListenDrops by {1} without any accept-queue overflow (ListenOverflows {2}){3}: the handshake completed but the container was not allowed another TCP socket, so the connection was dropped.',
            plus(s.numtcpsock, l),
            plus(s.listenDrops, l),
            plus(s.listenOverflows, l),
            controlNote(s, l),
          ),
        ),
        nextSteps: {
          user: [
            l.t(
              'Lower the number of simultaneous TCP sockets (keep-alive timeouts, worker counts, idle connections), and watch numtcpsock held against its limit.',
            ),
          ],
          provider: [
            l.t(
              'The numtcpsock beancounter of this container refuses sockets (failcnt {0} during a burst of {1} connections); please raise numtcpsock.',
              plus(s.numtcpsock, l),
              c.attempts,
            ),
          ],
        },
      };
    case 'beancounter-sockbuf':
      return {
        summary: l.t(
          'Handshakes are healthy, but the container keeps hitting its socket-buffer beancounter limits, which slows or stalls transfers.',
        ),
        explanation: both(
          story,
          l.t(
            'On the server, the tcpsndbuf/tcprcvbuf/othersockbuf failcnt grew by {0}{1} while no SYN was lost: the problem is buffer memory per container, not the handshake. See the buffer finding for the arithmetic.',
            plus(s.sockbuf, l),
            controlNote(s, l),
          ),
        ),
        nextSteps: {
          user: [
            l.t(
              'Cap per-connection buffering (SO_SNDBUF, fewer parallel transfers), and see the buffer finding for how many busy sockets fit below the barrier.',
            ),
          ],
          provider: [
            l.t(
              'The tcpsndbuf/tcprcvbuf beancounters of this container refuse charges (failcnt {0} in a short test); please raise tcpsndbuf and tcprcvbuf or move the container to an unlimited (VSwap) configuration.',
              plus(s.sockbuf, l),
            ),
          ],
        },
      };
    case 'connection-refused':
      return {
        summary: l.t(
          'The server refused the connections: nothing listens on port {0}, or a firewall rejects them.',
          port,
        ),
        explanation: both(
          story,
          s.outRsts === null
            ? l.t('{0} attempts were refused at once (ECONNREFUSED).', c.failures.refused)
            : l.t(
                '{0} attempts were refused at once (ECONNREFUSED), and the server sent {1} resets.',
                c.failures.refused,
                plus(s.outRsts, l),
              ),
        ),
        nextSteps: {
          user: [l.t('Check that the service listens on port {0} (ss -ltn) and that no REJECT rule covers it.', port)],
          provider: [],
        },
      };
    case 'inconclusive':
      return {
        summary: l.t('The evidence does not settle where the connections failed: {0}.', reasonText(decision.reason, l)),
        explanation: both(
          story,
          s.hasTcp ? l.t('On the server, {0}.', quiet) : l.t("The server's counters were not read."),
        ),
        nextSteps: {
          user: [
            s.hasTcp
              ? l.t('Run the diagnosis again, with a larger burst and an idle control, while the problem happens.')
              : l.t('Connect to the server over SSH so its counters can be read before and after the burst.'),
          ],
          provider: [],
        },
      };
  }
}
