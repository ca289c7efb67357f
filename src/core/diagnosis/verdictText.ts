import type { CounterChange } from './background';
import type { ClientSignature } from './clientSignature';
import type { Decision } from './decide';
import { formatIntervalInProse as interval, formatPercent as percent, formatSigned as signed } from '../../shared/units';
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
const plus = (c: CounterChange | null): string => (c === null ? 'not read' : signed(Math.round(c.excess)));

/** What the client saw, in one or two sentences with the numbers. */
function clientStory(c: ClientSignature): string {
  const lost = c.delayed + c.failures.unanswered;
  const head = `Of ${c.attempts} new connections to ${c.target} (${c.concurrency} at a time), ${c.fast} connected at once`;
  if (lost === 0) return `${head}.`;
  const ks = Object.entries(c.histogram).sort(([a], [b]) => Number(a) - Number(b))
    .map(([k, n]) => `${n} after ${k === '1' ? 'one SYN retransmission' : `${k} SYN retransmissions`}`).join(', ');
  const delayed = c.delayed > 0 ? `, ${ks} (one retransmission step is ${(c.firstStepMs / 1000).toFixed(0)} s)` : '';
  const unanswered = c.failures.unanswered > 0 ? `, and ${c.failures.unanswered} got no answer at all before the deadline` : '';
  const where = c.position === 'front-fast-then-delayed'
    ? ` The first ${c.firstDelayedIndex ?? 0} went through; the lost SYNs all came after them.`
    : c.position === 'random' ? ' The lost SYNs are spread over the burst, not bunched after its start.' : '';
  return `${head}${delayed}${unanswered}.${where}`;
}

function keepAliveStory(c: ClientSignature): string {
  const ka = c.keepAlive;
  if (ka.requests === 0) return 'The keep-alive control was not measured.';
  if (!ka.fine) return `The keep-alive control was affected too (${ka.failed} of ${ka.requests} failed${ka.error === null ? '' : `: ${ka.error}`}).`;
  return c.mode === 'http'
    ? `Meanwhile ${ka.requests} requests over one kept-alive connection all succeeded${ka.slowestMs === null ? '' : ` (slowest ${Math.round(ka.slowestMs)} ms)`}: existing connections were fine, only new ones suffered.`
    : 'Meanwhile one connection held open through the burst stayed up: existing connections were fine, only new ones suffered.';
}

/** The counters that stayed quiet, as one clause. */
function quietHost(s: ServerSignature): string {
  return `Tcp.PassiveOpens ${plus(s.passiveOpens)}, Ip.InReceives − Ip.InDelivers ${plus(s.hostDropped)}, ListenOverflows ${plus(s.listenOverflows)}, ` +
    `ListenDrops ${plus(s.listenDrops)}, TCPSynRetrans ${plus(s.synRetrans)}, conntrack drops ${plus(s.conntrackDrop)}`;
}

const controlNote = (s: ServerSignature): string => (s.hasControl ? ' (above an idle control of the same length)' : '');

