import { beancountersCommand, beancountersUsage } from './commands/beancounters';
import { burstCommand, burstUsage } from './commands/burst';
import { demoCommand, demoUsage } from './commands/demo';
import { diagnoseCommand, diagnoseUsage } from './commands/diagnose';
import { exporterCommand, exporterUsage } from './commands/exporter';
import { metricsCommand, metricsUsage } from './commands/metrics';
import { pingCommand, pingUsage } from './commands/ping';
import { reportCommand, reportUsage } from './commands/report';
import { snapshotCommand, snapshotUsage } from './commands/snapshot';
import { watchCommand, watchUsage } from './commands/watch';
import { cliLanguage, cliLocalizer } from './cliL10n';
import { CliError, EXIT, processOutput, type Output } from './io';

type Command = (argv: string[], io: Output) => Promise<number>;

/** Every subcommand with its usage, in the order the help lists them: the whole job first, then its parts. */
const COMMANDS: Record<string, { run: Command; usage: string }> = {
  demo: { run: demoCommand, usage: demoUsage },
  diagnose: { run: diagnoseCommand, usage: diagnoseUsage },
  snapshot: { run: snapshotCommand, usage: snapshotUsage },
  beancounters: { run: beancountersCommand, usage: beancountersUsage },
  burst: { run: burstCommand, usage: burstUsage },
  ping: { run: pingCommand, usage: pingUsage },
  report: { run: reportCommand, usage: reportUsage },
  metrics: { run: metricsCommand, usage: metricsUsage },
  exporter: { run: exporterCommand, usage: exporterUsage },
  watch: { run: watchCommand, usage: watchUsage },
};

const USAGE = `vps-doctor: diagnose small servers' network and resource problems

Usage:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage.split('\n')[0]}`)
  .join('\n')}

Run \`vps-doctor <command> --help\` for details. Reports follow LC_ALL/LC_MESSAGES/LANG; --lang en|ja overrides.`;

/** Runs the CLI and returns the exit code; every failure becomes one line on stderr. */
export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  let chosen: ReturnType<typeof cliLanguage>;
  try {
    chosen = cliLanguage(argv, process.env);
  } catch (err) {
    output.err(`vps-doctor: ${(err as Error).message}`);
    return EXIT.badInput;
  }
  const io: Output = output.l === undefined ? { ...output, l: cliLocalizer(chosen.lang) } : output;
  const [name, ...rest] = chosen.rest;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`vps-doctor: unknown command "${name}"\n${USAGE}`);
    return EXIT.badInput;
  }
  try {
    return await command.run(rest, io);
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
