import { CATALOG } from '../core/remote/catalog';
import { ARG_PATTERN, renderCommandLine, type CatalogCommand } from '../core/remote/runner';

/** An exec request the demo host agreed to run: exactly what `renderCommandLine` would have sent. */
export interface AllowedExec {
  command: CatalogCommand;
  args: string[];
  /** The `timeout -s KILL N` watchdog's N, seconds; 0 without the watchdog. */
  remoteTimeoutSeconds: number;
}

export type ExecDecision = { ok: true; exec: AllowedExec } | { ok: false; reason: string };

/** Longest command line worth looking at: the catalog's scripts are a few KiB. */
const MAX_LINE = 64 * 1024;
/** More positional arguments than any catalog command takes. */
const MAX_ARGS = 8;
/** A day: beyond any sample's deadline. */
const MAX_WATCHDOG_SECONDS = 86_400;
const WATCHDOG = /^timeout -s KILL ([1-9][0-9]{0,4}) /;

/**
 * Decides whether a command line received over SSH is one this product sends: a rendering, by
 * `renderCommandLine`, of a catalog entry with valid arguments and an optional watchdog. The line is
 * never interpreted: candidate renderings are rebuilt from the catalog and the final check is that
 * one of them equals the line byte for byte. Everything else is refused with the reason.
 */
export function allowExec(line: string, catalog: readonly CatalogCommand[] = CATALOG): ExecDecision {
  if (line.length > MAX_LINE) return refuse('the command line is longer than any catalog command');
  const watchdog = WATCHDOG.exec(line);
  const seconds = watchdog === null ? 0 : Number(watchdog[1]);
  if (seconds > MAX_WATCHDOG_SECONDS) return refuse('the watchdog time is out of range');
  for (const command of catalog) {
    const bare = renderCommandLine(command, [], seconds);
    if (line !== bare && !line.startsWith(`${bare} `)) continue;
    const args = line === bare ? [] : line.slice(bare.length + 1).split(' ');
    if (args.length > MAX_ARGS || !args.every((a) => ARG_PATTERN.test(a)))
      return refuse(`the arguments of ${command.id} are not valid tokens`);
    if (renderCommandLine(command, args, seconds) !== line)
      return refuse(`the line is not an exact rendering of ${command.id}`);
    return { ok: true, exec: { command, args, remoteTimeoutSeconds: seconds } };
  }
  return refuse('it is not one of the catalog commands');
}

function refuse(why: string): ExecDecision {
  return {
    ok: false,
    reason: `vps-doctor demo host: refused: ${why}. This host runs only VPS Doctor's read-only catalog commands.`,
  };
}
