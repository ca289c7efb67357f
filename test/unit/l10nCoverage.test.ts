/**
 * Every text a person reads exists in every language: the runtime bundle (l10n/bundle.l10n.*.json) and the
 * manifest's (package.nls.*.json). A key without a Japanese entry, an entry left in English, or an entry
 * whose placeholders differ from the English fails here, not in front of a reader.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishBundle, extractMessages } from '../../scripts/l10nBundle.mjs';

const ROOT = join(__dirname, '..', '..');
const json = (path: string): Record<string, string> =>
  JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, string>;

/** Entries that are the same in Japanese on purpose: product and file names, kernel identifiers. */
const SAME_IN_JAPANESE = new Set([
  'VPS Doctor',
  'VPS Doctor: {0}',
  'VPS Doctor: {0}: {1}',
  '~/.ssh/config',
  'OpenVZ beancounters',
  'CT {0}',
  'held',
  'maxheld',
  'barrier',
  'limit',
  'failcnt',
  'failcnt {0}',
]);

/** `{0}`, `{name}` in order of index, as a sorted multiset. */
const placeholders = (text: string): string[] => [...text.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!).sort();

function checkTranslation(file: string, english: Record<string, string>, translated: Record<string, string>): void {
  const missing = Object.keys(english).filter((k) => !Object.hasOwn(translated, k));
  assert.deepEqual(missing, [], `${file}: keys without a translation`);
  const stale = Object.keys(translated).filter((k) => !Object.hasOwn(english, k));
  assert.deepEqual(stale, [], `${file}: translations of keys that no longer exist`);
  for (const [key, value] of Object.entries(translated)) {
    assert.equal(typeof value, 'string', `${file}: ${key}`);
    assert.notEqual(value.trim(), '', `${file}: empty translation of ${JSON.stringify(key)}`);
    if (value === english[key])
      assert.ok(SAME_IN_JAPANESE.has(english[key]!), `${file}: left in English: ${JSON.stringify(key)}`);
    assert.deepEqual(
      placeholders(value),
      placeholders(english[key]!),
      `${file}: placeholders of ${JSON.stringify(key)}`,
    );
  }
}

test('l10n/bundle.l10n.json holds exactly the messages the sources mark (run node scripts/l10nBundle.mjs)', () => {
  assert.deepEqual(json('l10n/bundle.l10n.json'), englishBundle(ROOT));
  assert.ok(extractMessages(ROOT).size > 400);
});

test('every runtime message has a Japanese entry with the same placeholders, none left in English', () => {
  checkTranslation('l10n/bundle.l10n.ja.json', json('l10n/bundle.l10n.json'), json('l10n/bundle.l10n.ja.json'));
});

test('every manifest string is a %key% of package.nls.json, and package.nls.ja.json translates every key', () => {
  const nls = json('package.nls.json');
  const pkg = readFileSync(join(ROOT, 'package.json'), 'utf8');
  const used = new Set([...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!));
  assert.deepEqual(
    [...used].filter((k) => !Object.hasOwn(nls, k)),
    [],
    'package.json names keys package.nls.json lacks',
  );
  assert.deepEqual(
    Object.keys(nls).filter((k) => !used.has(k)),
    [],
    'package.nls.json keys no manifest string uses',
  );
  const manifest = JSON.parse(pkg) as {
    contributes: {
      commands: { title: string }[];
      configuration: { properties: Record<string, Record<string, unknown>> };
    };
  };
  for (const c of manifest.contributes.commands) assert.match(c.title, /^%.+%$/, c.title);
  for (const [name, p] of Object.entries(manifest.contributes.configuration.properties)) {
    for (const field of ['description', 'markdownDescription'])
      if (field in p) assert.match(String(p[field]), /^%.+%$/, `${name}.${field}`);
  }
  checkTranslation('package.nls.ja.json', nls, json('package.nls.ja.json'));
});

test('every walkthrough page has a Japanese page beside it, named by the Japanese manifest', () => {
  const ja = json('package.nls.ja.json');
  const pages = readdirSync(join(ROOT, 'media', 'walkthrough')).filter((f) => f.endsWith('.md'));
  assert.ok(pages.length >= 4);
  for (const page of pages) {
    const path = join(ROOT, 'media', 'walkthrough', 'ja', page);
    assert.ok(existsSync(path), `media/walkthrough/ja/${page}`);
    assert.match(readFileSync(path, 'utf8'), /^# .*[\u3040-\u30ff\u4e00-\u9fff]/, `${page}: a Japanese title`);
    assert.ok(Object.values(ja).includes(`media/walkthrough/ja/${page}`), `package.nls.ja.json points at ja/${page}`);
  }
});

test('messages are single literals: no template literal is passed where the bundle cannot find it', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && /\b(?:l10n\.t|l\.t|msg|phrase|\bt)\(\s*`/.test(readFileSync(p, 'utf8')))
        offenders.push(p);
    }
  };
  walk(join(ROOT, 'src'));
  assert.deepEqual(offenders, []);
});

test('no translation file names a key twice (JSON.parse would keep the last one silently)', () => {
  const files = ['l10n', '.'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => /^(bundle\.l10n|package\.nls)(\.[a-z-]+)?\.json$/.test(f))
      .map((f) => join(dir, f)),
  );
  assert.ok(files.length >= 4, files.join(', '));
  for (const file of files) {
    const keys = [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^\s{2}("(?:[^"\\]|\\.)*")\s*:/gm)].map(
      (m) => JSON.parse(m[1]!) as string,
    );
    assert.equal(keys.length, Object.keys(json(file)).length, `${file}: a key appears more than once`);
  }
});
