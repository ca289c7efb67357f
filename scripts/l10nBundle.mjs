// Collects every message the sources mark for translation and writes l10n/bundle.l10n.json, the English
// bundle (each message is its own key, VS Code's convention): `node scripts/l10nBundle.mjs`.
// A message is the first argument of `t('…')`, `l.t('…')`, `vscode.l10n.t('…')`, `msg('…')` or `phrase('…')`, always one
// quoted literal (single or double quotes, as the formatter chooses), so the extraction is a scan rather than
// a parse. test/unit/l10nCoverage.test.ts
// checks that the bundle is up to date and that every other language has every key.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const CALL = /\b(?:t|msg|phrase)\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")/g;

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** A quoted JS literal's value. */
function unquote(body) {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, e) => {
    if (e[0] === 'u') return String.fromCodePoint(parseInt(e.replace(/[u{}]/g, ''), 16));
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r' }[e] ?? e;
  });
}

/** Every marked message of src/, with the files it appears in. */
export function extractMessages(root = ROOT) {
  const found = new Map();
  for (const file of tsFiles(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(CALL)) {
      const key = unquote(m[1] ?? m[2]);
      found.set(key, [...(found.get(key) ?? []), relative(root, file)]);
    }
  }
  return found;
}

/** The English bundle: every message mapped to itself, sorted for stable diffs. */
export function englishBundle(root = ROOT) {
  return Object.fromEntries([...extractMessages(root).keys()].sort().map((k) => [k, k]));
}

if (process.argv[1] === import.meta.filename) {
  const bundle = englishBundle();
  writeFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), `${JSON.stringify(bundle, null, 2)}\n`);
  console.log(`l10n/bundle.l10n.json: ${Object.keys(bundle).length} messages`);
}
