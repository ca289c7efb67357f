/**
 * Every document the product names must be one a reader can open: a `*.md` named in the sources, the media,
 * the tests or the README exists in the repository, and every `docs/method.md §N` / `docs/security.md §N`
 * they cite is a heading of that document. The report's section titles (`src/shared/methodCitations.ts`)
 * must match the method's headings word for word, since a reader searches for them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { METHOD_SECTIONS, methodCitation, readableCitations } from '../../src/shared/methodCitations';

const ROOT = join(__dirname, '..', '..');
/** Trees whose every text file is scanned, and single files. */
const SCANNED_DIRS = ['src', 'media', 'test', 'scripts'];
const SCANNED_FILES = ['README.md', 'ARCHITECTURE.md', 'docs/method.md', 'docs/security.md'];
/** Never part of the repository's own text. */
const SKIPPED = new Set(['node_modules', 'dist', '.git', 'test-artifacts']);
const TEXT = /\.(ts|mts|mjs|js|json|md|html|css|svg|txt|sh)$/;

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const scanned = [
  ...SCANNED_DIRS.flatMap((d) => walk(join(ROOT, d))),
  ...SCANNED_FILES.map((f) => join(ROOT, f)),
].filter((f) => TEXT.test(f) && existsSync(f));
/** Basenames of every file in the repository, for documents named without a path (`README.md`). */
const basenames = new Set(walk(ROOT).map((f) => basename(f)));

/** `file:line`, relative to the repository, for messages. */
const where = (file: string, text: string, index: number): string =>
  `${relative(ROOT, file)}:${text.slice(0, index).split('\n').length}`;

/** Section number -> heading title of a document: `### 1.5 How tcpsndbuf is charged`, `## 4. Ping loss …`. */
function headings(doc: string): Map<string, string> {
  const out = new Map<string, string>();
  let fenced = false;
  for (const line of readFileSync(join(ROOT, doc), 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^#{2,4} (\d+(?:\.\d+)*)\.? (.+)$/.exec(line);
    if (m) {
      assert.ok(!out.has(m[1]), `${doc} has two headings numbered ${m[1]}`);
      out.set(m[1], m[2].trim());
    }
  }
  return out;
}

const DOCS = {
  'docs/method.md': headings('docs/method.md'),
  'docs/security.md': headings('docs/security.md'),
} as const;

/** A `*.md` name: a path of word characters, dots, dashes and slashes ending in `.md`. */
const MD_NAME = /(?<![\w./-])((?:\.{1,2}\/)?[\w-][\w./-]*\.md)\b/g;
const URL = /\b[a-z]+:\/\/\S+/g;

test('every *.md document named in the sources, media, tests and README exists in the repository', () => {
  const missing: string[] = [];
  for (const file of scanned) {
    const text = readFileSync(file, 'utf8').replace(URL, (u) => ' '.repeat(u.length));
    for (const m of text.matchAll(MD_NAME)) {
      const name = m[1];
      const found = name.includes('/')
        ? existsSync(join(ROOT, name)) || existsSync(join(dirname(file), name))
        : basenames.has(name);
      if (!found) missing.push(`${where(file, text, m.index)} names ${name}, which is not in the repository`);
    }
  }
  assert.deepEqual(missing, []);
  // The scan sees what it should: the method is cited from the sources.
  assert.ok(scanned.some((f) => f.endsWith(join('src', 'core', 'diagnosis', 'decide.ts'))));
});

/** `docs/security.md §1.5-§1.8`, `docs/method.md §1.9, §1.5`, `docs/method.md §4.2–4.3`: every number cited. */
const CITATION = /(docs\/(?:method|security)\.md) (§\d+(?:\.\d+)*(?:\s*(?:,|-|–|and|or)\s*§?\d+(?:\.\d+)*)*)/g;

test('every docs/method.md §N and docs/security.md §N that is cited exists as a heading', () => {
  const broken: string[] = [];
  let citations = 0;
  for (const file of scanned) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(CITATION)) {
      const sections = DOCS[m[1] as keyof typeof DOCS];
      for (const n of m[2].matchAll(/\d+(?:\.\d+)*/g)) {
        citations++;
        if (!sections.has(n[0]))
          broken.push(`${where(file, text, m.index)} cites ${m[1]} §${n[0]}, which has no such heading`);
      }
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(citations > 100, `only ${citations} citations found: the scan is broken`);
});

test('a bare §N in a file that cites only one of the two documents exists in that document', () => {
  const broken: string[] = [];
  for (const file of scanned) {
    if (file.startsWith(join(ROOT, 'docs'))) continue;
    const text = readFileSync(file, 'utf8');
    const cited = Object.keys(DOCS).filter((d) => text.includes(d)) as (keyof typeof DOCS)[];
    if (cited.length !== 1) continue;
    // "RFC 4253 §6.6" cites the RFC, not our documents.
    for (const m of text.matchAll(/(?<!RFC \d+ )§(\d+(?:\.\d+)*)/g)) {
      if (!DOCS[cited[0]].has(m[1]))
        broken.push(`${where(file, text, m.index)}: §${m[1]} is not a section of ${cited[0]}`);
    }
  }
  assert.deepEqual(broken, []);
});

test("the report's section titles are the method's headings, word for word", () => {
  assert.deepEqual(Object.fromEntries(DOCS['docs/method.md']), { ...METHOD_SECTIONS });
  assert.equal(methodCitation('1.5'), 'VPS Doctor method, §1.5 "How tcpsndbuf is charged"');
  assert.equal(methodCitation('9.9'), 'VPS Doctor method, §9.9', 'no invented title for a section that does not exist');
  assert.equal(
    readableCitations('so every socket may take one page (docs/method.md §1.5). See docs/method.md §3.4 row 2.'),
    'so every socket may take one page (VPS Doctor method, §1.5 "How tcpsndbuf is charged"). See VPS Doctor method, §3.4 "The decision table" row 2.',
  );
  assert.equal(readableCitations('docs/security.md §2.3 stays'), 'docs/security.md §2.3 stays');
});

test('the sections the issue asked for are there: the lab, the decision table, the Wilson interval', () => {
  const method = DOCS['docs/method.md'];
  for (const n of [
    '1.1',
    '1.2',
    '1.3',
    '1.4',
    '1.5',
    '1.9',
    '2.4',
    '3.1',
    '3.2',
    '3.3',
    '3.4',
    '3.5',
    '4',
    '4.1',
    '6.3',
  ]) {
    assert.ok(method.has(n), `docs/method.md §${n}`);
  }
  const text = readFileSync(join(ROOT, 'docs', 'method.md'), 'utf8');
  // The decision table lists every row decide.ts can return.
  const rows = new Set(
    [
      ...readFileSync(join(ROOT, 'src', 'core', 'diagnosis', 'decide.ts'), 'utf8').matchAll(
        /verdict\('[a-z-]+', (\d+)/g,
      ),
    ].map((m) => m[1]),
  );
  assert.ok(rows.size >= 12, `rows found in decide.ts: ${[...rows].join(', ')}`);
  for (const row of rows) assert.match(text, new RegExp(`^\\| ${row} \\| `, 'm'), `§3.4 row ${row}`);
  assert.match(text, /InReceives − InDelivers = 58/);
});
