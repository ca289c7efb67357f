import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real public key made by ssh-keygen: its known_hosts fields and the decoded wire blob. */
export interface TestKey {
  type: string;
  base64: string;
  blob: Buffer;
  pubFile: string;
}

/** Creates keys with `ssh-keygen -t <type>` in a fresh temp dir; `cleanup()` removes the dir. */
export function makeKeys(specs: { name: string; args: string[] }[]): {
  dir: string;
  keys: Record<string, TestKey>;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-keys-'));
  const keys: Record<string, TestKey> = {};
  for (const { name, args } of specs) {
    const file = join(dir, name);
    execFileSync('ssh-keygen', ['-q', ...args, '-N', '', '-C', name, '-f', file]);
    const [type, base64] = readFileSync(`${file}.pub`, 'utf8').trim().split(' ') as [string, string];
    keys[name] = { type, base64, blob: Buffer.from(base64, 'base64'), pubFile: `${file}.pub` };
  }
  return { dir, keys, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The usual set: two ed25519 keys, two ECDSA P-256 keys, one P-384, one RSA. */
export const STANDARD_KEYS = [
  { name: 'ed1', args: ['-t', 'ed25519'] },
  { name: 'ed2', args: ['-t', 'ed25519'] },
  { name: 'ec1', args: ['-t', 'ecdsa', '-b', '256'] },
  { name: 'ec2', args: ['-t', 'ecdsa', '-b', '256'] },
  { name: 'ec384', args: ['-t', 'ecdsa', '-b', '384'] },
  { name: 'rsa1', args: ['-t', 'rsa', '-b', '2048'] },
];

/** Line numbers `ssh-keygen -F name -f file` reports as applying (the oracle for OpenSSH matching). */
export function sshKeygenFind(name: string, file: string): number[] {
  let out = '';
  try {
    out = execFileSync('ssh-keygen', ['-F', name, '-f', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (e) {
    // Exit status 1 means "not found"; anything printed still counts.
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  return [...out.matchAll(/^# Host .* found: line (\d+)/gm)].map((m) => Number(m[1]));
}
