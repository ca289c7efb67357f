/**
 * The layering of ARCHITECTURE.md as code: what each folder of src/ may import. `importsOf` finds every
 * module a TypeScript file names (static `import ... from`, `import type`, `export ... from`, side-effect
 * `import '...'`, `require(...)`, dynamic `import(...)` and `typeof import(...)`), skipping comments,
 * strings, template text and regular expressions, so a word in a comment is not an import and a quote in
 * a regex does not derail the scan. `layeringViolations` applies the rules to a set of files.
 */
import { posix } from 'node:path';

/** Packages the webview bundle may use: it runs in the browser, so nothing else is there. */
export const WEBVIEW_PACKAGES: readonly string[] = ['uplot', '@vscode-elements/elements', '@vscode/l10n'];

type Token = { kind: 'word' | 'punct' | 'string' | 'other'; text: string };

/** Keywords after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
  'instanceof',
]);

function tokens(src: string): Token[] {
  const out: Token[] = [];
  /** For each open `{`: true when it opened a template's `${`, so its `}` resumes the template text. */
  const braces: boolean[] = [];
  let i = 0;
  const regexAllowed = (): boolean => {
    const prev = out[out.length - 1];
    if (!prev) return true;
    if (prev.kind === 'word') return BEFORE_REGEX.has(prev.text);
    if (prev.kind === 'string' || prev.kind === 'other') return false;
    return !/^[)\]}]$/.test(prev.text);
  };
  /** Reads template text from i (just after a backtick or a `}` closing `${`) to the closing backtick or the next `${`. */
  const templateText = () => {
    while (i < src.length) {
      if (src[i] === '\\') i += 2;
      else if (src[i] === '`') {
        i++;
        out.push({ kind: 'other', text: 'template' });
        return;
      } else if (src[i] === '$' && src[i + 1] === '{') {
        i += 2;
        braces.push(true);
        out.push({ kind: 'punct', text: '(' });
        return;
      } else i++;
    }
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (c === '/' && src[i + 1] === '/') i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    else if (c === '/' && src[i + 1] === '*')
      i = src.indexOf('*/', i + 2) < 0 ? src.length : src.indexOf('*/', i + 2) + 2;
    else if (c === '"' || c === "'") {
      let value = '';
      i++;
      while (i < src.length && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') {
          value += src[i + 1] ?? '';
          i += 2;
        } else value += src[i++];
      }
      i++;
      out.push({ kind: 'string', text: value });
    } else if (c === '`') {
      i++;
      templateText();
    } else if (c === '/' && regexAllowed()) {
      i++;
      let inClass = false;
      while (i < src.length && src[i] !== '\n' && (inClass || src[i] !== '/')) {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (/[a-z]/i.test(src[i] ?? '')) i++;
      out.push({ kind: 'other', text: 'regex' });
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[\w$]+/.exec(src.slice(i, i + 200))!;
      out.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[\w.]+/.exec(src.slice(i, i + 100))!;
      out.push({ kind: 'other', text: m[0] });
      i += m[0].length;
    } else if (c === '{') {
      braces.push(false);
      out.push({ kind: 'punct', text: c });
      i++;
    } else if (c === '}') {
      i++;
      if (braces.pop()) {
        out.push({ kind: 'punct', text: ')' });
        templateText();
      } else out.push({ kind: 'punct', text: c });
    } else {
      out.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return out;
}

/** Every module specifier the file imports or re-exports, in order of appearance. */
export function importsOf(src: string): string[] {
  const t = tokens(src);
  const found: string[] = [];
  for (let k = 0; k < t.length; k++) {
    const w = t[k];
    if (w.kind !== 'word' || t[k - 1]?.text === '.') continue;
    const next = t[k + 1];
    if ((w.text === 'from' || w.text === 'import') && next?.kind === 'string') found.push(next.text);
    else if ((w.text === 'import' || w.text === 'require') && next?.text === '(' && t[k + 2]?.kind === 'string')
      found.push(t[k + 2].text);
  }
  return found;
}

/** `src/...` path of a relative specifier, or undefined for a package. */
function resolved(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return posix.normalize(posix.join(posix.dirname(file), spec));
}

/** The model and the domain below the renderers: none of them imports `src/core/report` (only consumers do). */
const BELOW_RENDERERS = [
  'diagnosis',
  'resultModel',
  'beancounters',
  'kernel',
  'remote',
  'probes',
  'ssh',
  'session',
  'history',
].map((f) => `src/core/${f}`);

const inside = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);
/** The package a bare specifier names: `uplot/dist/x.css` -> `uplot`, `@scope/pkg/sub` -> `@scope/pkg`. */
const packageOf = (spec: string): string =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** What one import breaks, or undefined when it is allowed. `file` is repository-relative (`src/core/x.ts`). */
function ruleBroken(file: string, spec: string): string | undefined {
  const target = resolved(file, spec);
  const pkg = target === undefined ? packageOf(spec) : undefined;
  const isCore = inside(file, 'src/core');
  const isShared = inside(file, 'src/shared');
  if ((isCore || isShared || inside(file, 'src/demo') || inside(file, 'src/cli')) && pkg === 'vscode') {
    return 'only src/host and src/extension.ts import vscode';
  }
  if (isCore && target !== undefined) {
    const up = ['src/host', 'src/cli', 'src/demo', 'src/webview', 'src/extension'].find((f) => inside(target, f));
    if (up) return `src/core never imports ${up}`;
    const below = BELOW_RENDERERS.find((f) => inside(file, f));
    if (below && inside(target, 'src/core/report')) return `${below} never imports the renderers in src/core/report`;
  }
  if (inside(file, 'src/webview')) {
    if (target !== undefined && !inside(target, 'src/webview') && !inside(target, 'src/shared'))
      return 'src/webview imports only src/shared and its own files';
    if (pkg !== undefined && !WEBVIEW_PACKAGES.includes(pkg))
      return `src/webview uses only the browser packages ${WEBVIEW_PACKAGES.join(', ')}`;
  }
  if (isShared && (target === undefined ? true : !inside(target, 'src/shared'))) {
    return 'src/shared imports only its own files (the webview bundles it)';
  }
  if ((inside(file, 'src/demo') || inside(file, 'src/cli')) && target !== undefined && inside(target, 'src/host')) {
    return 'src/demo and src/cli never import src/host';
  }
  if (inside(file, 'src/demo') && target !== undefined && inside(target, 'src/cli'))
    return 'src/demo never imports src/cli';
  return undefined;
}

/** Every import that breaks a rule, as `file: 'specifier' (rule)`; [] when the layering holds. */
export function layeringViolations(files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [file, text] of files) {
    for (const spec of importsOf(text)) {
      const broken = ruleBroken(file, spec);
      if (broken) out.push(`${file}: '${spec}' (${broken})`);
    }
  }
  return out;
}
