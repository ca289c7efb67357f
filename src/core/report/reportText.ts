import { formatDateTime } from '../../shared/l10n/format';
import { english, type Localizer } from '../../shared/l10n/localizer';
import { gradeName, statusName } from '../../shared/l10n/terms';
import { verdictTitle } from '../../shared/reportView';
import { localizeReport } from '../resultModel/localizeReport';
import type { DiagnosisReport } from '../resultModel/resultSchema';
import { burstText } from './burstText';
import { pingText } from './pingText';
import { vantageWarning } from '../resultModel/resultVantage';

/** Lines of each finding shown in the terminal. */
const FINDING_LINES = 4;

const ansi = {
  bold: '\x1b[1m',
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  green: '\x1b[32m',
  dim: '\x1b[2m',
  reset: '\x1b[0m',
};

/**
 * A full diagnosis for a terminal: the verdict first (title, confidence, one sentence), the evidence with the
 * decisive rows marked, the burst, the ping, the findings beside the verdict, and next steps. Colour only when
 * `color` (a TTY). Every demo result says it came from the simulated host.
 */
export function reportText(report: DiagnosisReport, opts: { color: boolean; l?: Localizer }): string {
  const l = opts.l ?? english;
  const r = localizeReport(report, l);
  const paint = (text: string, code: string) => (opts.color ? `${code}${text}${ansi.reset}` : text);
  const d = r.diagnosis;
  const verdictColor = d.verdict === 'healthy' ? ansi.green : d.verdict === 'inconclusive' ? ansi.yellow : ansi.red;
  const out: string[] = [];
  if (r.demo)
    out.push(
      paint(l.t('DEMO: simulated OpenVZ host (client timings are real, server counters are simulated)'), ansi.yellow),
      '',
    );
  const warning = vantageWarning(r.client.vantage, l);
  if (warning !== undefined) out.push(paint(l.t('VANTAGE POINT: {0}', warning), ansi.yellow), '');
  out.push(
    `${paint(l.t('Verdict:'), ansi.bold)} ${paint(verdictTitle(d.verdict, l), verdictColor)} ${l.t('({0}, {1} confidence)', d.verdict, gradeName(d.confidence, l))}`,
  );
  out.push(`  ${d.summary}`, '');
  out.push(paint(l.t('Evidence'), ansi.bold) + paint(l.t('  (* decided the verdict)'), ansi.dim));
  for (const e of d.evidence) out.push(`  ${e.decisive ? '*' : ' '} ${e.label}: ${e.value}`);
  out.push('', burstText(r.burst, l));
  if (r.ping) out.push('', pingText(r.ping, l));
  for (const f of d.findings) {
    const code =
      f.status === 'problem'
        ? ansi.red
        : f.status === 'warning'
          ? ansi.yellow
          : f.status === 'ok'
            ? ansi.green
            : ansi.dim;
    out.push('', `${paint(f.title, ansi.bold)}: ${paint(statusName(f.status, l), code)}`);
    // The most important lines come first; the full derivation is in the HTML and Markdown reports.
    for (const line of f.lines.slice(0, FINDING_LINES)) out.push(`  ${line}`);
    if (f.lines.length > FINDING_LINES)
      out.push(paint(`  ${l.t('({0} more lines in the HTML report)', f.lines.length - FINDING_LINES)}`, ansi.dim));
  }
  if (d.nextSteps.user.length > 0) {
    out.push('', paint(l.t('What you can do'), ansi.bold));
    for (const s of d.nextSteps.user) out.push(`  - ${s}`);
  }
  if (d.nextSteps.provider.length > 0) {
    out.push('', paint(l.t('What to tell your provider'), ansi.bold));
    for (const s of d.nextSteps.provider) out.push(`  - ${s}`);
  }
  const server = `${r.server.virtualization ?? l.t('unknown')}${r.server.osRelease ? `, ${l.t('kernel {0}', r.server.osRelease)}` : ''}`;
  out.push(
    '',
    paint(
      l.t(
        '{0} ({1}), {2}; server: {3}',
        r.target.label,
        `${r.target.host}:${r.target.port}`,
        formatDateTime(r.createdAt, l.lang),
        server,
      ),
      ansi.dim,
    ),
  );
  return out.join('\n');
}
