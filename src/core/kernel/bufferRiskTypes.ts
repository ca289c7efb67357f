/** A tcpsndbuf/tcprcvbuf beancounter row as the risk model reads it (a beancounters `ResourceRow` fits as it is). */
export interface BufferRow {
  /** Bytes; null = unlimited. */
  barrier: number | null;
  /** Bytes; null = unlimited. */
  limit: number | null;
  /** Bytes charged now. */
  held: number;
  /** Most bytes ever charged since the container started. */
  maxheld: number;
  /** failcnt growth since the previous sample; absent with a single sample. */
  failcntDelta?: number;
}

/**
 * Everything the TCP buffer risk model reads (docs/method.md §2.4). All optional: the model says
 * what it could not compute. A beancounter `ResourceRow` fits `sndbuf`/`rcvbuf` as it is.
 */
export interface BufferRiskInput {
  /** `net.ipv4.tcp_wmem` = min, default (initial sk_sndbuf), max (autotuning ceiling); bytes. */
  tcpWmem?: [number, number, number];
  /** `net.ipv4.tcp_rmem`, same layout; bytes. */
  tcpRmem?: [number, number, number];
  /** `net.core.wmem_max`: caps only `setsockopt(SO_SNDBUF)` requests; bytes. */
  wmemMax?: number;
  /** `net.core.rmem_max`: caps only `setsockopt(SO_RCVBUF)` requests; bytes. */
  rmemMax?: number;
  /** `net.ipv4.tcp_mem` = low, pressure, high; **pages**, host-wide (4096 B pages assumed, §1.4). */
  tcpMemPages?: [number, number, number];
  /** `tcpsndbuf` beancounter row, bytes; null barrier/limit = unlimited; `failcntDelta` = growth since the previous sample. */
  sndbuf?: BufferRow;
  /** `tcprcvbuf` beancounter row, same shape. */
  rcvbuf?: BufferRow;
  /** `numtcpsock` beancounter row: sockets held now and the limit (null = unlimited); counts. */
  numtcpsock?: { held: number; limit: number | null };
  /** Bandwidth × RTT of a typical client, bytes; sharpens the "typical busy socket" estimate. */
  bdpBytes?: number;
}

/** Ordered from "nothing known" to worst. */
export type RiskGrade = 'low' | 'medium' | 'high' | 'critical' | 'unknown';

/** The risk of one direction (send = tcp_wmem/tcpsndbuf, receive = tcp_rmem/tcprcvbuf). */
export interface BufferSideRisk {
  side: 'send' | 'receive';
  grade: RiskGrade;
  /**
   * Derived numbers, each present only when its inputs are. Sizes in bytes, counts of sockets.
   * `busySockets*` count how many sockets of one kind fit below the whole barrier (a property of the
   * configuration); `freeBudgetBytes` = barrier − held is what is left right now.
   */
  figures: {
    /** tcp_wmem[2] / tcp_rmem[2]: the most one autotuned socket may hold. */
    autotuneCeilingBytes?: number;
    /** 2 × wmem_max / rmem_max: the most a socket that set SO_SNDBUF / SO_RCVBUF may hold. */
    sockoptCeilingBytes?: number;
    /** max(0, barrier − held). */
    freeBudgetBytes?: number;
    /** floor(barrier / autotune ceiling): n_busy in the worst case. */
    busySocketsWorst?: number;
    /** floor(barrier / sockopt ceiling). */
    busySocketsSockopt?: number;
    /** floor(barrier / tcp_wmem[1]): sockets at their initial buffer. */
    busySocketsInitial?: number;
    /** h = floor((limit − barrier) / numtcpsock.limit): what each socket may hold above the barrier. */
    headroomPerSocketBytes?: number;
    /** floor(barrier / numtcpsock.limit). */
    perAllowedSocketBytes?: number;
  };
  /** Each step in words with its numbers, in reading order; the last line states the grade and why. */
  derivation: string[];
  /** What the user can do or ask for, most effective first; empty when the grade is low or unknown. */
  mitigations: string[];
}

export interface BufferRisk {
  send: BufferSideRisk;
  receive: BufferSideRisk;
  /** The worse of the two sides ('unknown' only when both are). */
  grade: RiskGrade;
  /** Why buffers grow past wmem_max (the seed author's puzzle, §2.2); present when tcp_wmem and wmem_max are known. */
  wmemMaxExplanation?: string;
  /** What the risk was computed from, so its words can be rendered again in another language. */
  input?: BufferRiskInput;
}
