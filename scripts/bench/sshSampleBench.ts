/**
 * Section 2, over SSH: one loopback OpenSSH sshd (test/integration/helpers/sshd.ts; as root it logs in
 * the unprivileged test user), one ssh2 connection, and on it the product's command line for `sample`
 * (with the remote `timeout -s KILL` watchdog, as the SSH runner sends it) as one exec, vs the naive
 * collection as one exec per file plus `sysctl -a`, one after another on the same connection. Every exec
 * has a deadline, so a stuck sshd ends this part instead of the bench.
 */
import { readFileSync } from 'node:fs';
import { Client } from 'ssh2';
import { SAMPLE } from '../../src/core/remote/catalog';
import { parseSample } from '../../src/core/remote/parseSample';
import { renderCommandLine } from '../../src/core/remote/runner';
import { findSshd, Sshd } from '../../test/integration/helpers/sshd';
import { bytes, findTool, line, median, ms, ratio, skipped } from './kit';

const RUNS = 10;
const EXEC_DEADLINE_MS = 10_000;
const NONCE = 'fedcba9876543210fedcba9876543210';
/** The watchdog the session passes by default (vpsDoctor.remote.timeoutSeconds). */
const REMOTE_TIMEOUT_S = 20;

function connect(sshd: Sshd): Promise<Client> {
  const client = new Client();
  const hostKey = sshd.hostKeyBlob();
  return new Promise((resolve, reject) => {
    client
      .once('ready', () => resolve(client))
      .once('error', reject)
      .connect({
        host: sshd.host,
        port: sshd.port,
        username: sshd.user,
        privateKey: readFileSync(sshd.clientKeyPath),
        hostVerifier: (key: Buffer) => key.equals(hostKey),
        readyTimeout: EXEC_DEADLINE_MS,
      });
  });
}

/** stdout of one exec; rejects after the deadline (the channel is closed then). */
function exec(client: Client, command: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => {
        stream.close();
        reject(new Error(`ssh exec did not finish within ${EXEC_DEADLINE_MS} ms: ${command.slice(0, 60)}`));
      }, EXEC_DEADLINE_MS);
      stream.on('data', (b: Buffer) => chunks.push(b));
      stream.stderr.resume();
      stream.on('close', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks));
      });
    });
  });
}

async function sequence(client: Client, commands: readonly string[]): Promise<{ ms: number; bytes: number }> {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (const c of commands) n += (await exec(client, c)).length;
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, bytes: n };
}

/** Runs the SSH comparison; `files` are the naive side's tables relative to `/`, `sysctl` its absolute path. */
export async function benchOverSsh(files: readonly string[], sysctl: string | undefined): Promise<void> {
  console.log(`  over SSH to a loopback sshd, one connection, median of ${RUNS}:`);
  if (findSshd() === undefined || findTool('ssh-keygen') === undefined) {
    skipped('sshd or ssh-keygen not installed (Debian packages openssh-server, openssh-client)');
    return;
  }
  const ours = renderCommandLine(SAMPLE, [NONCE, 'nosudo'], REMOTE_TIMEOUT_S);
  const naive = [...files.map((f) => `cat /${f}`), ...(sysctl ? [`${sysctl} -a`] : [])];
  let sshd: Sshd;
  try {
    sshd = await Sshd.start();
  } catch (e) {
    skipped(`sshd did not start: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return;
  }
  let client: Client | undefined;
  try {
    client = await connect(sshd);
    const check = await exec(client, ours);
    const parsed = parseSample(check, NONCE);
    await sequence(client, naive); // warm both paths once
    const o: number[] = [];
    const b: number[] = [];
    let oBytes = 0;
    let bBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const x = await sequence(client, [ours]);
      const y = await sequence(client, naive);
      o.push(x.ms);
      b.push(y.ms);
      oBytes = x.bytes;
      bBytes = y.bytes;
    }
    line(
      `  ${'sample command line, 1 exec'.padEnd(38)} ${ms(median(o)).padStart(9)}  ${bytes(oBytes).padStart(8)}  (${parsed.ok ? 'parses as a sample' : `does NOT parse: ${parsed.error.message}`})`,
    );
    line(`  ${`naive, ${naive.length} execs`.padEnd(38)} ${ms(median(b)).padStart(9)}  ${bytes(bBytes).padStart(8)}`);
    line(
      `  ratio ours/naive: time ${ratio(median(o), median(b))}, bytes ${ratio(oBytes, bBytes)}, channels ${ratio(1, naive.length)}`,
    );
  } finally {
    client?.end();
    await sshd.dispose();
  }
}
