/**
 * `vps-doctor watch` in the lab, the ground truth of a watch: the product in the client namespace watches the
 * vps over a real sshd while the test switches a per-source SYN limit on and off (on the router: the
 * provider's filter; on the vps's input chain: the host's own firewall), and stops sshd for a round. The JSON
 * Lines must follow what the test did: the verdict of each round that ran wholly inside one phase, and the
 * change events exactly at the first round of each new phase.
 *
 * The rounds are the watch's default size (32 connections 4 at a time; docs/method.md §3.6 says why not fewer).
 * They are 16 s apart (8 s in the fault test): a filtered round takes about 13 s, 32 connections through a 3/s
 * limit and 10 pings 0.2 s apart. The test entry point lowers the 1-minute floor; the shipped CLI cannot.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TestContext } from 'node:test';
import { labFor, labTest, REPO, synLimit, type Lab } from './helpers/lab';
import { labSsh, type LabSsh } from './helpers/labSsh';

const PORT = 8080;

interface Round {
  seq: number;
  atMs: number;
  durationMs: number;
  verdict: string | null;
  confidence: string | null;
  summary: string;
  changed: boolean;
  change?: {
    from: { seq: number; verdict: string; evidence: unknown[] };
    to: { seq: number; verdict: string; evidence: { label: string }[] };
  };
  failure?: { kind: string; message: string };
  burst: { attempts: number; delayed: number; failed: number; position: string; keepAlive: { failed: number } } | null;
  ping: { sent: number; received: number; lossCi95: [number, number]; pooled: { rounds: number; sent: number } } | null;
  server: { deltas: Record<string, number>; control: boolean } | null;
}

/** A running watch in the client namespace: its rounds one by one as they are printed, and a clean Ctrl-C. */
function startWatch(t: TestContext, lab: Lab, ssh: LabSsh, intervalS: number) {
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      lab.client,
      process.execPath,
      '--import',
      'tsx',
      'test/integration/helpers/watchDriver.ts',
      '1000',
      'labvps',
      '-F',
      ssh.config,
      '--port',
      String(PORT),
      '--http',
      '/',
      '--interval',
      `${intervalS}s`,
      '--duration',
      '10m',
      '--ping-count',
      '10',
      '--ping-interval',
      '0.2',
      '--json',
    ],
    { cwd: REPO, env: { ...process.env, XDG_STATE_HOME: ssh.dir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  const rounds: Round[] = [];
  const waiting: ((r: Round) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const r = JSON.parse(line) as Round;
    rounds.push(r);
    t.diagnostic(
      `#${r.seq} ${r.verdict ?? `failed (${r.failure?.kind})`}${r.changed ? ' CHANGED' : ''}: ${r.burst ? `${r.burst.delayed}/${r.burst.attempts} delayed, ${r.burst.failed} failed, ${r.burst.position}` : r.summary}`,
    );
    waiting.shift()?.(r);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    rounds,
    /** The next round printed. */
    next: (): Promise<Round> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no round within 60 s:\n${stderr}\n${ssh.sshd.log().slice(-1500)}`)),
          60_000,
        );
        waiting.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      }),
    /** Ctrl-C: the watch ends cleanly with its summary. */
    stop: async (): Promise<{ code: number | null; stderr: string }> => {
      child.kill('SIGINT');
      return { code: await exited, stderr };
    },
  };
}

/** Waits for `n` rounds that started after `sinceMs`. */
async function roundsAfter(w: ReturnType<typeof startWatch>, sinceMs: number, n: number): Promise<void> {
  while (w.rounds.filter((r) => r.atMs > sinceMs).length < n) await w.next();
}

/**
 * Healthy, then the limit on (`apply`), then off (`remove`): each round that ran wholly inside a phase has
 * that phase's verdict, and the change events sit exactly at the first round of each phase.
 */
async function onOffOn(
  t: TestContext,
  lab: Lab,
  verdict: string,
  apply: () => Promise<void>,
  remove: () => Promise<void>,
): Promise<void> {
  const ssh = await labSsh(t, lab);
  const w = startWatch(t, lab, ssh, 16);
  await w.next();
  await w.next();
  await apply();
  const onMs = Date.now();
  await roundsAfter(w, onMs, 2);
  await remove();
  const offMs = Date.now();
  await roundsAfter(w, offMs, 2);
  const { code, stderr } = await w.stop();
  assert.equal(code, 0, stderr);
  assert.match(stderr, /watch ended by Ctrl-C/);
  assert.match(stderr, /Changed at round #\d+ \(.*\): Healthy -> /);

  const phase = (r: Round): string | undefined => {
    const end = r.atMs + r.durationMs;
    if (end < onMs) return 'healthy';
    if (r.atMs > onMs && end < offMs) return verdict;
    if (r.atMs > offMs) return 'healthy';
    return undefined; // ran while the rule changed: either verdict would be right
  };
  const clean = w.rounds.filter((r) => phase(r) !== undefined);
  assert.ok(clean.filter((r) => phase(r) === verdict).length >= 1, 'at least one round ran wholly with the limit on');
  for (const r of w.rounds) {
    assert.notEqual(r.verdict, null, `round ${r.seq} failed: ${r.summary}`);
    assert.equal(r.burst?.attempts, 32);
    assert.equal(r.burst?.keepAlive.failed, 0, 'the keep-alive control is never affected');
    assert.equal(r.ping?.sent, 10);
    assert.equal(r.ping?.received, 10);
    const expected = phase(r);
    if (expected !== undefined) assert.equal(r.verdict, expected, `round ${r.seq}: ${r.summary}`);
    if (expected === verdict) assert.ok((r.burst?.delayed ?? 0) > 0, `round ${r.seq} saw delayed connects`);
  }
  // A change event is exactly where the verdict differs from the round before.
  w.rounds.forEach((r, i) => {
    const before = w.rounds[i - 1];
    assert.equal(r.changed, before !== undefined && before.verdict !== r.verdict, `round ${r.seq}: changed`);
    if (r.changed) {
      assert.equal(r.change?.from.seq, before?.seq);
      assert.equal(r.change?.from.verdict, before?.verdict);
      assert.equal(r.change?.to.verdict, r.verdict);
      assert.ok(
        (r.change?.from.evidence.length ?? 0) > 0 && (r.change?.to.evidence.length ?? 0) > 0,
        'the evidence of both sides',
      );
    }
  });
  const sequence = clean.map((r) => r.verdict).filter((v, i, all) => i === 0 || v !== all[i - 1]);
  assert.deepEqual(sequence, ['healthy', verdict, 'healthy']);
  assert.equal(w.rounds.filter((r) => r.changed).length, 2, 'two change events: on and off');
  assert.equal(
    w.rounds.at(-1)?.ping?.pooled.rounds,
    Math.min(w.rounds.length, 10),
    'pings pool over consecutive rounds',
  );
}

const webServer = (lab: Lab) =>
  lab.start(lab.vps, [process.execPath, '--import', 'tsx', 'test/lab/helpers/labServer.ts', 'http', String(PORT)]);

labTest(
  "watch: healthy, then the router's per-source SYN limit (upstream-syn-filter), then healthy again",
  async (t) => {
    const lab = await labFor(t);
    await webServer(lab);
    await onOffOn(
      t,
      lab,
      'upstream-syn-filter',
      () => lab.nft(lab.router, synLimit('forward', 'fwd_c', PORT)),
      async () => {
        await lab.exec(lab.router, ['nft', 'delete', 'table', 'inet', 'lab']);
      },
    );
  },
  240_000,
);

labTest(
  "watch: healthy, then the same limit on the vps's input chain (host-firewall-drop), then healthy again",
  async (t) => {
    const lab = await labFor(t);
    await webServer(lab);
    await onOffOn(
      t,
      lab,
      'host-firewall-drop',
      () => lab.nft(lab.vps, synLimit('input', 'in_v', PORT)),
      async () => {
        await lab.exec(lab.vps, ['nft', 'delete', 'table', 'inet', 'lab']);
      },
    );
  },
  240_000,
);

labTest(
  'watch: sshd stopped for a round -> that round is recorded unreachable, the next one is fine',
  async (t) => {
    const lab = await labFor(t);
    await webServer(lab);
    const ssh = await labSsh(t, lab);
    const w = startWatch(t, lab, ssh, 8);
    await w.next();
    await ssh.sshd.stop();
    const down = await w.next();
    await ssh.sshd.restart();
    const back = await w.next();
    const { code, stderr } = await w.stop();
    assert.equal(code, 0, stderr);
    assert.equal(down.verdict, null);
    assert.equal(down.failure?.kind, 'unreachable', down.summary);
    assert.equal(down.burst, null);
    assert.equal(back.verdict, 'healthy', back.summary);
    assert.equal(back.seq, down.seq + 1);
    assert.equal(back.changed, false, 'a failed round neither makes nor breaks a change');
    assert.equal(back.server?.control, false, 'no idle control across a reconnect');
    assert.equal(back.ping?.pooled.rounds, 1, 'no ping pool across a failed round');
    assert.match(stderr, /\(1 failed\)/);
  },
  120_000,
);
