/**
 * A minimal Japanese language pack for code-server, built here because the tests cannot reach a
 * marketplace: VS Code accepts a display language only when a pack for it is installed. Its translation of
 * VS Code itself is empty, so the workbench stays English (every message falls back to its default) while
 * extensions load their own Japanese, which is what the e2e test looks at.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npmFreeEnv } from './codeServer';

const root = new URL('../../../', import.meta.url).pathname;

const ID = 'vps-doctor-test.vpsd-test-language-pack-ja';
const VERSION = '0.0.1';

/** Builds the pack with the project's own @vscode/vsce and returns the .vsix path. */
export function japaneseLanguagePack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-langpack-'));
  mkdirSync(join(dir, 'translations'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'vpsd-test-language-pack-ja',
        displayName: 'Test language pack (ja)',
        publisher: 'vps-doctor-test',
        version: VERSION,
        license: 'MIT',
        engines: { vscode: '^1.85.0' },
        categories: ['Language Packs'],
        contributes: {
          localizations: [
            {
              languageId: 'ja',
              languageName: 'Japanese',
              localizedLanguageName: '日本語',
              translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
            },
          ],
        },
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  writeFileSync(join(dir, 'README.md'), '# Test language pack\n');
  const vsix = join(dir, 'language-pack-ja.vsix');
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '-o',
      vsix,
    ],
    { cwd: dir, env: npmFreeEnv(), encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`vsce package of the test language pack failed:\n${r.stdout}\n${r.stderr}`);
  return vsix;
}

/**
 * Registers the installed pack in the user data dir's languagepacks.json, as VS Code's language pack cache
 * does when a running server installs a pack (a `--install-extension` run from the command line does not
 * update it), so `--locale ja` finds the pack: the hash is md5 of the extension id and version.
 */
export function registerLanguagePack({
  userDataDir,
  extensionsDir,
}: {
  userDataDir: string;
  extensionsDir: string;
}): void {
  const translations = join(extensionsDir, `${ID}-${VERSION}`, 'translations', 'main.i18n.json');
  if (!existsSync(translations)) throw new Error(`the test language pack is not installed in ${extensionsDir}`);
  const hash = createHash('md5').update(ID).update(VERSION).digest('hex');
  writeFileSync(
    join(userDataDir, 'languagepacks.json'),
    JSON.stringify({
      ja: {
        hash,
        extensions: [{ extensionIdentifier: { id: ID }, version: VERSION }],
        translations: { vscode: translations },
        label: '日本語',
      },
    }),
  );
}
