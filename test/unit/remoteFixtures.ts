/** Fixtures of the remote sampler tests: captured outputs and fake file roots served through VPSD_ROOT. */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { HostFacts } from '../../src/core/remote/hostFacts';
import type { Result } from '../../src/core/result';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The nonce the captured outputs were recorded with. */
export const FIXTURE_NONCE = 'c0ffee00c0ffee00c0ffee00c0ffee00';

/** A captured stdout from test/fixtures/remote/captured/. */
export function captured(name: string): Buffer {
  return readFileSync(join(fixtures, 'remote', 'captured', name));
}

export function seedText(name: 'seed_user_beancounters.txt' | 'seed_sysctl.txt'): string {
  return readFileSync(join(fixtures, name), 'utf8');
}

/** The value of a Result, failing the test with the error when there is none. */
export function unwrap<T, E>(r: Result<T, E>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

/** The error of a Result, failing the test when it is ok. */
export function failure<T, E>(r: Result<T, E>): E {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 300)}`);
  return r.error;
}

/**
 * A temp copy of test/fixtures/remote/<template>, readable by every user (an unprivileged run must be
 * able to enter it). `openvz-root` also gets the seed's beancounters and buffer sysctls.
 */
export function makeFakeRoot(template: 'openvz-root' | 'kvm-root'): string {
  const root = mkdtempSync(join(tmpdir(), 'vpsd-root-'));
  cpSync(join(fixtures, 'remote', template), root, { recursive: true });
  if (template === 'openvz-root') {
    writeFileSync(join(root, 'proc/user_beancounters'), seedText('seed_user_beancounters.txt'));
    writeSeedSysctls(root);
  }
  spawnSync('chmod', ['-R', 'a+rX', root]);
  return root;
}

/** `net.ipv4.tcp_wmem = 4096\t16384\t4194304` -> proc/sys/net/ipv4/tcp_wmem holding the values. */
function writeSeedSysctls(root: string): void {
  for (const line of seedText('seed_sysctl.txt').split('\n')) {
    const m = /^([a-z0-9_.]+)\s*=\s*(.+)$/.exec(line.trim());
    if (m === null) continue;
    const path = join(root, 'proc/sys', m[1]!.replaceAll('.', '/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${m[2]!.trim()}\n`);
  }
}

export function removeFakeRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

export function makeUnreadable(path: string): void {
  chmodSync(path, 0o000);
}

export function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' }).status === 0;
}

/** uid and gid of `nobody`, or null when there is no such user. */
export function nobody(): { uid: number; gid: number } | null {
  const uid = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Skips the test with one line saying why when a prerequisite is missing; under CI=true a missing
 * prerequisite fails instead (README, "Tests": under CI=true nothing may skip).
 */
export function needs(t: TestContext, present: boolean, why: string): boolean {
  if (present) return true;
  if (process.env.CI === 'true') throw new Error(`missing prerequisite under CI: ${why}`);
  t.skip(why);
  return false;
}

/** A host that shows nothing at all: every test adds only the evidence it is about. */
export function hostFacts(
  patch: Partial<Omit<HostFacts, 'exists'>> & { exists?: Partial<HostFacts['exists']> } = {},
): HostFacts {
  const { exists, ...rest } = patch;
  return {
    osRelease: '6.1.0-18-amd64',
    machine: 'x86_64',
    envId: null,
    exists: {
      'proc/vz': false,
      'proc/bc': false,
      'proc/user_beancounters': false,
      '.dockerenv': false,
      'run/.containerenv': false,
      'run/systemd/container': false,
      ...exists,
    },
    systemdContainer: null,
    cgroupText: '0::/init.scope',
    dmi: { sysVendor: null, productName: null },
    hypervisorType: null,
    hypervisorFlag: null,
    containerEnv: null,
    systemdDetectVirt: null,
    tools: { timeout: true, timeoutKill: true, sudo: true, ss: true },
    ...rest,
  };
}
