/**
 * Section 3. The extension: time to require dist/extension.js and run activate() against a fake `vscode`
 * (test/unit/fakeVscode.ts), each in a fresh Node, and whether that evaluated ssh2; beside the baseline of
 * requiring ssh2 itself, bundled the way the extension bundles it (what activation would cost if it loaded
 * ssh2 eagerly). Then the bundle sizes, raw and gzip, as built in dist/ and minified as `npm run package`
 * ships them, against the ssh2 bundle alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { bytes, fileBytes, gzipBytes, line, median, ms, ratio, ROOT, skipped } from './kit';
import { LAZY_ENTRY, nodeBundle } from '../bundleOptions.mjs';

const RUNS = 10;
const CHILD = join(__dirname, 'activationChild.mjs');

/** The Node bundle options of scripts/build.mjs, so what is measured here is what ships. */
const NODE_BUNDLE: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode', 'cpu-features', '*.node'],
  legalComments: 'none',
  logLevel: 'silent',
};

interface ChildFigures {
  requireMs: number;
  activateMs: number;
  ssh2: boolean;
  rss: number;
  heapUsed: number;
}

function child(fake: string, bundle: string, mode: 'activate' | 'require', scratch: string): ChildFigures {
  const r = spawnSync(process.execPath, [CHILD, fake, bundle, mode, scratch], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0)
    throw new Error(`activation child failed (${r.status ?? r.signal}): ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildFigures;
}

function summary(runs: readonly ChildFigures[]): {
  require: number;
  activate: number;
  total: number;
  ssh2: string;
  rss: number;
} {
  const loaded = runs.filter((r) => r.ssh2).length;
  return {
    require: median(runs.map((r) => r.requireMs)),
    activate: median(runs.map((r) => r.activateMs)),
    total: median(runs.map((r) => r.requireMs + r.activateMs)),
    ssh2: loaded === 0 ? 'no' : loaded === runs.length ? 'yes' : `in ${loaded} of ${runs.length} runs`,
    rss: median(runs.map((r) => r.rss)),
  };
}

function activation(scratch: string, fake: string, ssh2Bundle: string): void {
  const ext: ChildFigures[] = [];
  const base: ChildFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    ext.push(child(fake, join(ROOT, 'dist/extension.js'), 'activate', scratch));
    base.push(child(fake, ssh2Bundle, 'require', scratch));
  }
  const e = summary(ext);
  const b = summary(base);
  line(
    `extension: require ${ms(e.require)} + activate() ${ms(e.activate)} = ${ms(e.total)}; ssh2 loaded: ${e.ssh2}; RSS after ${bytes(e.rss)}`,
  );
  line(
    `baseline, require ssh2 (bundled as the extension bundles it): ${ms(b.total)}; ssh2 loaded: ${b.ssh2}; RSS after ${bytes(b.rss)}`,
  );
  line(
    `ratio activation/ssh2-require time: ${ratio(e.total, b.total)}; if activation loaded ssh2 eagerly it would take ~${ms(e.total + b.total)} (${ratio(e.total + b.total, e.total)} of now)`,
  );
}

async function sizes(ssh2Bundle: string): Promise<void> {
  const mini = async (entry: string, platform: 'node' | 'browser'): Promise<{ raw: number; gzip: number }> => {
    // The node bundles use the build's own options (its plugin keeps dist/lazy.js apart), hence the async API.
    const opts: esbuild.BuildOptions =
      platform === 'node'
        ? {
            ...nodeBundle(join(ROOT, entry), join(ROOT, 'dist', 'unused.js'), { production: true }),
            logLevel: 'silent',
          }
        : {
            bundle: true,
            platform,
            format: 'iife',
            target: 'es2022',
            legalComments: 'none',
            logLevel: 'silent',
            entryPoints: [join(ROOT, entry)],
          };
    const out = await esbuild.build({ ...opts, minify: true, sourcemap: false, write: false });
    const text = out.outputFiles![0]!.contents;
    return { raw: text.length, gzip: gzipBytes(Buffer.from(text)) };
  };
  const fmt = (s: { raw: number; gzip: number } | undefined): string =>
    s === undefined ? 'missing' : `${bytes(s.raw).padStart(8)} raw, ${bytes(s.gzip).padStart(8)} gzip`;
  const ssh2Dev = fileBytes(ssh2Bundle);
  const ssh2Min = await mini('node_modules/ssh2/lib/index.js', 'node');
  const ext = join(ROOT, 'dist/extension.js');
  // build.mjs links a source map unless --production; the trailer tells which build dist/ holds now.
  const kind = !existsSync(ext)
    ? 'missing'
    : readFileSync(ext, 'utf8').includes('//# sourceMappingURL=')
      ? 'development build'
      : 'production build';
  line(`bundle sizes (gzip -9): dist/ holds a ${kind}; the right column is minified as \`npm run package\` ships`);
  line(`${''.padEnd(37)} dist/ now${''.padEnd(25)} minified, as packaged`);
  const bundles = [
    ['extension.js', 'src/extension.ts', 'node'],
    ['lazy.js', LAZY_ENTRY, 'node'],
    ['cli.js', 'src/cli/main.ts', 'node'],
    ['webview.js', 'src/webview/main.ts', 'browser'],
  ] as const;
  for (const [name, entry, platform] of bundles) {
    line(`  dist/${name.padEnd(30)} ${fmt(fileBytes(join(ROOT, 'dist', name)))}   ${fmt(await mini(entry, platform))}`);
  }
  line(`  baseline: ssh2 alone${' '.repeat(15)} ${fmt(ssh2Dev)}   ${fmt(ssh2Min)}`);
  const extMin = await mini('src/extension.ts', 'node');
  line(
    `  ratio extension.js/ssh2 (minified): raw ${ratio(extMin.raw, ssh2Min.raw)}, gzip ${ratio(extMin.gzip, ssh2Min.gzip)} (ssh2 lives in dist/lazy.js, required on first use)`,
  );
}

async function main(): Promise<void> {
  console.log(`3. the extension: activation (fresh Node each, median of ${RUNS}) and bundle sizes:`);
  const scratch = mkdtempSync(join(tmpdir(), 'vpsd-bench-act-'));
  try {
    const fake = join(scratch, 'fakeVscode.cjs');
    esbuild.buildSync({ ...NODE_BUNDLE, entryPoints: [join(ROOT, 'test/unit/fakeVscode.ts')], outfile: fake });
    const ssh2Bundle = join(scratch, 'ssh2.cjs');
    esbuild.buildSync({
      ...NODE_BUNDLE,
      stdin: { contents: "module.exports = require('ssh2');", resolveDir: ROOT, loader: 'js' },
      outfile: ssh2Bundle,
    });
    try {
      activation(scratch, fake, ssh2Bundle);
    } catch (e) {
      skipped(`activation: ${e instanceof Error ? e.message : String(e)}`);
    }
    await sizes(ssh2Bundle);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main()
  .catch((e: unknown) => {
    // esbuild's own message is many lines; its first says what failed.
    skipped(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  })
  .finally(() => esbuild.stop());
