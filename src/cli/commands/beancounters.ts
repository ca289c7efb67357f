import { english, type Localizer } from '../../shared/l10n/localizer';
import { usageText } from '../io';
import { parseArgs } from 'node:util';
import { stat } from 'node:fs/promises';
import { analyzeBeancounterText } from '../../core/beancounters/analyzeBeancounters';
import { beancounterJson } from '../../core/beancounters/beancounterJson';
import { beancounterTable } from '../../core/report/beancounterTable';
import { localizeBufferRisk } from '../../core/kernel/bufferRisk';
import { bufferRiskText } from '../../core/report/bufferRiskText';
import { assessBufferRisk } from '../../core/kernel/bufferRisk';
import { bufferRiskInput, riskSysctlsFromText, type RiskSysctlValues } from '../../core/kernel/riskInput';
import { parseSysctlDump } from '../../core/kernel/sysctlDump';
import type { BeancounterAnalysis } from '../../core/beancounters/analyzeBeancounters';
import type { BufferRisk } from '../../core/kernel/bufferRiskTypes';
import { formatParseError } from '../../core/result';
import { CliError, EXIT, FILE_KINDS, readTextFile, type Output } from '../io';

export const beancountersUsage = (l: Localizer = english): string =>
  usageText(
    'vps-doctor beancounters --file PATH [--baseline PATH] [--sysctl PATH] [--json]',
    l.t(
      "  Reads a copy of /proc/user_beancounters and explains it: units, % of barrier and limit,\n  severity with reasons, OpenVZ's consistency rules. With --baseline (an earlier copy of the\n  same file) it shows failcnt growth; a failcnt that went down means the container restarted.\n\n  --file PATH       the file to read (required)\n  --baseline PATH   an earlier copy, for failcnt growth (time between them: the files' mtimes)\n  --sysctl PATH     `sysctl -a` output: adds the TCP buffer risk model (tcp_wmem/rmem vs the barriers)\n  --json            machine-readable output (see README)\nExit codes: 0 ok, 2 unreadable or malformed input (one line on stderr naming the line).",
    ),
  );

export async function beancountersCommand(argv: string[], io: Output): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      baseline: { type: 'string' },
      sysctl: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.out(beancountersUsage(io.l));
    return EXIT.ok;
  }
  const l = io.l ?? english;
  if (!values.file) throw new CliError(l.t('beancounters: --file PATH is required (try --help)'), EXIT.badInput);
  const text = await readTextFile(values.file, FILE_KINDS.beancounters, l);
  let baseline: { text: string; source: string; elapsedSeconds?: number } | undefined;
  if (values.baseline) {
    baseline = {
      text: await readTextFile(values.baseline, FILE_KINDS.baseline, l),
      source: values.baseline,
      elapsedSeconds: await mtimeGapSeconds(values.baseline, values.file),
    };
  }
  const analysis = analyzeBeancounterText(text, values.file, baseline);
  // The reasons in the run's language for the table; the JSON output keeps them in English.
  if (!analysis.ok) throw new CliError(formatParseError(analysis.error, l), EXIT.badInput);
  let risks: { container: string; risk: BufferRisk }[] | undefined;
  if (values.sysctl) {
    const sysctls = parseSysctlDump(await readTextFile(values.sysctl, FILE_KINDS.sysctl, l), values.sysctl);
    if (!sysctls.ok) throw new CliError(formatParseError(sysctls.error, l), EXIT.badInput);
    risks = containerRisks(analysis.value, riskSysctlsFromText(sysctls.value));
  }
  if (values.json) {
    const json = beancounterJson(analysis.value);
    io.out(
      JSON.stringify(
        risks ? { ...json, bufferRisk: risks.map((r) => ({ container: r.container, ...r.risk })) } : json,
        null,
        2,
      ),
    );
  } else {
    const shown = l.lang === 'en' ? analysis : analyzeBeancounterText(text, values.file, baseline, l);
    io.out(beancounterTable(shown.ok ? shown.value : analysis.value, { color: io.isTty, l }));
    for (const r of risks ?? [])
      io.out(
        `\n${l.t('Container {0}', r.container)}: ${bufferRiskText(l.lang === 'en' ? r.risk : localizeBufferRisk(r.risk, l), l)}`,
      );
  }
  return EXIT.ok;
}

/** The buffer risk of every container, with failcnt growth when a baseline was given. */
function containerRisks(a: BeancounterAnalysis, sysctls: RiskSysctlValues): { container: string; risk: BufferRisk }[] {
  return a.containers.map((c) => {
    const deltas = new Map(
      c.resources.filter((r) => r.failcntDelta !== undefined).map((r) => [r.name, r.failcntDelta as number]),
    );
    return { container: c.id, risk: assessBufferRisk(bufferRiskInput(sysctls, c, deltas)) };
  });
}

/** Seconds from the baseline's modification time to the file's, or undefined when not positive. */
async function mtimeGapSeconds(baselinePath: string, filePath: string): Promise<number | undefined> {
  const [a, b] = await Promise.all([stat(baselinePath), stat(filePath)]);
  const gap = (b.mtimeMs - a.mtimeMs) / 1000;
  return gap > 0 ? gap : undefined;
}
