import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sha256Fingerprint } from '../../src/core/ssh/fingerprint';
import { freePort, generateKey, publicBlob, sshdSkip } from './helpers/sshd';
import { trustHost } from './helpers/sshFixture';
import { bumpFailcnt, runCli, runCliOnTerminal, startLab, writeSshConfig, type SnapshotLab } from './snapshotFixture';

const PASSPHRASE = 'correct horse battery';

/** util-linux `script` gives the CLI a terminal; Debian ships it in bsdutils (essential). */
function scriptSkip(): string | false {
  if (spawnSync('sh', ['-c', 'command -v script']).status === 0 || process.env.CI === 'true') return false;
  return 'util-linux script not installed (apt-get install bsdutils)';
}

describe('vps-doctor snapshot against a real sshd serving a fake OpenVZ /proc', { skip: sshdSkip() }, () => {
  let lab: SnapshotLab;
  let knownHosts: string;
  let state: string;
  let config: string;

  before(async () => {
    lab = await startLab();
    knownHosts = join(lab.dir, 'known_hosts');
    state = join(lab.dir, 'state');
    config = writeSshConfig(lab, 'ssh_config');
  });
  after(async () => {
    await lab?.dispose();
  });

  /** An authorized ed25519 key protected by PASSPHRASE (made once). */
  const encryptedKey = (): string => {
    const key = join(lab.dir, 'enc_ed25519');
    if (!existsSync(key)) {
      generateKey(key, PASSPHRASE);
      lab.sshd.authorize(`${key}.pub`);
    }
    return key;
  };

  test('prints the parsed sample with the seed tcpsndbuf row and exits 0', async () => {
    trustHost(knownHosts, lab.sshd);
    const r = await runCli(['snapshot', 'vpsd-test', '-F', config], state);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^tcpsndbuf\s+176\.8 KiB\s+1\.7 MiB\s+1\.6 MiB\s+2\.6 MiB\s+10\.5%\s+64\.0%\s+1,779,659\s+WARN$/m,
    );
    assert.match(r.out, /Virtualisation: OpenVZ container \(CT 12345\)/);
    assert.match(r.out, /\/proc\/self\/status has envID: 12345/);
    assert.match(r.out, /TcpExt ListenOverflows\s+6/);
    assert.match(r.out, /net\.ipv4\.tcp_wmem \(bytes\)\s+4,096 \/ 16,384 \/ 4,194,304/);
    assert.match(r.out, /TCP buffer risk: critical/);
    assert.equal(r.err, '', 'nothing but warnings and errors goes to stderr, and there were none');
  });

  test('--json carries the snapshot, the assessments and the buffer risk', async () => {
    trustHost(knownHosts, lab.sshd);
    const r = await runCli(['snapshot', 'vpsd-test', '-F', config, '--json'], state);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.target.id, 'ssh:vpsd-test');
    assert.equal(j.snapshot.beancounters.state, 'ok');
    const snd = j.snapshot.beancounters.table.containers[0].resources.find(
      (x: { name: string }) => x.name === 'tcpsndbuf',
    );
    assert.equal(snd.failcnt, 1779659);
    assert.equal(j.snapshot.virtualization.kind, 'openvz-container');
    assert.equal(j.bufferRisk.grade, 'critical');
    assert.deepEqual(j.deltas, []);
  });

  test('an unknown host key ends with exit 3, its fingerprint and how to check and accept it', async () => {
    writeFileSync(knownHosts, '');
    const r = await runCli(['snapshot', 'vpsd-test', '-F', config], join(lab.dir, 'state-unknown'));
    assert.equal(r.code, 3, r.err);
    assert.ok(r.err.includes(sha256Fingerprint(lab.sshd.hostKeyBlob())), r.err);
    assert.match(r.err, /ssh-keygen -lf \/etc\/ssh\/ssh_host_ed25519_key\.pub/);
    assert.match(r.err, /--accept-new/);
    assert.equal(r.out, '');
  });

  test('--accept-new records the key in $XDG_STATE_HOME/vps-doctor/known_hosts, which later runs trust', async () => {
    writeFileSync(knownHosts, '');
    const home = join(lab.dir, 'state-accept');
    const first = await runCli(['snapshot', 'vpsd-test', '-F', config, '--accept-new'], home);
    assert.equal(first.code, 0, first.err);
    const store = join(home, 'vps-doctor', 'known_hosts');
    assert.ok(existsSync(store));
    assert.ok(readFileSync(store, 'utf8').includes(lab.sshd.hostKeyBlob().toString('base64')));
    const second = await runCli(['snapshot', 'vpsd-test', '-F', config], home);
    assert.equal(second.code, 0, second.err);
  });

  test('a changed host key ends with exit 4 and is never accepted, not even with --accept-new', async () => {
    const other = join(lab.dir, 'other_host_key');
    generateKey(other);
    writeFileSync(
      knownHosts,
      `[127.0.0.1]:${lab.sshd.port} ssh-ed25519 ${publicBlob(`${other}.pub`).toString('base64')}\n`,
    );
    for (const extra of [[], ['--accept-new']]) {
      const r = await runCli(['snapshot', 'vpsd-test', '-F', config, ...extra], join(lab.dir, 'state-changed'));
      assert.equal(r.code, 4, r.err);
      assert.match(r.err, /CHANGED/);
      assert.match(r.err, /ssh-keygen -R/);
    }
  });

  test('a key the server does not accept ends with exit 5', async () => {
    trustHost(knownHosts, lab.sshd);
    const stranger = join(lab.dir, 'stranger_ed25519');
    generateKey(stranger);
    const cfg = writeSshConfig(lab, 'ssh_config_wrong_key', { identityFile: stranger });
    const r = await runCli(['snapshot', 'vpsd-test', '-F', cfg], state);
    assert.equal(r.code, 5, r.err);
    assert.match(r.err, /Login to .* failed/);
  });

  test(
    'on a terminal the passphrase of an encrypted key is asked on /dev/tty without echo',
    { skip: scriptSkip() },
    async () => {
      trustHost(knownHosts, lab.sshd);
      const cfg = writeSshConfig(lab, 'ssh_config_encrypted', { identityFile: encryptedKey() });
      const r = await runCliOnTerminal(
        ['snapshot', 'vpsd-test', '-F', cfg, '--json'],
        state,
        /Enter passphrase for key '[^']*enc_ed25519': /,
        PASSPHRASE,
      );
      assert.equal(r.code, 0, r.screen);
      assert.match(r.screen, /"id": "ssh:vpsd-test"/);
      assert.equal(r.screen.includes(PASSPHRASE), false, 'the passphrase is not echoed');
    },
  );

  test('without a terminal an encrypted key needs ssh-agent, and the message says so (exit 5)', async () => {
    trustHost(knownHosts, lab.sshd);
    const cfg = writeSshConfig(lab, 'ssh_config_encrypted', { identityFile: encryptedKey() });
    const r = await runCli(['snapshot', 'vpsd-test', '-F', cfg], state);
    assert.equal(r.code, 5, r.err);
    assert.match(r.err, /has a passphrase; load it into ssh-agent/);
    assert.match(r.err, /No terminal: keys with a passphrase are used only through ssh-agent/);
  });

  test('a closed port ends with exit 6', async () => {
    const cfg = writeSshConfig(lab, 'ssh_config_closed', { port: await freePort() });
    const r = await runCli(['snapshot', 'vpsd-test', '-F', cfg], state);
    assert.equal(r.code, 6, r.err);
    assert.match(r.err, /nothing accepts connections there/);
  });

  test('--watch prints failcnt growth every interval until Ctrl-C, then exits 0', async () => {
    trustHost(knownHosts, lab.sshd);
    let bumped = false;
    let interrupted = false;
    const r = await runCli(['snapshot', 'vpsd-test', '-F', config, '--watch', '1'], state, (out, child) => {
      if (!bumped && /first sample \(baseline\)/.test(out)) {
        bumped = true;
        bumpFailcnt(lab, 'tcpsndbuf', 1779659 + 42);
      }
      if (!interrupted && /CT 12345 tcpsndbuf \+42/.test(out)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /CT 12345 tcpsndbuf \+42 \(504\/min\)/);
    bumpFailcnt(lab, 'tcpsndbuf', 1779659, 5);
  });

  test('bad arguments exit 2', async () => {
    const r = await runCli(['snapshot', 'vpsd-test', '--watch', '0'], state);
    assert.equal(r.code, 2);
    const none = await runCli(['snapshot'], state);
    assert.equal(none.code, 2);
  });
});
