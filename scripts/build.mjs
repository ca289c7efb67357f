// Builds the three bundles with esbuild: the extension (node/cjs, `vscode` external), the CLI (node/cjs),
// and the webview (browser/iife). ssh2's optional native addons (`cpu-features`, `*.node`) stay external so
// ssh2 falls back to its pure-JS crypto, which works in every VS Code's Electron (no ABI mismatch).
// `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};
const nodeCommon = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode', 'cpu-features', '*.node'],
};

await Promise.all([
  esbuild.build({ ...nodeCommon, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' }),
  esbuild.build({
    ...nodeCommon,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  esbuild.build({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
  }),
]);
chmodSync('dist/cli.js', 0o755);
