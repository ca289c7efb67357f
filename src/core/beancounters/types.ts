/**
 * The parsed shape of `/proc/user_beancounters` (and `/proc/bc/resources`, which shares the format).
 * Field names are the kernel's own column names (docs/method.md §1.2).
 */

/**
 * How a resource's numbers are counted (docs/method.md §1.4): names ending in `pages` are
 * in pages (4096 bytes on x86), names starting with `num` are counts, everything else is bytes.
 */
export type ResourceUnit = 'bytes' | 'pages' | 'count';

/** One resource row of one beancounter. All numbers are in `unit`. */
export interface ResourceRow {
  name: string;
  unit: ResourceUnit;
  /** Current usage. May exceed `limit`: some kernel paths charge with UB_FORCE (§1.2). */
  held: number;
  /** Highest `held` since the container started (§1.2). */
  maxheld: number;
  /** First threshold; `null` = unlimited (64- or 32-bit LONG_MAX, §1.3). `0` is a real value (physpages). */
  barrier: number | null;
  /** Hard ceiling; `null` = unlimited (64- or 32-bit LONG_MAX, §1.3). */
  limit: number | null;
  /** Refused charges since the container started; cumulative, restarts from 0 with the container. */
  failcnt: number;
  /** 1-based line in the parsed text, so a report can point at the evidence. */
  line: number;
}

/** One beancounter block. `dummy` placeholder rows are dropped. */
export interface Container {
  /** The text before the colon: a numeric CTID, `0` for the host, or a vz7 beancounter name. */
  id: string;
  resources: ResourceRow[];
}

export interface BeancounterTable {
  /** The `Version:` header value, e.g. `2.5`. */
  version: string;
  /** False when the version is one no known kernel prints; the table was then parsed best-effort. */
  versionKnown: boolean;
  /** One entry inside a container; on a host node one per running container plus id `0`. */
  containers: Container[];
}
