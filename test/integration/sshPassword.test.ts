/**
 * Password authentication, the last resort of the login order, against a real sshd with
 * `PasswordAuthentication yes`. It needs a password on the test user, which only root can set; the test
 * sets one for its run and locks the password again afterwards (the account stays usable by key).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SshConnection } from '../../src/core/ssh/sshConnection';
import { SshError } from '../../src/core/ssh/sshErrors';
import { SshRunner } from '../../src/core/ssh/sshRunner';
import { run, Sshd, sshdSkip, TEST_USER } from './helpers/sshd';
import { command, endpointFor, FAST, knownHostsVerifier, request, trustHost } from './helpers/sshFixture';

const whoami = command('testWhoami', 'id -un');
const PASSWORD = 'correct horse battery staple';

function skipReason(): string | false {
  const sshd = sshdSkip();
  if (sshd) return sshd;
  if (process.getuid?.() !== 0)
    return process.env.CI === 'true' ? false : 'password login needs root to give the test user a password';
  return false;
}

describe('SSH password login against a real sshd', { skip: skipReason() }, () => {
  let sshd: Sshd;
  let kh: string;
  const open: SshConnection[] = [];

  before(async () => {
    if (process.getuid?.() !== 0)
      throw new Error('CI=true: password login needs root to give the test user a password');
    sshd = await Sshd.start({ extraConfig: ['PasswordAuthentication yes'] });
    run('chpasswd', [], undefined, `${TEST_USER}:${PASSWORD}\n`);
    kh = join(sshd.dir, 'known_hosts');
    trustHost(kh, sshd);
  });
  after(async () => {
    for (const c of open) c.dispose();
    // Back to key-only: a locked password, an unlocked account (as the harness leaves it).
    if (process.getuid?.() === 0) run('usermod', ['-p', '*', TEST_USER]);
    await sshd?.dispose();
  });

  test('no key and no agent: asks for the password, again after a wrong one, and logs in', async () => {
    const asked: { where: string; wrong: boolean }[] = [];
    const answers = ['wrong password', PASSWORD];
    const conn = new SshConnection({
      target: endpointFor(sshd, { identityFiles: [], identitiesOnly: true, identityAgent: 'none' }),
      createHostVerifier: knownHostsVerifier(kh),
      prompts: { promptPassword: async (where, wrong) => (asked.push({ where, wrong }), answers.shift()) },
      ...FAST,
    });
    open.push(conn);
    const r = await new SshRunner(conn).exec(request(whoami));
    assert.equal(r.stdout.toString().trim(), TEST_USER);
    assert.deepEqual(
      asked.map((a) => a.wrong),
      [false, true],
    );
    assert.match(asked[0]!.where, new RegExp(`${TEST_USER}@127\\.0\\.0\\.1`));
  });

  test('a dismissed password prompt ends the login as cancelled, not retried', async () => {
    const conn = new SshConnection({
      target: endpointFor(sshd, { identityFiles: [], identitiesOnly: true, identityAgent: 'none' }),
      createHostVerifier: knownHostsVerifier(kh),
      prompts: { promptPassword: async () => undefined },
      ...FAST,
    });
    open.push(conn);
    await assert.rejects(
      conn.connect(),
      (e: unknown) => e instanceof SshError && e.kind === 'cancelled' && !e.retryable,
    );
  });
});
