/**
 * A real OpenSSH sshd in the lab's vps namespace and an ssh_config that reaches it from the client namespace
 * as `labvps` (host key checked against a known_hosts holding only its key, key authentication), in a temp
 * dir that also serves as the CLI's XDG_STATE_HOME. Both are removed when the test ends.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { Sshd } from '../../integration/helpers/sshd';
import { ADDR, type Lab } from './lab';

export interface LabSsh {
  sshd: Sshd;
  /** Temp dir: the CLI's state dir and the config's home. */
  dir: string;
  /** `-F` file defining the host `labvps`. */
  config: string;
}

export async function labSsh(t: TestContext, lab: Lab): Promise<LabSsh> {
  const sshd = await Sshd.start({ listenAddress: ADDR.vps, wrap: ['ip', 'netns', 'exec', lab.vps] });
  t.after(() => sshd.dispose());
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-lab-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, sshd.knownHostsLine());
  const config = join(dir, 'ssh_config');
  writeFileSync(
    config,
    [
      'Host labvps',
      `  HostName ${ADDR.vps}`,
      `  Port ${sshd.port}`,
      `  User ${sshd.user}`,
      `  IdentityFile ${sshd.clientKeyPath}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${knownHosts}`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '',
    ].join('\n'),
  );
  return { sshd, dir, config };
}
