/**
 * Runs `vps-doctor watch` as the CLI does, with a lower interval floor (and an hourly connection cap raised to
 * match) so a test's rounds come seconds apart:
 *   node --import tsx test/integration/helpers/watchDriver.ts <floor ms> <watch arguments...>
 * The shipped CLI has no way to change the budget; only this test entry point passes one.
 */
import { watchCommand } from '../../../src/cli/commands/watch';
import { CliError, processOutput } from '../../../src/cli/io';

const [floor, ...args] = process.argv.slice(2);
watchCommand(args, processOutput, {
  limits: { minIntervalMs: Number(floor), maxConnectionsPerHour: Number.MAX_SAFE_INTEGER },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  },
);
