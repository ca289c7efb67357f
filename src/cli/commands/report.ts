import { english, type Localizer } from '../../shared/l10n/localizer';
import { usageText } from '../io';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { reportHtml } from '../../core/report/reportHtml';
import { reportAssets } from '../assets';
import { reportMarkdown } from '../../core/report/reportMarkdown';
import { maskResultIps } from '../../core/resultModel/resultIpMask';
import { parseResultJson } from '../../core/resultModel/resultParse';
import { serializeResult } from '../../core/resultModel/resultSchema';
import { formatParseError } from '../../core/result';
import { htmlLanguage } from '../cliL10n';
import { CliError, EXIT, FILE_KINDS, readTextFile, type Output } from '../io';

export const reportUsage = (l: Localizer = english): string =>
  usageText(
    'vps-doctor report RESULT.json --format html|md|json [-o FILE] [--public-ips]',
    l.t(
      '  Renders a saved diagnosis (RESULT.json, as written by `vps-doctor diagnose --json` or the panel\'s\n  "Save RESULT.json") for a support ticket or a browser.\n\n  --format html     one self-contained HTML file with the charts (opens offline)\n  --format md       Markdown: verdict, evidence, timings, counters, versions\n  --format json     RESULT.json again, validated (and with IPs masked unless --public-ips)\n  -o, --output FILE write to FILE instead of stdout\n  --public-ips      keep public IP addresses (by default they are masked: 203.0.x.x)\n  --lang en|ja      the language of the report (default: LC_ALL, LC_MESSAGES or LANG); RESULT.json\n                    itself is the same in every language\nExit codes: 0 ok, 2 unreadable or invalid RESULT.json (one line on stderr naming the bad field).',
    ),
  );

const FORMATS = ['html', 'md', 'json'] as const;

export async function reportCommand(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'public-ips': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.out(reportUsage(io.l));
    return EXIT.ok;
  }
  const l = io.l ?? english;
  if (positionals.length !== 1)
    throw new CliError(l.t('report: give exactly one RESULT.json (try --help)'), EXIT.badInput);
  const format = values.format;
  if (!FORMATS.includes(format as (typeof FORMATS)[number])) {
    throw new CliError(
      format === undefined
        ? l.t('report: --format must be html, md or json')
        : l.t('report: --format must be html, md or json, not "{0}"', format),
      EXIT.badInput,
    );
  }
  const path = positionals[0];
  const parsed = parseResultJson(await readTextFile(path, FILE_KINDS.result, l), path);
  if (!parsed.ok)
    throw new CliError(l.t('report: invalid RESULT.json: {0}', formatParseError(parsed.error)), EXIT.badInput);
  const includePublicIps = values['public-ips'];
  let text: string;
  if (format === 'md') text = reportMarkdown(parsed.value, { includePublicIps, ...(io.l ? { l: io.l } : {}) });
  else if (format === 'json') text = serializeResult(includePublicIps ? parsed.value : maskResultIps(parsed.value));
  else text = reportHtml(parsed.value, await reportAssets('report'), { includePublicIps, ...htmlLanguage(io) });
  if (values.output) {
    await writeFile(values.output, text);
    io.err(l.t('report: wrote {0}', values.output));
  } else {
    io.out(text);
  }
  return EXIT.ok;
}
