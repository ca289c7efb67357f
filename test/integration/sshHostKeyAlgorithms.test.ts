/**
 * Host-key algorithms follow known_hosts, as OpenSSH's `order_hostkeyalgs()` does
 * (docs/security.md §1.1, §1.2): a real sshd serving ed25519, ECDSA and RSA host keys, a
 * known_hosts file that records some of them, our connection, and OpenSSH's own `ssh` on the same
 * file as the oracle for whether the host counts as known.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HostKeyDecision } from '../../src/core/ssh/hostKeyDecision';
import type { HostKeyPromptInfo } from '../../src/core/ssh/hostKeyPolicy';
import { SshConnection } from '../../src/core/ssh/sshConnection';
import { SshError, type SshErrorKind } from '../../src/core/ssh/sshErrors';
import { SshRunner } from '../../src/core/ssh/sshRunner';
import { generateKey, run, Sshd, sshdSkip, type HostKeyType } from './helpers/sshd';
import { command, endpointFor, FAST, knownHostsVerifier, recordStates, request } from './helpers/sshFixture';

const whoami = command('testWhoami', 'id -un');

/** The fingerprint `ssh-keygen -lf` prints for a public key file. */
const keygenFingerprint = (pubPath: string): string => run('ssh-keygen', ['-lf', pubPath]).split(' ')[1]!;

/** OpenSSH's client is the oracle; it ships with ssh-keygen, which the sshd helper needs anyway. */
function sshClientSkip(): string | false {
  const skip = sshdSkip();
  if (skip) return skip;
  if (spawnSync('sh', ['-c', 'command -v ssh']).status === 0 || process.env.CI === 'true') return false;
  return 'ssh not installed (apt-get install openssh-client)';
}

