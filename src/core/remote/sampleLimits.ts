/**
 * The limits of one remote sample, in one place for the extension's settings, the CLI and the demo. The
 * defaults and ranges are those of package.json's `vpsDoctor.remote.timeoutSeconds` and
 * `vpsDoctor.remote.maxOutputBytes` (a unit test checks that they agree).
 */

/** How long one sample may take by default, ms. */
export const DEFAULT_SAMPLE_TIMEOUT_MS = 20_000;
/** How much one sample may print by default (stdout and stderr each), bytes: far above one container's output. */
export const DEFAULT_SAMPLE_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** The range a user's time limit is clamped to, seconds. */
export const SAMPLE_TIMEOUT_SECONDS_RANGE = { min: 2, max: 300 } as const;
/** The range a user's output limit is clamped to, bytes. */
export const SAMPLE_MAX_OUTPUT_BYTES_RANGE = { min: 64 * 1024, max: 64 * 1024 * 1024 } as const;
