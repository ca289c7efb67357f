// The esbuild options of the Node bundles, shared by scripts/build.mjs and the tests that bundle the
// extension themselves (so they test what ships). ssh2's optional native addons (`cpu-features`, `*.node`)
// stay external so ssh2 falls back to its pure-JS crypto, which works in every VS Code's Electron.
import { sep } from 'node:path';

/**
 * Keeps src/host/lazy.ts out of the extension bundle: `import('./lazy')` in src/host/lazyLoad.ts becomes
 * `require('./lazy.js')`, the separate bundle built from LAZY_ENTRY next to extension.js.
 */
const lazyExternal = {
  name: 'vps-doctor-lazy',
  setup(build) {
    build.onResolve({ filter: /^\.\/lazy$/ }, (args) =>
      args.importer.endsWith(`${sep}host${sep}lazyLoad.ts`) ? { path: './lazy.js', external: true } : undefined,
    );
  },
};

export const LAZY_ENTRY = 'src/host/lazy.ts';

/** Options for a Node/CommonJS bundle of `entry` at `outfile`. */
export function nodeBundle(entry, outfile, { production = false } = {}) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'warning',
    legalComments: 'none',
    external: ['vscode', 'cpu-features', '*.node'],
    plugins: [lazyExternal],
  };
}
