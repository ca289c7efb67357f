/** How many echo requests a ping probe sends, in one place for the settings, the commands and the CLI. */

/** At least 100 are needed to tell a few percent of loss from none (docs/method.md §4.1). */
export const DEFAULT_PING_COUNT = 100;
/** The most a setting or an option may ask for. */
export const MAX_PING_COUNT = 10_000;

/**
 * The ping count a setting asks for: whole and within [0, MAX_PING_COUNT], where 0 means "no ping" to a full
 * diagnosis; anything not a number gives the default.
 */
export function settingPingCount(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.min(MAX_PING_COUNT, Math.floor(value))) : DEFAULT_PING_COUNT;
}
