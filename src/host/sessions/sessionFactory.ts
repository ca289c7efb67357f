import type * as vscode from 'vscode';
import { createSessionPrompts } from '../prompts/sessionPrompts';
import { readSettings } from '../settings';
import type { SessionFactory } from './hostRegistry';
import { sessionSettings } from './sessionSettings';

/**
 * The real session factory. The session module (and with it ssh2) is imported on the first use of a
 * host, never at activation: esbuild keeps the module in the bundle but wraps it so its top level,
 * and ssh2's, runs only when this import is first awaited.
 */
export function createSessionFactory(log: vscode.LogOutputChannel, storeDir: string): SessionFactory {
  const prompts = createSessionPrompts(log);
  return async (target) => {
    const { HostSession } = await import('../../core/session/hostSession');
    return new HostSession(target, {
      prompts,
      storeDir,
      settings: sessionSettings(readSettings()),
      log: (level, message) => log[level](`${target.label}: ${message}`),
    });
  };
}
