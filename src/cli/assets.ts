import { join } from 'node:path';
import { loadReportAssets, type ReportAssets } from '../core/report/reportHtml';
import { CliError, EXIT } from './io';

/**
 * Where the webview bundle and its stylesheet live: the built CLI is `dist/cli.js`, so the package root
 * is one level up; run from source (tsx) it is two levels up from this file.
 */
export function packageRoot(): string {
  return __filename.endsWith(join('dist', 'cli.js')) ? join(__dirname, '..') : join(__dirname, '..', '..');
}

/** The report page's script and css, or a clear error saying to build first. */
export async function reportAssets(command: string): Promise<ReportAssets> {
  try {
    return await loadReportAssets(packageRoot());
  } catch (err) {
    throw new CliError(
      `${command}: cannot read the report page's assets (${(err as Error).message}); run \`npm run build\` first`,
      EXIT.failure,
    );
  }
}
