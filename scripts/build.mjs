// Builds the bundles with esbuild: the extension (node/cjs, `vscode` external) and its lazily loaded part
// (dist/lazy.js: the SSH session, probes, diagnosis and demo host, required on first use), the CLI
// (node/cjs), and the webview (browser/iife). `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';
import { LAZY_ENTRY, nodeBundle } from './bundleOptions.mjs';

const production = process.argv.includes('--production');

await Promise.all([
  esbuild.build(nodeBundle('src/extension.ts', 'dist/extension.js', { production })),
  esbuild.build(nodeBundle(LAZY_ENTRY, 'dist/lazy.js', { production })),
  esbuild.build({
    ...nodeBundle('src/cli/main.ts', 'dist/cli.js', { production }),
    banner: { js: '#!/usr/bin/env node' },
  }),
  esbuild.build({
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  }),
]);
chmodSync('dist/cli.js', 0o755);
