/**
 * Loads src/host/lazy.ts on first use. Built, this stays a `require('./lazy.js')` of the separate dist/lazy.js
 * bundle (scripts/bundleOptions.mjs marks it external); run from source it is the module itself. A plain
 * `require`, not `import()`: the extension is CommonJS, and every VS Code's extension host loads it that way.
 */
export const loadLazy = async (): Promise<typeof import('./lazy')> => require('./lazy') as typeof import('./lazy');
