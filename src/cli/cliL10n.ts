import * as l10n from '@vscode/l10n';
import jaBundle from '../../l10n/bundle.l10n.ja.json';
import { english, langOf, localizerOf, type L10nBundle, type Lang, type Localizer } from '../shared/l10n/localizer';
import { CliError, EXIT, type Output } from './io';

/** The bundles the CLI carries inside dist/cli.js (English needs none). */
export const CLI_BUNDLES: Partial<Record<Lang, L10nBundle>> = { ja: jaBundle };

/**
 * The language of this run and the arguments without `--lang`: `--lang en|ja` (anywhere, also `--lang=ja`)
 * wins; then the first set of LC_ALL, LC_MESSAGES, LANG, as POSIX orders them. A locale we have no bundle
 * for (`fr_FR.UTF-8`, `C`) is English.
 */
export function cliLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): { lang: Lang; rest: string[] } {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  const fromLocale = langOf(locale) ?? 'en';
  const rest: string[] = [];
  let flag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lang') {
      flag = argv[i + 1];
      if (flag === undefined)
        throw new CliError(cliLocalizer(fromLocale).t('--lang needs a language: en or ja'), EXIT.badInput);
      i++;
    } else if (a.startsWith('--lang=')) flag = a.slice('--lang='.length);
    else rest.push(a);
  }
  if (flag !== undefined) {
    const lang = langOf(flag);
    if (lang === undefined || flag.includes('.'))
      throw new CliError(cliLocalizer(fromLocale).t('--lang must be en or ja, not "{0}"', flag), EXIT.badInput);
    return { lang, rest };
  }
  return { lang: fromLocale, rest };
}

/** The CLI's localizer: `@vscode/l10n` loaded with the language's bundle (one language per process). */
export function cliLocalizer(lang: Lang): Localizer {
  const bundle = CLI_BUNDLES[lang];
  if (lang === 'en' || bundle === undefined) return english;
  l10n.config({ contents: bundle as Record<string, string> });
  return localizerOf(lang, l10n.t);
}

/** The HTML report options for the run's language: its localizer and the bundle the page script loads. */
export function htmlLanguage(io: Output): { l?: Localizer; bundle?: L10nBundle } {
  if (io.l === undefined) return {};
  const bundle = CLI_BUNDLES[io.l.lang];
  return bundle === undefined ? { l: io.l } : { l: io.l, bundle };
}
