/** `vps-doctor watch`: its input checks (exit 2 with the option to change) and a round that cannot reach the host. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { Output } from '../../src/cli/io';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Output = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), isTty: false };
  return { code: await main(args, io), out, err };
}

test('watch refuses what the budget or the syntax does not allow, with exit 2 and one line', async () => {
  const cases: [string[], RegExp][] = [
    [['watch', 'vps1'], /--port P is required/],
    [['watch', '--port', '80'], /exactly one TARGET/],
    [['watch', 'vps1', '--port', '80', '--interval', '30s'], /the interval must be at least 1 min, got 30 s/],
    [['watch', 'vps1', '--port', '80', '--interval', '5'], /--interval must be a duration such as 90s, 5m/],
    [
      ['watch', 'vps1', '--port', '80', '--interval', '1m', '--count', '64'],
      /3900 new connections an hour, over the cap of 2400: use an interval of 2 min or more/,
    ],
    [['watch', 'vps1', '--port', '80', '--duration', '8d'], /at most 7 d/],
    [
      ['watch', 'vps1', '--port', '80', '--ping-interval', '0.1'],
      /--ping-interval must be a number of seconds from 0.2 to 60/,
    ],
    [['watch', 'vps1', '--port', '80', '--http', 'no-slash'], /--http PATH must start with \//],
    [['watch', 'vps1', '--port', '80', '--bogus'], /Unknown option/],
  ];
  for (const [args, why] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, why, args.join(' '));
    assert.equal(r.out, '', 'nothing on stdout');
  }
});

test('a host that refuses SSH: the round is recorded as unreachable, the watch runs its duration and exits 0', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-cli-watch-'));
  const saved = process.env.XDG_STATE_HOME;
  process.env.XDG_STATE_HOME = dir;
  t.after(() => {
    if (saved === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  const r = await run(['watch', 'nobody@127.0.0.1:1', '--port', '9', '--duration', '1s', '--json']);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 1);
  const round = JSON.parse(lines[0]!);
  assert.equal(round.seq, 1);
  assert.equal(round.verdict, null);
  assert.equal(round.failure.kind, 'unreachable');
  assert.match(round.summary, /^Unreachable: /);
  assert.match(
    r.err,
    /^watching nobody@127\.0\.0\.1:1 port 9 every 5 min for 1 s: 32 new connections 4 at a time plus 1 keep-alive control a round, 396 new connections an hour at most \(cap 2400\); 20 pings a round$/m,
  );
  assert.match(
    r.err,
    /watch ran its duration\.\n1 round this run \(1 failed\); 1 in the host's timeline\.\nNo round produced a verdict yet\. 1 round failed \(no verdict\)\./,
  );
});
