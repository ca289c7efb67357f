import { beancountersCommand, beancountersUsage } from './commands/beancounters';
import { reportCommand, reportUsage } from './commands/report';
import { snapshotCommand, snapshotUsage } from './commands/snapshot';
import { burstCommand, burstUsage } from './commands/burst';
import { pingCommand, pingUsage } from './commands/ping';
import { metricsCommand, metricsUsage } from './commands/metrics';
import { diagnoseCommand, diagnoseUsage } from './commands/diagnose';
import { demoCommand, demoUsage } from './commands/demo';
import { CliError, EXIT, processOutput, type Output } from './io';

const USAGE = `vps-doctor: diagnose small servers' network and resource problems

Usage:
  ${beancountersUsage.split('\n')[0]}
  ${reportUsage.split('\n')[0]}
  ${snapshotUsage.split('\n')[0]}
  ${burstUsage.split('\n')[0]}
  ${pingUsage.split('\n')[0]}
  ${metricsUsage.split('\n')[0]}
  ${diagnoseUsage.split('\n')[0]}
  ${demoUsage.split('\n')[0]}

Run \`vps-doctor <command> --help\` for details.`;

type Command = (argv: string[], io: Output) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  beancounters: beancountersCommand,
  report: reportCommand,
  snapshot: snapshotCommand,
  burst: burstCommand,
  ping: pingCommand,
  metrics: metricsCommand,
  diagnose: diagnoseCommand,
  demo: demoCommand,
};

/** Runs the CLI and returns the exit code; every failure becomes one line on stderr. */
export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`vps-doctor: unknown command "${name}"\n${USAGE}`);
    return EXIT.badInput;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(err.message);
      return err.exitCode;
    }
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${name}: ${(err as Error).message}`);
      return EXIT.badInput;
    }
    io.err(`vps-doctor ${name}: ${(err as Error).stack ?? String(err)}`);
    return EXIT.failure;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
