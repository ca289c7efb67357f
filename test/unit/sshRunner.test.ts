import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import type { ClientChannel } from 'ssh2';
import type { ExecRequest } from '../../src/core/remote/runner';
import type { ExitStatus, OpenedChannel } from '../../src/core/ssh/sshConnection';
import { SshError } from '../../src/core/ssh/sshErrors';
import { SshRunner, type ChannelSource } from '../../src/core/ssh/sshRunner';

/** A channel that records what the runner does to it and lets the test play the server. */
class FakeChannel extends PassThrough {
  readonly stderr = new PassThrough();
  constructor() {
    super({ emitClose: false }); // as ssh2's Channel: 'close' comes from the protocol, once
  }
  readonly signals: string[] = [];
  closeCalls = 0;
  signal(name: string): void {
    this.signals.push(name);
  }
  close(): void {
    this.closeCalls++;
  }
}

interface Fake {
  source: ChannelSource;
  channel: FakeChannel;
  commands: string[];
  released: () => number;
  recycled: () => number;
  setExit: (s: ExitStatus) => void;
  /** The server closes the channel (after EOF on both streams, as ssh2 does). */
  serverClose: () => void;
}

function fake(): Fake {
  const channel = new FakeChannel();
  const commands: string[] = [];
  let released = 0;
  let recycled = 0;
  let exit: ExitStatus | undefined;
  const source: ChannelSource = {
    where: 'admin@203.0.113.7:22',
    state: 'connected',
    openExec: async (cmd: string): Promise<OpenedChannel> => {
      commands.push(cmd);
      return {
        channel: channel as unknown as ClientChannel,
        exit: () => exit,
        release: () => released++,
        recycle: () => recycled++,
      };
    },
  };
  return {
    source,
    channel,
    commands,
    released: () => released,
    recycled: () => recycled,
    setExit: (s) => (exit = s),
    serverClose: () => {
      channel.end();
      channel.stderr.end();
      (channel as EventEmitter).emit('close');
    },
  };
}

