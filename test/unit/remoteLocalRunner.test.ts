import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { LocalRunner } from '../../src/core/remote/localRunner';
import type { CatalogCommand, ExecRequest } from '../../src/core/remote/runner';
import { takeSample } from '../../src/core/remote/sampler';
import { unwrap } from './remoteFixtures';

/** Test-only commands: they obey the catalog rules but are not in the catalog. */
const cmd = (id: string, script: string): CatalogCommand => ({ id, script });
const run = (runner: LocalRunner, command: CatalogCommand, patch: Partial<ExecRequest> = {}) =>
  runner.exec({ command, args: [], timeoutMs: 10_000, maxOutputBytes: 1 << 20, ...patch });

/** True once no process with this pid exists (polls: SIGKILL delivery is asynchronous). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await delay(10);
  }
  return false;
}

const pidsIn = (out: Buffer): number[] => out.toString().trim().split(/\s+/).map(Number);

describe('LocalRunner', () => {
  const runner = new LocalRunner();

  it('returns stdout, stderr and the exit status, with the arguments as $1..', async () => {
    const r = await run(runner, cmd('echoArgs', 'echo "$0 $1 $2"; echo oops >&2; exit 3'), { args: ['abc', 'x.y-z'] });
    assert.equal(r.stdout.toString(), 'vpsd abc x.y-z\n');
    assert.equal(r.stderr.toString(), 'oops\n');
    assert.equal(r.exitCode, 3);
    assert.equal(r.exitSignal, null);
    assert.equal(r.timedOut, false);
    assert.equal(r.truncated, false);
    assert.ok(r.durationMs >= 0);
  });

  it('reports a signal without the SIG prefix, as SSH does', async () => {
    const r = await run(runner, cmd('selfKill', 'kill -TERM $$'));
    assert.equal(r.exitCode, null);
    assert.equal(r.exitSignal, 'TERM');
  });

  it('gives the script a closed stdin, the C locale and the file root', async () => {
    const r = await run(
      new LocalRunner({ root: '/tmp' }),
      cmd('env', 'read x; echo "read=$? lc=$LC_ALL root=$VPSD_ROOT"'),
    );
    assert.equal(r.stdout.toString(), 'read=1 lc=C root=/tmp\n');
  });

  it('settles a hung command at the deadline with timedOut, and kills its whole process group', async () => {
    // The background subshell reads its own pid from /proc/self/stat, then becomes `sleep`.
    const r = await run(
      runner,
      cmd('hang', '( read p rest </proc/self/stat; echo "$$ $p"; exec sleep 30 ) & sleep 30'),
      { timeoutMs: 300 },
    );
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    const [shell, child] = pidsIn(r.stdout);
    assert.ok(
      Number.isInteger(shell) && Number.isInteger(child) && shell! > 1 && child! > 1 && shell !== child,
      r.stdout.toString(),
    );
    assert.ok(await gone(shell!), 'the shell survived');
    assert.ok(await gone(child!), 'its background child survived');
  });

  it('cuts a flooding command at the cap with truncated, and kills it', async () => {
    const r = await run(runner, cmd('flood', 'yes'), { maxOutputBytes: 65536 });
    assert.equal(r.truncated, true);
    assert.equal(r.timedOut, false);
    assert.equal(r.stdout.length, 65536);
    assert.ok(r.stdout.toString().startsWith('y\ny\n'));
  });

  it('caps and drains stderr too', async () => {
    const r = await run(runner, cmd('floodErr', 'echo $$; yes >&2'), { maxOutputBytes: 4096 });
    assert.equal(r.truncated, true);
    assert.equal(r.stderr.length, 4096);
    assert.ok(await gone(pidsIn(r.stdout)[0]!));
  });

  it('does not stall when stderr is large but within the cap', async () => {
    const r = await run(runner, cmd('bigErr', 'head -c 300000 /dev/zero >&2; echo done'), { maxOutputBytes: 1 << 20 });
    assert.equal(r.stderr.length, 300000);
    assert.equal(r.stdout.toString(), 'done\n');
    assert.equal(r.exitCode, 0);
  });

  it('aborts: kills the command and rejects with the signal reason', async () => {
    const ac = new AbortController();
    const pending = run(runner, cmd('abortMe', 'sleep 30'), { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(pending, { name: 'AbortError' });
    await assert.rejects(run(runner, cmd('neverRuns', 'true'), { signal: AbortSignal.abort() }), {
      name: 'AbortError',
    });
  });

  it('still takes a normal sample afterwards', async () => {
    const s = unwrap(await takeSample(runner, { timeoutMs: 10_000, maxOutputBytes: 1 << 22, useSudo: false }));
    assert.equal(s.uptimeSeconds.state, 'ok');
  });
});
