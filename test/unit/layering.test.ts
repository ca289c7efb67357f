import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { importsOf, layeringViolations } from './layeringRules';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|mts|cts|js|mjs)$/.test(name))
      out.set(relative(ROOT, p).split(sep).join('/'), readFileSync(p, 'utf8'));
  }
  return out;
}

test('the layering of ARCHITECTURE.md holds for every file in src/', () => {
  const files = sourceFiles(join(ROOT, 'src'));
  assert.ok(files.size > 100, `only ${files.size} files found`);
  assert.ok(files.has('src/extension.ts') && [...files.keys()].some((f) => f.startsWith('src/webview/')));
  // The scan sees the imports that matter: vscode from the host, uplot from the webview, ssh2 from core.
  const all = [...files].flatMap(([f, text]) => importsOf(text).map((s) => `${f.split('/')[1]} ${s}`));
  for (const seen of ['host vscode', 'webview uplot', 'core ssh2']) assert.ok(all.includes(seen), seen);
  assert.deepEqual(layeringViolations(files), []);
});

test('the import scan finds every form of import and nothing in comments, strings, templates or regexes', () => {
  const src = [
    "import a from 'static';",
    "import type { B } from 'type-only';",
    "import {\n  c,\n  d,\n} from 'multi-line';",
    "export { e } from 're-export';",
    "export * from 'star';",
    "import 'side-effect';",
    "const f = require('required');",
    "const g = await import('dynamic');",
    "type H = typeof import('type-query');",
    "import i = require('import-equals');",
    "// import x from 'line-comment';",
    "/* import y from 'block-comment'; require('block') */",
    'const s = "import z from \'in-a-string\'";',
    "const re = /['\"`]|import('in-a-regex')/g;",
    "const t = `import w from 'in-a-template' ${x ? `nested ${await import('in-a-substitution')}` : ''} require('tail')`;",
    "const half = a / b; const q = 'after-division';",
    "obj.require('a-method'); Array.from('not-an-import');",
  ].join('\n');
  assert.deepEqual(importsOf(src), [
    'static',
    'type-only',
    'multi-line',
    're-export',
    'star',
    'side-effect',
    'required',
    'dynamic',
    'type-query',
    'import-equals',
    'in-a-substitution',
  ]);
});

test('the checker flags each planted violation and lets the allowed imports through', () => {
  const planted = new Map([
    [
      'src/core/a.ts',
      "import * as vscode from 'vscode';\nimport { x } from '../host/settings';\nimport { y } from '../shared/units';\nimport { z } from './b';",
    ],
    [
      'src/core/deep/b.ts',
      "export { run } from '../../cli/main';\nconst d = require('../../demo/demoHost');\nimport { Client } from 'ssh2';",
    ],
    [
      'src/shared/c.ts',
      "import type { Uri } from 'vscode';\nimport { parse } from '../core/result';\nimport { readFile } from 'node:fs';\nimport { u } from './units';",
    ],
    [
      'src/webview/d.ts',
      "import uPlot from 'uplot';\nimport 'uplot/dist/uPlot.min.css';\nimport { p } from '../shared/protocol';\nimport { q } from './dom';\nimport { r } from '../core/report/htmlCsp';\nimport '@vscode-elements/elements/dist/vscode-button/index.js';\nimport { marked } from 'marked';\nimport { readFile } from 'node:fs/promises';\nconst m = await import('../host/log');",
    ],
    ['src/demo/e.ts', "import { f } from '../core/remote/runner';\nimport { g } from '../host/settings';"],
    ['src/host/f.ts', "import * as vscode from 'vscode';\nimport { h } from '../core/result';"],
    [
      'src/core/diagnosis/g.ts',
      "import { createReport } from '../resultModel/resultSchema';\nimport type { T } from '../report/reportText';",
    ],
    ['src/core/exporter/h.ts', "import { renderMetrics } from '../report/openMetricsWriter';"],
  ]);
  assert.deepEqual(layeringViolations(planted), [
    "src/core/a.ts: 'vscode' (only src/host and src/extension.ts import vscode)",
    "src/core/a.ts: '../host/settings' (src/core never imports src/host)",
    "src/core/deep/b.ts: '../../cli/main' (src/core never imports src/cli)",
    "src/core/deep/b.ts: '../../demo/demoHost' (src/core never imports src/demo)",
    "src/shared/c.ts: 'vscode' (only src/host and src/extension.ts import vscode)",
    "src/shared/c.ts: '../core/result' (src/shared imports only its own files (the webview bundles it))",
    "src/shared/c.ts: 'node:fs' (src/shared imports only its own files (the webview bundles it))",
    "src/webview/d.ts: '../core/report/htmlCsp' (src/webview imports only src/shared and its own files)",
    "src/webview/d.ts: 'marked' (src/webview uses only the browser packages uplot, @vscode-elements/elements, @vscode/l10n)",
    "src/webview/d.ts: 'node:fs/promises' (src/webview uses only the browser packages uplot, @vscode-elements/elements, @vscode/l10n)",
    "src/webview/d.ts: '../host/log' (src/webview imports only src/shared and its own files)",
    "src/demo/e.ts: '../host/settings' (src/demo and src/cli never import src/host)",
    "src/core/diagnosis/g.ts: '../report/reportText' (src/core/diagnosis never imports the renderers in src/core/report)",
  ]);
});
