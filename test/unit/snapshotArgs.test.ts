import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliStateDir, targetFor } from '../../src/cli/cliSession';
import { editLine, type LineEdit } from '../../src/cli/commands/snapshotTty';
import { main } from '../../src/cli/main';

test('the CLI keeps its state under $XDG_STATE_HOME, else ~/.local/state, and ignores a relative XDG path', () => {
  assert.equal(cliStateDir({ XDG_STATE_HOME: '/var/tmp/xdg' }), '/var/tmp/xdg/vps-doctor');
  assert.equal(cliStateDir({}), join(homedir(), '.local', 'state', 'vps-doctor'));
  assert.equal(cliStateDir({ XDG_STATE_HOME: 'relative/dir' }), join(homedir(), '.local', 'state', 'vps-doctor'));
});

test('an alias is resolved through the ssh config; user@host:port is a host typed by hand', () => {
  assert.deepEqual(targetFor('myvps'), { id: 'ssh:myvps', label: 'myvps', alias: 'myvps', source: 'ssh-config' });
  assert.deepEqual(targetFor('root@203.0.113.7:2222'), {
    id: 'manual:root@203.0.113.7:2222',
    label: 'root@203.0.113.7:2222',
    alias: 'root@203.0.113.7:2222',
    source: 'settings',
  });
  assert.equal(targetFor('[2001:db8::1]:22').source, 'settings');
});

test('typing a hidden answer: backspace, Ctrl-U, Enter, Ctrl-C and Ctrl-D', () => {
  const type = (keys: string[]): LineEdit => {
    let state: LineEdit = { kind: 'typing', text: '' };
    for (const k of keys) {
      if (state.kind !== 'typing') break;
      state = editLine(state.text, k);
    }
    return state;
  };
  assert.deepEqual(type([...'secrex', '\x7f', 't', '\r']), { kind: 'done', text: 'secret' });
  assert.deepEqual(type([...'abc', '\x15', ...'ok', '\n']), { kind: 'done', text: 'ok' });
  assert.deepEqual(type([...'pässwörd', '\b', '\b', '\r']), { kind: 'done', text: 'pässwö' });
  assert.deepEqual(type([...'abc', '\x03']), { kind: 'cancelled' });
  assert.deepEqual(type(['\x04']), { kind: 'cancelled' });
  assert.deepEqual(type(['a', '\x04', '\x1b', '\r']), { kind: 'done', text: 'a' }, 'other control keys are ignored');
});

test('snapshot --help documents the trust store and the exit codes; the usage lists the command', async () => {
  let out = '';
  const io = { out: (t: string) => (out += `${t}\n`), err: () => undefined, isTty: false };
  assert.equal(await main(['snapshot', '--help'], io), 0);
  assert.match(out, /\$XDG_STATE_HOME\/vps-doctor\/known_hosts/);
  assert.match(out, /3 host key unknown/);
  out = '';
  await main(['--help'], io);
  assert.match(out, /vps-doctor snapshot TARGET/);
});
