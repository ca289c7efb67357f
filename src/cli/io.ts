import { readFile } from 'node:fs/promises';
import type { Localizer } from '../shared/l10n/localizer';

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

/** Reads a text file, turning fs errors into one clear line (what failed and what to do). */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied (on a server, copy it with `sudo cat /proc/user_beancounters > file`)'
          : code === 'EISDIR'
            ? 'is a directory'
            : (err as Error).message;
    throw new CliError(`cannot read ${what} ${path}: ${why}`, EXIT.badInput);
  }
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
