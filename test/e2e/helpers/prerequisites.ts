/**
 * What the e2e tier needs, and the one line to print when something is missing. Locally a missing
 * prerequisite skips; under CI=true nothing skips (README, "Tests"), and code-server is installed when absent.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { findSshd } from '../../integration/helpers/sshd';
import { codeServerInstalled, installCodeServer, toolsDir } from './codeServer';

export const CHROMIUM = '/usr/bin/chromium';

function hasPlaywright(): boolean {
  try {
    createRequire(import.meta.url).resolve('playwright-core');
    return true;
  } catch {
    return false;
  }
}

/** `false` when the e2e test can run, else why not. Under CI=true it installs code-server if needed and never skips. */
export function e2eSkip(): string | false {
  const ci = process.env.CI === 'true';
  if (!codeServerInstalled() && (ci || process.env.VPSD_E2E_INSTALL === '1')) installCodeServer();
  const missing: string[] = [];
  if (!codeServerInstalled())
    missing.push(`code-server under ${toolsDir()} (set VPSD_E2E_INSTALL=1 to install it, ~6 min)`);
  if (!existsSync(CHROMIUM)) missing.push('chromium (apt-get install -y chromium)');
  if (!hasPlaywright()) missing.push('playwright-core (npm install --no-save playwright-core)');
  if (!findSshd()) missing.push('sshd (apt-get install -y openssh-server openssh-client)');
  if (missing.length === 0 || ci) return false;
  return `e2e skipped: missing ${missing.join(', ')}`;
}
