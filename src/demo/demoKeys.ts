import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { utils, type ParsedKey } from 'ssh2';

/** A key pair of the demo: the private key parsed, and where it is stored. */
export interface DemoKey {
  /** OpenSSH private key file (mode 0600). */
  path: string;
  key: ParsedKey;
  /** The file's content: ssh2's Server wants a host key as text, not parsed. */
  privateText: string;
  /** `ssh-ed25519 AAAA...`, without a comment. */
  publicLine: string;
}

export interface DemoKeys {
  host: DemoKey;
  client: DemoKey;
}

/**
 * The demo's host key and its one client key, made on first use and kept in `stateDir` (mode 0700,
 * files 0600) so the host keeps its identity across runs. A key file that cannot be parsed is
 * replaced by a new key; the demo's known_hosts is rewritten on every start anyway.
 */
export async function loadOrCreateKeys(stateDir: string): Promise<DemoKeys> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await chmod(stateDir, 0o700);
  return {
    host: await loadOrCreate(join(stateDir, 'host_ed25519'), 'vps-doctor demo host'),
    client: await loadOrCreate(join(stateDir, 'client_ed25519'), 'vps-doctor demo client'),
  };
}

async function loadOrCreate(path: string, comment: string): Promise<DemoKey> {
  const data = await readFile(path).catch(() => undefined);
  const existing = data === undefined ? undefined : usable(data);
  if (data !== undefined && existing !== undefined) return describe(path, existing, data.toString('utf8'));
  // ssh2 now and then writes an ed25519 key its own parser rejects (seen about once in a few dozen runs):
  // generate again, a bounded number of times, and keep only a key that parses.
  for (let attempt = 0; attempt < 8; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519', { comment });
    const key = usable(Buffer.from(pair.private));
    if (key === undefined) continue;
    await writeFile(path, pair.private, { mode: 0o600 });
    await chmod(path, 0o600);
    await writeFile(`${path}.pub`, `${pair.public}\n`, { mode: 0o600 });
    return describe(path, key, pair.private);
  }
  throw new Error(`no generated key for ${path} parsed`);
}

function usable(data: Buffer): ParsedKey | undefined {
  const parsed = utils.parseKey(data);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return key === undefined || key instanceof Error || !key.isPrivateKey() ? undefined : key;
}

function describe(path: string, key: ParsedKey, privateText: string): DemoKey {
  return { path, key, privateText, publicLine: `${key.type} ${key.getPublicSSH().toString('base64')}` };
}
