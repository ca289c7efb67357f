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
import { english, type Localizer } from '../shared/l10n/localizer';

type Command = (argv: string[], io: Output) => Promise<number>;

/** Every subcommand with its usage, in the order the help lists them: the whole job first, then its parts. */
const COMMANDS: Record<string, { run: Command; usage: (l?: Localizer) => string }> = {
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

/** The top-level help: what the tool is, each command's synopsis, where to read more. */
function usage(l: Localizer): string {
  const synopses = Object.values(COMMANDS).map((c) => `  ${c.usage(l).split('\n')[0]}`);
  return [
    l.t("vps-doctor: diagnose small servers' network and resource problems"),
    '',
    l.t('Usage:'),
    ...synopses,
    '',
    l.t(
      'Run `vps-doctor <command> --help` for details. Reports follow LC_ALL/LC_MESSAGES/LANG; --lang en|ja overrides.',
    ),
  ].join('\n');
}

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
  const l = io.l ?? english;
  const [name, ...rest] = chosen.rest;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage(l));
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`vps-doctor: ${l.t('unknown command "{0}"', name)}\n${usage(l)}`);
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
      io.err(`${name}: ${parseArgsText(err as Error & { code: string }, l)}`);
      return EXIT.badInput;
    }
    io.err(`vps-doctor ${name}: ${(err as Error).stack ?? String(err)}`);
    return EXIT.failure;
  }
}

/**
 * node:util parseArgs's refusal in the run's language: its English message names the option, so the
 * option is taken from it and the sentence said again; an unknown shape stays as Node wrote it.
 */
export function parseArgsText(err: Error & { code: string }, l: Localizer): string {
  if (l.lang === 'en') return err.message;
  const option = /'(-{1,2}[^'\s]*)'/.exec(err.message)?.[1] ?? /(-{1,2}[A-Za-z][\w-]*)/.exec(err.message)?.[1];
  const positional = /'([^']*)'/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return option === undefined ? err.message : l.t('unknown option {0} (try --help)', option);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (option === undefined) return err.message;
      return /does not take/.test(err.message)
        ? l.t('option {0} takes no value (try --help)', option)
        : l.t('option {0} needs a value (try --help)', option);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return positional === undefined ? err.message : l.t('unexpected argument "{0}" (try --help)', positional);
  }
  return err.message;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
