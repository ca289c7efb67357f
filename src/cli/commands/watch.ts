import { htmlLanguage } from '../cliL10n';
import { english, type Localizer } from '../../shared/l10n/localizer';
import { renderPhrase } from '../../shared/l10n/phrase';
import { usageText } from '../io';
import { rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { timelineHtml } from '../../core/report/timelineHtml';
import { watchMarkdown } from '../../core/report/watchMarkdown';
import { classifyRoundFailure } from '../../core/watch/roundFailure';
import { runWatch } from '../../core/watch/runWatch';
import { sessionRound } from '../../core/watch/sessionRound';
import {
  parseDuration,
  planWatch,
  WATCH_LIMITS,
  WatchBudgetError,
  type WatchLimits,
  type WatchPlan,
} from '../../core/watch/watchBudget';
import { systemClock, type WatchClock } from '../../core/watch/watchClock';
import { WatchHistory } from '../../core/watch/watchHistory';
import { roundJson, type WatchRound } from '../../core/watch/watchRound';
import { budgetLine, roundLine, watchSummary } from '../../core/watch/watchText';
import { HARD_MAX_CONCURRENCY, HARD_MAX_COUNT } from '../../core/probes/burstLimits';
import { reportAssets } from '../assets';
import { cliSession, cliStateDir, sessionFailure, targetFor } from '../cliSession';
import { CliError, EXIT, type Output } from '../io';
import { intOption, interruptible, serviceTarget } from '../target';

export const watchUsage = (l: Localizer = english): string =>
  usageText(
    'vps-doctor watch TARGET --port P [-F ssh_config] [--interval 5m] [--duration 24h] [--count 32] [--concurrency 4] [--ping-count 20] [--http PATH] [--json] [--markdown FILE] [--html FILE]',
    l.t(
      "  Watches a host for hours and says when the SYN-drop signature comes and goes. Every --interval a\n  light diagnosis runs over SSH (as `vps-doctor diagnose`, lighter): the server's counters, a small\n  burst of new connections to the port with a keep-alive control, the counters again, a short ping\n  whose loss is pooled with the rounds before, and a verdict. A change of verdict is reported with\n  the evidence of both sides. One round runs at a time; the interval cannot go below 1 min and the\n  new connections an hour are capped (printed at start). A round that fails (host unreachable, SSH\n  dropped) is recorded and the watch goes on. Ctrl-C ends it with a summary (exit 0).\n\n  --interval D      time between round starts: 90s, 5m, 1h (default 5m, at least 1m)\n  --duration D      stop after this long: 30m, 24h, 7d (default 24h, at most 7d)\n  --count N         new connections a round (default 32), --concurrency C at a time (default 4)\n  --ping-count N    pings a round (default 20; 0 skips), --ping-interval S seconds apart (default 1)\n  --http PATH       send one HTTP GET per connection (keep-alive control over one connection)\n  --json            print each round as one JSON object per line (JSON Lines) as soon as it ends:\n                    at, verdict, confidence, burst {attempts, delayed, failed, keepAlive}, ping {sent,\n                    received, lossCi95 (pooled), pooled}, server.deltas (counters that moved), changed\n                    and change {from, to} with the evidence of both sides; failed rounds have\n                    verdict null and failure {kind, message}\n  --markdown FILE   keep FILE up to date with the watch report of the host's whole timeline (where the\n                    signature concentrated, the changes, the rounds), rewritten after every round\n  --html FILE       the same for the timeline page: one self-contained HTML file with zoomable charts\n                    (verdict bands, delayed share and ping loss with their intervals, connect times,\n                    socket-buffer failcnt growth) and each round's evidence on click\n  -F, --accept-new, --verbose: as for `snapshot`\nRounds go into the host's watch history ($XDG_STATE_HOME/vps-doctor/watch, 4,032 rounds at most), so a\nrestarted watch continues its timeline.\nExit codes: 0 when the watch ran its duration or was ended by Ctrl-C; as `snapshot` when it cannot go on.",
    ),
  );

/** What only tests may change: the budget's limits (a lab round every few seconds) and the clock. */
export interface WatchTestHooks {
  limits?: WatchLimits;
  clock?: WatchClock;
}

function durationOption(value: string | undefined, name: string, l: Localizer): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined)
    throw new CliError(
      l.t('--{0} must be a duration such as 90s, 5m, 2h or 1d, got "{1}"', name, value.slice(0, 40)),
      EXIT.badInput,
    );
  return ms;
}

