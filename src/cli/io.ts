import { readFile } from 'node:fs/promises';
import { english, msg, type Localizer } from '../shared/l10n/localizer';

/** Exit codes shared by every subcommand. */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

/** A failure the CLI reports as one line on stderr with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** What a file is, in a refusal: `readTextFile(path, FILE_KINDS.fleet, l)`. */
export const FILE_KINDS = {
  beancounters: msg('beancounters file'),
  baseline: msg('baseline file'),
  sysctl: msg('sysctl file'),
  result: msg('result file'),
  fleet: msg('fleet file'),
} as const;

/** Reads a text file, turning fs errors into one clear line (what failed and what to do). */
export async function readTextFile(path: string, what: string, l: Localizer = english): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? l.t('no such file')
        : code === 'EACCES' || code === 'EPERM'
          ? l.t('permission denied (on a server, copy it with `sudo cat /proc/user_beancounters > file`)')
          : code === 'EISDIR'
            ? l.t('is a directory')
            : (err as Error).message;
    throw new CliError(l.t('cannot read {0} {1}: {2}', l.t(what), path, why), EXIT.badInput);
  }
}

/** A command's help: its synopsis (commands and flags, the same in every language), a blank line, the text. */
export function usageText(synopsis: string, body: string): string {
  return `${synopsis}\n\n${body}`;
}

export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal: colour and progress lines are allowed. */
  isTty: boolean;
  /** The language reports are written in (from `--lang` or the locale); English when absent. */
  l?: Localizer;
}

export const processOutput: Output = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  isTty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};