const req = (over: Partial<ExecRequest> = {}): ExecRequest => ({
  command: { id: 'testCat', script: 'cat /proc/loadavg' },
  args: [],
  timeoutMs: 10_000,
  maxOutputBytes: 1024,
  ...over,
});
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('SshRunner', () => {
  test('sends the rendered command line with the remote watchdog one second inside the deadline', async () => {
    const f = fake();
    const running = new SshRunner(f.source).exec(req({ args: ['ab12'], timeoutMs: 20_000 }));
    await settle();
    f.setExit({ code: 0, signal: null });
    f.serverClose();
    await running;
    assert.deepEqual(f.commands, ["timeout -s KILL 19 sh -c 'cat /proc/loadavg' vpsd ab12"]);
  });

  test('without the watchdog the script is sent bare', async () => {
    const f = fake();
    const running = new SshRunner(f.source, { remoteWatchdog: false }).exec(req());
    await settle();
    f.setExit({ code: 0, signal: null });
    f.serverClose();
    await running;
    assert.deepEqual(f.commands, ["sh -c 'cat /proc/loadavg' vpsd"]);
  });

  test('collects stdout, stderr and the exit status, then gives the slot back', async () => {
    const f = fake();
    const running = new SshRunner(f.source).exec(req());
    await settle();
    f.channel.write('0.01 0.02 0.03 1/99 123\n');
    f.channel.stderr.write('warn\n');
    f.setExit({ code: 2, signal: null });
    f.serverClose();
    const r = await running;
    assert.deepEqual(
      [r.stdout.toString(), r.stderr.toString(), r.exitCode, r.exitSignal, r.truncated, r.timedOut],
      ['0.01 0.02 0.03 1/99 123\n', 'warn\n', 2, null, false, false],
    );
    assert.equal(f.released(), 1);
  });

  test('a close without exit status means the connection died: incomplete output is an error', async () => {
    const f = fake();
    const running = new SshRunner(f.source).exec(req());
    await settle();
    f.channel.write('partial');
    f.serverClose();
    await assert.rejects(
      running,
      (e: unknown) => e instanceof SshError && e.kind === 'closed' && /incomplete/.test(e.message),
    );
  });

  test('output beyond the cap is cut, the channel killed, and the result marked truncated', async () => {
    const f = fake();
    const running = new SshRunner(f.source).exec(req({ maxOutputBytes: 10 }));
    await settle();
    f.channel.write(Buffer.alloc(8, 'a'));
    f.channel.write(Buffer.alloc(8, 'b'));
    const r = await running;
    assert.equal(r.stdout.toString(), 'aaaaaaaabb');
    assert.equal(r.truncated, true);
    assert.deepEqual(f.channel.signals, ['KILL']);
    assert.equal(f.channel.closeCalls, 1);
  });

  test('the stderr cap counts on its own', async () => {
    const f = fake();
    const running = new SshRunner(f.source).exec(req({ maxOutputBytes: 4 }));
    await settle();
    f.channel.write('ok');
    f.channel.stderr.write('errors!');
    const r = await running;
    assert.deepEqual([r.stdout.toString(), r.stderr.toString(), r.truncated], ['ok', 'erro', true]);
  });

  test('the local deadline settles at once; a channel that never closes gets its connection recycled', async () => {
    const f = fake();
    const r = await new SshRunner(f.source, { abandonGraceMs: 30 }).exec(req({ timeoutMs: 20 }));
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    assert.deepEqual(f.channel.signals, ['KILL']);
    assert.equal(f.recycled(), 0);
    await new Promise((res) => setTimeout(res, 60));
    assert.equal(f.recycled(), 1);
    assert.equal(f.released(), 1);
  });

  test('a channel that closes after the kill is not recycled', async () => {
    const f = fake();
    await new SshRunner(f.source, { abandonGraceMs: 30 }).exec(req({ timeoutMs: 20 }));
    f.setExit({ code: null, signal: 'KILL' });
    f.serverClose();
    await new Promise((res) => setTimeout(res, 60));
    assert.equal(f.recycled(), 0);
    assert.equal(f.released(), 1);
  });

  test('exit 137 after the watchdog time counts as timed out', async () => {
    const f = fake();
    let t = 0;
    const running = new SshRunner(f.source, { now: () => t }).exec(req({ timeoutMs: 3000 }));
    await settle();
    t = 2000; // the watchdog was 2 s
    f.setExit({ code: 137, signal: null });
    f.serverClose();
    const r = await running;
    assert.deepEqual([r.exitCode, r.timedOut, r.durationMs], [137, true, 2000]);
  });

  test('an abort kills the command and rejects with the signal reason', async () => {
    const f = fake();
    const ac = new AbortController();
    const running = new SshRunner(f.source).exec(req({ signal: ac.signal }));
    await settle();
    ac.abort(new Error('stop'));
    await assert.rejects(running, /stop/);
    assert.deepEqual(f.channel.signals, ['KILL']);
  });

  test('an invalid request is a programming error thrown before anything is sent', async () => {
    const f = fake();
    await assert.rejects(
      new SshRunner(f.source).exec(req({ command: { id: 'bad', script: "echo 'quoted'" } })),
      TypeError,
    );
    await assert.rejects(new SshRunner(f.source).exec(req({ args: ['$(reboot)'] })), TypeError);
    assert.deepEqual(f.commands, []);
  });

  test('no channel within the deadline is a timeout error naming the command', async () => {
    const source: ChannelSource = {
      where: 'admin@203.0.113.7:22',
      state: 'reconnecting',
      openExec: (_c, signal) =>
        new Promise((_r, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    };
    await assert.rejects(
      new SshRunner(source).exec(req({ timeoutMs: 20 })),
      (e: unknown) =>
        e instanceof SshError && e.kind === 'timeout' && /testCat/.test(e.message) && /reconnecting/.test(e.message),
    );
  });
});