/** Summary, explanation and next steps for the decided verdict. */
export function verdictText(t: TextInput): Text {
  const { decision, client: c, server: s, ping } = t;
  const port = c.target.slice(c.target.lastIndexOf(':') + 1);
  const story = clientStory(c);
  switch (decision.verdict) {
    case 'healthy':
      return {
        summary: `New connections to ${c.target} were answered at once; nothing on the handshake path dropped SYNs.`,
        explanation: `${story} ${s.hasTcp ? `On the server, ${quietHost(s)}${controlNote(s)}: every handshake arrived and no drop counter moved.` : ''}`.trim(),
        nextSteps: {
          user: ['If failures happen at other times, run the diagnosis again while they happen, or with a larger burst.'],
          provider: [],
        },
      };
    case 'upstream-syn-filter':
      return {
        summary: 'The SYNs never reached your server; your provider\'s network dropped them.',
        explanation: `${story} ${keepAliveStory(c)} On the server, ${quietHost(s)}${controlNote(s)}: the delayed connections still arrived once their SYN was resent, ` +
          'every packet that reached the host was delivered to TCP, and no queue, table or beancounter refused anything. So the first SYNs of those connections were dropped before they reached the server. ' +
          'Something on the way counts SYNs per source address and drops those above a rate: typically a provider\'s anti-SYN-flood filter. Clients that open many connections at once (yum/libcurl, browsers, monitoring) stall for whole seconds.',
        nextSteps: {
          user: [
            'Run the burst again with concurrency 1: if the delays vanish, the limit is on the connection rate per source.',
            'Reuse connections where you can (HTTP keep-alive, fewer parallel downloads) so fewer new SYNs are needed.',
            'With root on the server, confirm with tcpdump during a burst: only the retransmitted SYNs arrive.',
          ],
          provider: [
            `A burst of ${c.attempts} new TCP connections to ${c.target}, ${c.concurrency} at a time, lost the first SYN of ${c.delayed + c.failures.unanswered} connections` +
              `${c.position === 'front-fast-then-delayed' ? ` after the first ${c.firstDelayedIndex ?? 0}` : ''}; one already-open connection was unaffected.`,
            `The server's own counters show those SYNs never arrived: ${quietHost(s)}${controlNote(s)}.`,
            `Please check whether an anti-DDoS or per-source SYN rate limit applies to port ${port} of this server and raise or remove it: a filter that drops every SYN above the rate makes honest clients retransmit and time out.`,
          ],
        },
      };
    case 'host-firewall-drop':
      return {
        summary: 'The SYNs reached your server, and its own firewall dropped them before TCP saw them.',
        explanation: `${story} ${keepAliveStory(c)} On the server, ${plus(s.hostDropped)} packets were received but never delivered to TCP (Ip.InReceives − Ip.InDelivers)${controlNote(s)}, while queues and tables stayed quiet. ` +
          'Packets that arrive and vanish before TCP are dropped by the host\'s netfilter rules: a SYN rate limit such as CSF, fail2ban, an iptables hashlimit/connlimit or an nft meter.',
        nextSteps: {
          user: [
            'List the firewall rules and their counters as root (iptables -nvxL, nft list ruleset) and look for a SYN or new-connection rate limit on this port.',
            'Raise or remove that limit for legitimate clients, or exempt the addresses that burst (your own machines, monitoring).',
          ],
          provider: [],
        },
      };
    case 'path-loss':
      return {
        summary: 'Packets are lost at random on the way to your server, which delays new connections by a SYN retransmission.',
        explanation: `${story} The delays do not depend on where in the burst a connection was, as random loss would have it, and the server's drop counters stayed quiet. ` +
          (ping !== null && ping.lost > 0 ? `Ping lost ${ping.lost} of ${ping.sent} (${percent(ping.fraction)}, 95 % interval ${interval(ping.ci95)}). ` : '') +
          'Each lost SYN or SYN-ACK costs a connection one retransmission step.',
        nextSteps: {
          user: ['Run mtr or traceroute to the server to see on which hop the loss starts, at several times of day.'],
          provider: [
            ping !== null && ping.lost > 0
              ? `Ping to ${ping.host} loses ${percent(ping.fraction)} (${ping.lost} of ${ping.sent}, 95 % interval ${interval(ping.ci95)}) and ${c.delayed} of ${c.attempts} new TCP connections needed a SYN retransmission; please check the path to this server for packet loss.`
              : `${c.delayed} of ${c.attempts} new TCP connections to ${c.target} needed a SYN retransmission at random positions; please check the path to this server for packet loss.`,
          ],
        },
      };
    case 'return-path-loss':
      return {
        summary: 'Your server received the SYNs and answered, but its SYN-ACKs were lost on the way back.',
        explanation: `${story} On the server, TCPSynRetrans grew by ${plus(s.synRetrans)}${controlNote(s)}, about one per delayed connection: the server had to resend its SYN-ACK, so the SYN had arrived and the answer was lost (or filtered near the client).`,
        nextSteps: {
          user: ['Check for a firewall near the client that drops incoming SYN-ACKs, and run mtr from the server towards the client.'],
          provider: [`The server resent ${plus(s.synRetrans)} SYN-ACKs during a burst of ${c.attempts} connections from one client; please check the outbound path from this server for loss.`],
        },
      };
    case 'accept-queue-overflow':
      return {
        summary: `The accept queue on port ${port} overflowed: the application did not accept connections fast enough, so the kernel dropped SYNs.`,
        explanation: `${story} On the server, ListenOverflows grew by ${plus(s.listenOverflows)} and ListenDrops by ${plus(s.listenDrops)}${controlNote(s)}: the listening socket's queue of finished handshakes was full, so further SYNs were dropped and the clients retransmitted. The counters count packets, so every retransmitted SYN adds one.`,
        nextSteps: {
          user: [
            'Check the listener with ss -ltn during a burst: Recv-Q at Send-Q means the queue is full.',
            'Raise the application\'s listen backlog and net.core.somaxconn, and make the application accept faster (more workers, less blocking work in the accept loop).',
          ],
          provider: [],
        },
      };
    case 'syn-queue-full':
      return decision.row === 7
        ? {
          summary: 'The server\'s SYN queue overflowed; syncookies kept connections working, but something is flooding it.',
          explanation: `${story} On the server, syncookies were sent ${plus(s.cookies)} times${controlNote(s)}: the queue of half-open connections was full and the kernel answered with cookies instead, which loses TCP options such as window scaling.`,
          nextSteps: { user: ['Find the source of the SYN flood (ss -tn state syn-recv), and raise net.ipv4.tcp_max_syn_backlog and the listen backlog.'], provider: [] },
        }
        : {
          summary: 'The server\'s SYN queue was full and syncookies are off, so the kernel dropped SYNs.',
          explanation: `${story} On the server, TCPReqQFullDrop grew by ${plus(s.reqQFullDrop)}${controlNote(s)}: the queue of half-open connections was full and, with net.ipv4.tcp_syncookies = 0, each further SYN was dropped.`,
          nextSteps: { user: ['Set net.ipv4.tcp_syncookies = 1 and raise net.ipv4.tcp_max_syn_backlog and the listen backlog.'], provider: [] },
        };
    case 'conntrack-full':
      return {
        summary: 'The connection-tracking table was full, so new connections were dropped before TCP saw them.',
        explanation: `${story} On the server, conntrack dropped ${plus(s.conntrackDrop)} packets${controlNote(s)} while no TCP counter moved: netfilter could not create an entry for the new connections. Pings to the server may fail too.`,
        nextSteps: {
          user: ['Compare /proc/sys/net/netfilter/nf_conntrack_count with nf_conntrack_max, shorten conntrack timeouts, and find what opens so many flows.'],
          provider: ['The conntrack table of this server is full (nf_conntrack drops during a test burst); please raise nf_conntrack_max for this container or check the host.'],
        },
      };
    case 'beancounter-numtcpsock':
      return {
        summary: 'The container hit its numtcpsock beancounter limit: the kernel refused sockets for new connections.',
        explanation: `${story} On the server, the numtcpsock failcnt grew by ${plus(s.numtcpsock)} and ListenDrops by ${plus(s.listenDrops)} without any accept-queue overflow (ListenOverflows ${plus(s.listenOverflows)})${controlNote(s)}: the handshake completed but the container was not allowed another TCP socket, so the connection was dropped.`,
        nextSteps: {
          user: ['Lower the number of simultaneous TCP sockets (keep-alive timeouts, worker counts, idle connections), and watch numtcpsock held against its limit.'],
          provider: [`The numtcpsock beancounter of this container refuses sockets (failcnt ${plus(s.numtcpsock)} during a burst of ${c.attempts} connections); please raise numtcpsock.`],
        },
      };
    case 'beancounter-sockbuf':
      return {
        summary: 'Handshakes are healthy, but the container keeps hitting its socket-buffer beancounter limits, which slows or stalls transfers.',
        explanation: `${story} On the server, the tcpsndbuf/tcprcvbuf/othersockbuf failcnt grew by ${plus(s.sockbuf)}${controlNote(s)} while no SYN was lost: the problem is buffer memory per container, not the handshake. See the buffer finding for the arithmetic.`,
        nextSteps: {
          user: ['Cap per-connection buffering (SO_SNDBUF, fewer parallel transfers), and see the buffer finding for how many busy sockets fit below the barrier.'],
          provider: [`The tcpsndbuf/tcprcvbuf beancounters of this container refuse charges (failcnt ${plus(s.sockbuf)} in a short test); please raise tcpsndbuf and tcprcvbuf or move the container to an unlimited (VSwap) configuration.`],
        },
      };
    case 'connection-refused':
      return {
        summary: `The server refused the connections: nothing listens on port ${port}, or a firewall rejects them.`,
        explanation: `${story} ${c.failures.refused} attempts were refused at once (ECONNREFUSED)${s.outRsts === null ? '' : `, and the server sent ${plus(s.outRsts)} resets`}.`,
        nextSteps: {
          user: [`Check that the service listens on port ${port} (ss -ltn) and that no REJECT rule covers it.`],
          provider: [],
        },
      };
    case 'inconclusive':
      return {
        summary: `The evidence does not settle where the connections failed: ${decision.reason ?? 'not enough was measured'}.`,
        explanation: `${story} ${s.hasTcp ? `On the server, ${quietHost(s)}${controlNote(s)}.` : 'The server\'s counters were not read.'}`.trim(),
        nextSteps: {
          user: [
            s.hasTcp ? 'Run the diagnosis again, with a larger burst and an idle control, while the problem happens.' : 'Connect to the server over SSH so its counters can be read before and after the burst.',
          ],
          provider: [],
        },
      };
  }
}
