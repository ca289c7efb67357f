import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main';
import type { Output } from '../../src/cli/io';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Output = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), isTty: false };
  return { code: await main(args, io), out, err };
}

const COMMANDS = [
  'demo',
  'diagnose',
  'snapshot',
  'beancounters',
  'burst',
  'ping',
  'report',
  'metrics',
  'exporter',
  'watch',
];

test('--help lists every subcommand, and each has its own --help', async () => {
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  for (const c of COMMANDS) {
    assert.match(help.out, new RegExp(`^  vps-doctor ${c} `, 'm'), c);
    const own = await run([c, '--help']);
    assert.equal(own.code, 0, c);
    assert.match(own.out, new RegExp(`^vps-doctor ${c}`), c);
  }
});

test('no command, an unknown one, or a prototype key exit 2 with the usage', async () => {
  assert.equal((await run([])).code, 2);
  for (const name of ['frobnicate', 'constructor', '__proto__', 'toString']) {
    const r = await run([name]);
    assert.equal(r.code, 2, name);
    assert.match(r.err, /unknown command/);
  }
});