export async function watchCommand(argv: string[], io: Output, hooks: WatchTestHooks = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      config: { type: 'string', short: 'F' },
      interval: { type: 'string' },
      duration: { type: 'string' },
      count: { type: 'string' },
      concurrency: { type: 'string' },
      'ping-count': { type: 'string' },
      'ping-interval': { type: 'string' },
      http: { type: 'string' },
      json: { type: 'boolean', default: false },
      markdown: { type: 'string' },
      html: { type: 'string' },
      'accept-new': { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(watchUsage(io.l));
    return EXIT.ok;
  }
  const l = io.l ?? english;
  const { target: name, port, httpPath } = serviceTarget('watch', positionals, values.port, values.http, l);
  const pingInterval = values['ping-interval'] === undefined ? undefined : Number(values['ping-interval']);
  if (pingInterval !== undefined && !(pingInterval >= 0.2 && pingInterval <= 60)) {
    throw new CliError(l.t('--ping-interval must be a number of seconds from 0.2 to 60'), EXIT.badInput);
  }
  let plan: WatchPlan;
  try {
    plan = planWatch(
      {
        intervalMs: durationOption(values.interval, 'interval', l),
        durationMs: durationOption(values.duration, 'duration', l),
        count: intOption(values.count, 'count', 1, HARD_MAX_COUNT, l),
        concurrency: intOption(values.concurrency, 'concurrency', 1, HARD_MAX_CONCURRENCY, l),
        pingCount: intOption(values['ping-count'], 'ping-count', 0, 1000, l),
        pingIntervalSeconds: pingInterval,
      },
      hooks.limits ?? WATCH_LIMITS,
    );
  } catch (err) {
    if (err instanceof WatchBudgetError) throw new CliError(`watch: ${renderPhrase(err.phrase, l)}`, EXIT.badInput);
    throw err;
  }

  const target = targetFor(name);
  const stateDir = cliStateDir(process.env);
  const history = new WatchHistory(stateDir);
  const timeline = await history.read(target.id);
  if (timeline.recovered)
    io.err(
      l.t(
        'warning: the watch history was damaged ({0}); it was moved to {1} and its readable rounds kept',
        renderPhrase(timeline.recovered.reasonPhrase, l),
        timeline.recovered.movedTo,
      ),
    );
  for (const s of timeline.skipped.slice(0, 3)) io.err(l.t('warning: a stored round was left out: {0}', s));
  const all: WatchRound[] = [...timeline.rounds];
  io.err(budgetLine(target.label, port, plan, l));
  if (all.length > 0)
    io.err(
      l.t(
        'continuing the timeline of {0} after round #{1} ({2})',
        target.label,
        all[all.length - 1]!.seq,
        history.fileFor(target.id),
      ),
    );

  const session = cliSession(target, {
    command: 'watch',
    io,
    env: process.env,
    configFile: values.config,
    acceptNew: values['accept-new'],
    verbose: values.verbose,
  });
  const cancel = interruptible();
  const warn = (message: string) => io.err(l.t('warning: {0}', message));
  const markdown = values.markdown;
  const html = values.html;
  const assets = html === undefined ? undefined : await reportAssets('watch');
  // One report write at a time, in round order.
  let writing = Promise.resolve();
  const keep = (file: string, text: string) => {
    writing = writing
      .then(() => writeAtomically(file, text))
      .catch((err: unknown) => warn(l.t('{0} not written: {1}', file, (err as Error).message)));
  };
  try {
    const outcome = await runWatch(
      {
        plan,
        target: { label: target.label, host: target.alias, port },
        earlier: timeline.rounds,
        signal: cancel.signal,
      },
      {
        clock: hooks.clock ?? systemClock,
        round: sessionRound(session, {
          plan,
          port,
          ...(httpPath === undefined ? {} : { httpPath }),
          onWarning: warn,
          // The CLI's session samples only for its rounds: its own loop stays paused for the whole watch.
          holdSampling: () => {
            session.setVisible(false);
            return { dispose: () => undefined };
          },
        }),
        classify: classifyRoundFailure,
        history: { store: history, hostId: target.id },
        onWarning: warn,
        onRound: (round) => {
          all.push(round);
          io.out(values.json ? JSON.stringify(roundJson(round)) : roundLine(round, l));
          if (markdown !== undefined) keep(markdown, watchMarkdown(all, { l }));
          if (html !== undefined && assets !== undefined)
            keep(html, timelineHtml(target.label, all, assets, htmlLanguage(io)));
        },
      },
    );
    await writing;
    io.err(
      `${outcome.ended === 'aborted' ? l.t('watch ended by Ctrl-C.') : l.t('watch ran its duration.')}\n${watchSummary(outcome.rounds, all, l)}`,
    );
    for (const file of [markdown, html]) if (file !== undefined) io.err(l.t('wrote {0}', file));
    return EXIT.ok;
  } catch (err) {
    throw sessionFailure('watch', err, session, l);
  } finally {
    cancel.dispose();
    session.dispose();
  }
}

/** Writes a file through a temp file and a rename, so a reader never sees half a report. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, path);
}
