/**
 * `vps-doctor snapshot` against a real sshd serving ed25519, ECDSA and RSA host keys: the key types
 * recorded for the host in any known_hosts source (the user's file, GlobalKnownHostsFile, VPS Doctor's
 * trust store) are negotiated first, as OpenSSH does (docs/security.md §1.1, §1.2).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateKey, run, sshdSkip } from './helpers/sshd';
import { runCli, startLab, writeSshConfig, type SnapshotLab } from './snapshotFixture';

describe('vps-doctor snapshot and a host known by one of its several host keys', { skip: sshdSkip() }, () => {
  let lab: SnapshotLab;
  let userKh: string;
  let globalKh: string;
  let config: string;

  before(async () => {
    lab = await startLab({ hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'] });
    userKh = join(lab.dir, 'known_hosts');
    globalKh = join(lab.dir, 'ssh_known_hosts');
    config = writeSshConfig(lab, 'ssh_config', { knownHosts: userKh, globalKnownHosts: globalKh });
  });
  after(async () => {
    await lab?.dispose();
  });

  /** Writes the three sources: the user's file, the global file and a fresh state dir's trust store. */
  const sources = (name: string, lines: { user?: string; global?: string; store?: string }): string => {
    writeFileSync(userKh, lines.user ?? '');
    writeFileSync(globalKh, lines.global ?? '');
    const state = join(lab.dir, `state-${name}`);
    if (lines.store !== undefined) {
      mkdirSync(join(state, 'vps-doctor'), { recursive: true, mode: 0o700 });
      writeFileSync(join(state, 'vps-doctor', 'known_hosts'), lines.store, { mode: 0o600 });
    }
    return state;
  };

  test("known by its ECDSA key only in the user's known_hosts: exits 0, no unknown-key message", async () => {
    const state = sources('user-ecdsa', { user: lab.sshd.knownHostsLine(lab.sshd.port, 'ecdsa') });
    const r = await runCli(['snapshot', 'vpsd-test', '-F', config, '--verbose'], state);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /Host key of .* OK \(ecdsa-sha2-nistp256 SHA256:/);
    assert.doesNotMatch(r.err, /not known|--accept-new/);
  });

  test('known by its ECDSA key only in GlobalKnownHostsFile: exits 0', async () => {
    const state = sources('global-ecdsa', { global: lab.sshd.knownHostsLine(lab.sshd.port, 'ecdsa') });
    const r = await runCli(['snapshot', 'vpsd-test', '-F', config, '--verbose'], state);
    assert.equal(r.code, 0, r.err);
    assert.ok(r.err.includes(`from ${globalKh}:1`), r.err);
  });

  test("known by its RSA key only in VPS Doctor's trust store: exits 0", async () => {
    const state = sources('store-rsa', { store: lab.sshd.knownHostsLine(lab.sshd.port, 'rsa') });
    const r = await runCli(['snapshot', 'vpsd-test', '-F', config, '--verbose'], state);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /Host key of .* OK \(ssh-rsa SHA256:.* from .*vps-doctor\/known_hosts:1\)/);
  });

  test("a changed key in VPS Doctor's trust store: exit 4 naming the ssh-keygen -R command for the store, which clears it", async () => {
    const old = join(lab.dir, 'old_ed25519');
    generateKey(old);
    const name = `[127.0.0.1]:${lab.sshd.port}`;
    const state = sources('store-changed', { store: `${name} ${readFileSync(`${old}.pub`, 'utf8')}` });
    const store = join(state, 'vps-doctor', 'known_hosts');
    const refused = await runCli(['snapshot', 'vpsd-test', '-F', config, '--accept-new'], state);
    assert.equal(refused.code, 4, refused.err);
    const command = `ssh-keygen -R "${name}" -f "${store}"`;
    assert.ok(refused.err.includes(command), refused.err);
    run('ssh-keygen', ['-R', name, '-f', store]);
    const unknown = await runCli(['snapshot', 'vpsd-test', '-F', config], state);
    assert.equal(unknown.code, 3, unknown.err);
    const accepted = await runCli(['snapshot', 'vpsd-test', '-F', config, '--accept-new'], state);
    assert.equal(accepted.code, 0, accepted.err);
  });

  test('known only through @cert-authority: exit 4 saying why, never an offer to trust, not even with --accept-new', async () => {
    const ca = join(lab.dir, 'host_ca');
    generateKey(ca);
    const state = sources('ca', {
      user: `@cert-authority [127.0.0.1]:${lab.sshd.port} ${readFileSync(`${ca}.pub`, 'utf8')}`,
    });
    for (const extra of [[], ['--accept-new']]) {
      const r = await runCli(['snapshot', 'vpsd-test', '-F', config, ...extra], state);
      assert.equal(r.code, 4, r.err);
      assert.ok(r.err.includes(`host certificate authority (@cert-authority at ${userKh}:1)`), r.err);
      assert.doesNotMatch(r.err, /--accept-new/);
      assert.equal(r.out, '');
    }
  });
});