describe(
  'host-key algorithms follow known_hosts (sshd with ed25519, ECDSA and RSA host keys)',
  { skip: sshClientSkip() },
  () => {
    let sshd: Sshd;
    let kh: string;

    before(async () => {
      sshd = await Sshd.start({ hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'] });
      kh = join(sshd.dir, 'known_hosts');
    });
    after(async () => {
      await sshd?.dispose();
    });

    /** Whether `ssh -o BatchMode=yes` logs in with `kh` as its only known_hosts file, and what it said. */
    const openSsh = (): { ok: boolean; stderr: string } => {
      const r = spawnSync(
        'ssh',
        [
          '-F',
          '/dev/null',
          '-o',
          'BatchMode=yes',
          '-o',
          'StrictHostKeyChecking=yes',
          '-o',
          `UserKnownHostsFile=${kh}`,
          '-o',
          'GlobalKnownHostsFile=none',
          '-o',
          'IdentitiesOnly=yes',
          '-o',
          'IdentityAgent=none',
          '-i',
          sshd.clientKeyPath,
          '-p',
          String(sshd.port),
          `${sshd.user}@${sshd.host}`,
          'true',
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );
      return { ok: r.status === 0, stderr: r.stderr };
    };

    /** Connects with the policy over `kh` and a prompt that only counts and says no (or none); resolves with what happened. */
    const connect = async (withPrompt = true) => {
      const decisions: HostKeyDecision[] = [];
      const prompts: HostKeyPromptInfo[] = [];
      const prompt = withPrompt ? async (info: HostKeyPromptInfo) => (prompts.push(info), false) : undefined;
      const conn = new SshConnection({
        target: endpointFor(sshd),
        createHostVerifier: knownHostsVerifier(kh, decisions, prompt),
        ...FAST,
      });
      const states = recordStates(conn);
      let error: SshError | undefined;
      try {
        const r = await new SshRunner(conn).exec(request(whoami));
        assert.equal(r.stdout.toString().trim(), sshd.user);
      } catch (e) {
        assert.ok(e instanceof SshError, String(e));
        error = e;
      }
      const seen = states.map((s) => s.state); // before dispose() adds 'idle'
      conn.dispose();
      return { decisions, prompts, states: seen, error };
    };

    const known = (...types: HostKeyType[]) =>
      writeFileSync(kh, types.map((t) => sshd.knownHostsLine(sshd.port, t)).join(''));

    /** A refusal: the expected kind, no prompt, exactly one decision, and no second attempt. */
    const assertRefused = (r: Awaited<ReturnType<typeof connect>>, kind: SshErrorKind): void => {
      assert.equal(r.error?.kind, kind, r.error?.message);
      assert.equal(r.error?.retryable, false);
      assert.equal(r.prompts.length, 0, 'never offered for trust');
      assert.equal(r.decisions.length, 1);
      assert.deepEqual(r.states, ['connecting', 'failed'], 'never retried');
    };

    const knownByOneType: [HostKeyType, string, string][] = [
      ['ecdsa', 'ecdsa-sha2-nistp256', 'ECDSA'],
      ['rsa', 'ssh-rsa', 'RSA (rsa-sha2-*)'],
    ];
    for (const [type, keyType, label] of knownByOneType) {
      test(`known by its ${label} key only: connects with that key, no prompt, as ssh -o BatchMode=yes does`, async () => {
        known(type);
        const r = await connect();
        assert.equal(r.error, undefined, r.error?.message);
        assert.equal(r.prompts.length, 0);
        assert.deepEqual(
          r.decisions.map((d) => [d.kind, d.keyType, d.fingerprint]),
          [['match', keyType, keygenFingerprint(`${sshd.hostKeyPath(type)}.pub`)]],
        );
        assert.ok(openSsh().ok, 'the OpenSSH client agrees');
      });
    }

    test('known by a different ECDSA key: the ECDSA key is negotiated and refused as changed, never retried', async () => {
      const other = join(sshd.dir, 'other_ecdsa');
      generateKey(other, '', 'ecdsa');
      const [type, b64] = run('cat', [`${other}.pub`])
        .trim()
        .split(/\s+/);
      writeFileSync(kh, `[${sshd.host}]:${sshd.port} ${type} ${b64}\n`);
      const r = await connect();
      assertRefused(r, 'hostKeyChanged');
      const d = r.decisions[0]!;
      assert.equal(d.kind === 'refused' && d.reason, 'changed');
      assert.equal(d.keyType, 'ecdsa-sha2-nistp256');
      assert.equal(d.fingerprint, keygenFingerprint(`${sshd.hostKeyPath('ecdsa')}.pub`));
      assert.deepEqual(d.kind === 'refused' && d.expected.map((e) => e.fingerprint), [
        keygenFingerprint(`${other}.pub`),
      ]);
      const ssh = openSsh();
      assert.equal(ssh.ok, false);
      assert.match(ssh.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    });

    test("nothing known: unknown, with the fingerprint of the key actually negotiated (ed25519, ssh2's first choice)", async () => {
      writeFileSync(kh, '');
      const want = keygenFingerprint(`${sshd.hostKeyPath('ed25519')}.pub`);
      const unasked = await connect(false);
      assertRefused(unasked, 'hostKeyUnknown');
      assert.deepEqual(
        unasked.decisions.map((d) => [d.kind === 'refused' && d.reason, d.keyType, d.fingerprint]),
        [['no-prompt', 'ssh-ed25519', want]],
      );
      assert.ok(unasked.error!.message.includes(want), unasked.error!.message);
      const asked = await connect();
      assert.equal(asked.error?.kind, 'hostKeyDeclined'); // the counting prompt said no
      assert.deepEqual(
        asked.prompts.map((p) => [p.keyType, p.fingerprint, p.otherTypesKnown]),
        [['ssh-ed25519', want, []]],
      );
      assert.match(openSsh().stderr, /Host key verification failed/);
    });

    test('@revoked ed25519 key and a recorded ECDSA key: connects with ECDSA, as OpenSSH does', async () => {
      writeFileSync(
        kh,
        `@revoked ${sshd.knownHostsLine(sshd.port, 'ed25519')}${sshd.knownHostsLine(sshd.port, 'ecdsa')}`,
      );
      const r = await connect();
      assert.equal(r.error, undefined, r.error?.message);
      assert.deepEqual(
        r.decisions.map((d) => [d.kind, d.keyType]),
        [['match', 'ecdsa-sha2-nistp256']],
      );
      assert.ok(openSsh().ok, 'the OpenSSH client agrees');
    });

    test('only an @revoked line: the revoked key is negotiated and refused, never prompted or retried', async () => {
      writeFileSync(kh, `@revoked ${sshd.knownHostsLine(sshd.port, 'ed25519')}`);
      const r = await connect();
      assertRefused(r, 'hostKeyRevoked');
      assert.equal(r.decisions[0]!.keyType, 'ssh-ed25519');
      assert.equal(openSsh().ok, false);
    });

    test('known only through @cert-authority: refused with a clear message, never prompted or retried', async () => {
      const ca = join(sshd.dir, 'host_ca');
      generateKey(ca);
      const [type, b64] = run('cat', [`${ca}.pub`])
        .trim()
        .split(/\s+/);
      writeFileSync(kh, `@cert-authority [${sshd.host}]:${sshd.port} ${type} ${b64}\n`);
      const r = await connect();
      assertRefused(r, 'hostKeyUnsupported');
      assert.match(
        r.error!.message,
        new RegExp(`host certificate authority \\(@cert-authority at ${kh.replace(/[.]/g, '\\.')}:1\\)`),
      );
      assert.match(r.error!.message, /record the host's plain key in known_hosts/);
    });
  },
);

describe('host-key algorithms are ordered per ProxyJump hop', { skip: sshdSkip() }, () => {
  let jump: Sshd;
  let target: Sshd;

  before(async () => {
    jump = await Sshd.start({ hostKeyTypes: ['ed25519', 'ecdsa'], extraConfig: ['AllowTcpForwarding yes'] });
    target = await Sshd.start({ hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'] });
  });
  after(async () => {
    for (const s of [jump, target]) await s?.dispose();
  });

  test('a jump host known by ECDSA only and a target known by RSA only both connect, no prompt', async () => {
    const kh = join(target.dir, 'known_hosts');
    writeFileSync(kh, jump.knownHostsLine(jump.port, 'ecdsa') + target.knownHostsLine(target.port, 'rsa'));
    const decisions: HostKeyDecision[] = [];
    let prompts = 0;
    const conn = new SshConnection({
      target: endpointFor(target),
      jumps: [endpointFor(jump)],
      createHostVerifier: knownHostsVerifier(kh, decisions, async () => (prompts++, false)),
      ...FAST,
    });
    try {
      assert.equal((await new SshRunner(conn).exec(request(whoami))).exitCode, 0);
    } finally {
      conn.dispose();
    }
    assert.equal(prompts, 0);
    assert.deepEqual(
      decisions.map((d) => [d.kind, d.target.lookupName, d.keyType]),
      [
        ['match', `[127.0.0.1]:${jump.port}`, 'ecdsa-sha2-nistp256'],
        ['match', `[127.0.0.1]:${target.port}`, 'ssh-rsa'],
      ],
    );
  });
});
