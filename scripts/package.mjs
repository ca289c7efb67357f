// Packs the bundled extension into dist/vps-doctor.vsix with @vscode/vsce. Dependencies are bundled by
// esbuild, so vsce runs with --no-dependencies (works offline) and .vscodeignore keeps src/, test/ and
// node_modules out of the package. The README's screenshot is a repository-relative link and the package names no
// public repository to rewrite it against, so relative links are left as they are (--no-rewrite-relative-links).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
const r = spawnSync(
  process.execPath,
  [
    'node_modules/@vscode/vsce/vsce',
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
    '-o',
    'dist/vps-doctor.vsix',
  ],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
