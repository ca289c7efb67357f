/**
 * The /proc/net/snmp and /proc/net/netstat of the simulated container: the field lists of a RHEL6
 * 2.6.32 OpenVZ kernel (042stab), which has no TCPSynRetrans yet (docs/method.md §3.3), with
 * the starting values of test/fixtures/kernel/openvz-2.6.32 (a container some weeks up). The
 * scenario then moves them.
 */

/** One header/value line pair: counter names in the kernel's order and their starting values. */
export interface CounterSection {
  prefix: string;
  names: readonly string[];
  values: readonly number[];
}

function section(prefix: string, names: string, values: string): CounterSection {
  return { prefix, names: names.split(' '), values: values.split(' ').map(Number) };
}

export const SNMP_2632: readonly CounterSection[] = [
  section(
    'Ip',
    'Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs FragFails FragCreates',
    '2 64 418822036 0 117 0 0 0 418704211 401557312 0 8 0 0 0 0 0 0 0',
  ),
  section(
    'Icmp',
    'InMsgs InErrors InDestUnreachs InTimeExcds InParmProbs InSrcQuenchs InRedirects InEchos InEchoReps InTimestamps InTimestampReps InAddrMasks InAddrMaskReps OutMsgs OutErrors OutDestUnreachs OutTimeExcds OutParmProbs OutSrcQuenchs OutRedirects OutEchos OutEchoReps OutTimestamps OutTimestampReps OutAddrMasks OutAddrMaskReps',
    '588213 1422 40921 311 0 0 0 546978 3 0 0 0 0 590115 0 43134 0 0 0 0 3 546978 0 0 0 0',
  ),
  section(
    'IcmpMsg',
    'InType0 InType3 InType8 InType11 OutType0 OutType3 OutType8',
    '3 40921 546978 311 546978 43134 3',
  ),
  section(
    'Tcp',
    'RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts',
    '1 200 120000 -1 48213 1839215 3102 1290 37 412993117 398220951 1201877 412 20311',
  ),
  section('Udp', 'InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors', '5102241 4420 82 5109382 82 0'),
  section('UdpLite', 'InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors', '0 0 0 0 0 0'),
];

export const NETSTAT_2632: readonly CounterSection[] = [
  section(
    'TcpExt',
    'SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts PruneCalled RcvPruned OfoPruned OutOfWindowIcmps LockDroppedIcmps ArpFilter TW TWRecycled TWKilled PAWSPassive PAWSActive PAWSEstab DelayedACKs DelayedACKLocked DelayedACKLost ListenOverflows ListenDrops TCPPrequeued TCPDirectCopyFromBacklog TCPDirectCopyFromPrequeue TCPPrequeueDropped TCPHPHits TCPHPHitsToUser TCPPureAcks TCPHPAcks TCPRenoRecovery TCPSackRecovery TCPSACKReneging TCPFACKReorder TCPSACKReorder TCPRenoReorder TCPTSReorder TCPFullUndo TCPPartialUndo TCPDSACKUndo TCPLossUndo TCPLoss TCPLostRetransmit TCPRenoFailures TCPSackFailures TCPLossFailures TCPFastRetrans TCPForwardRetrans TCPSlowStartRetrans TCPTimeouts TCPRenoRecoveryFail TCPSackRecoveryFail TCPSchedulerFailed TCPRcvCollapsed TCPDSACKOldSent TCPDSACKOfoSent TCPDSACKRecv TCPDSACKOfoRecv TCPAbortOnSyn TCPAbortOnData TCPAbortOnClose TCPAbortOnMemory TCPAbortOnTimeout TCPAbortOnLinger TCPAbortFailed TCPMemoryPressures TCPSACKDiscard TCPDSACKIgnoredOld TCPDSACKIgnoredNoUndo TCPSpuriousRTOs TCPMD5NotFound TCPMD5Unexpected TCPSackShifted TCPSackMerged TCPSackShiftFallback TCPBacklogDrop TCPMinTTLDrop TCPDeferAcceptDrop IPReversePathFilter TCPTimeWaitOverflow TCPReqQFullDoCookies TCPReqQFullDrop TCPChallengeACK TCPSYNChallenge',
    '0 0 0 212 2217 3 0 19 0 0 1202113 0 0 0 0 30 6321904 1203 9911 1542 1600 1988221 102 1732901122 0 98302114 61233 40982207 121873345 0 140921 0 0 881 0 120 3123 1122 2987 40112 0 4012 0 0 0 418832 9122 80217 391204 0 0 0 5512 9811 0 211872 0 0 10293 2201 0 1904 0 0 0 0 0 0 2011 0 0 98221 301822 702113 0 0 0 0 0 0 0 311 2',
  ),
  section(
    'IpExt',
    'InNoRoutes InTruncatedPkts InMcastPkts OutMcastPkts InBcastPkts OutBcastPkts InOctets OutOctets InMcastOctets OutMcastOctets InBcastOctets OutBcastOctets',
    '0 0 0 0 0 0 297812294481 1409948231127 0 0 0 0',
  ),
];
