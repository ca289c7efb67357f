/**
 * "Forget Host Key" in VS Code: offered only for a host whose connection failed on a changed key that
 * VPS Doctor's own store recorded; asks first, showing the key the server presents now; forgets only
 * on the explicit button (docs/security.md §1.2, §2.3).
 */
import { phrase } from '../../src/shared/l10n/phrase';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RefusedHostKey, SessionState } from '../../src/core/session/sessionTypes';
import { l10nT, useFakeVscode } from './fakeVscode';

class CancellationError extends Error {}

const STORE = '/state/vps-doctor/known_hosts';
const NAME = '[203.0.113.7]:2222';
const refusal: RefusedHostKey = {
  kind: 'refused',
  reason: 'changed',
  target: { host: '203.0.113.7', port: 2222, lookupName: NAME },
  keyType: 'ssh-ed25519',
  fingerprint: 'SHA256:new',
  message: 'host key changed',
  phrase: phrase('host key changed'),
  expected: [],
  fixes: [
    { kind: 'command', file: '/home/u/.ssh/known_hosts', command: 'ssh-keygen -R x' },
    { kind: 'forget-host-key', name: NAME, file: STORE, command: `ssh-keygen -R "${NAME}" -f "${STORE}"` },
  ],
};

function fakeHost(state: SessionState) {
  let forgets = 0;
  const session = {
    state,
    hostKeyRefusal: refusal,
    forgetRefusedHostKeys: async () => (forgets++, [{ name: NAME, removed: 1 }]),
  };
  const target = { id: 'ssh:vps1', label: 'vps1', alias: 'vps1', source: 'ssh-config' as const };
  const services = {
    registry: {
      targets: [target],
      session: (id: string) => (id === target.id ? session : undefined),
      target: (id: string) => (id === target.id ? target : undefined),
    },
    log: { info() {}, warn() {}, error() {} },
  };
  return { services, forgets: () => forgets };
}

test('Forget Host Key asks with the presented key, forgets only on the button, and is offered only after a changed key', async (t) => {
  const warnings: { message: string; detail: string }[] = [];
  const infos: string[] = [];
  let answer: string | undefined;
  const fakeVscode = {
    CancellationError,
    window: {
      showWarningMessage: async (message: string, o: { detail: string }) => (
        warnings.push({ message, detail: o.detail }),
        answer
      ),
      showInformationMessage: async (m: string) => void infos.push(m),
      showQuickPick: async () => assert.fail('one eligible host needs no pick'),
    },
    l10n: { t: l10nT },
  };
  useFakeVscode(t, fakeVscode);
  const { forgetHostKey } = await import('../../src/host/commands/forgetHostKey');

  const changed = fakeHost({ kind: 'failed', error: { kind: 'hostKeyChanged', message: 'x', retryable: false } });
  answer = undefined; // the modal's Cancel
  await assert.rejects(forgetHostKey(changed.services as never, undefined), CancellationError);
  assert.equal(changed.forgets(), 0);
  assert.equal(warnings[0]!.message, `Forget the host key that VPS Doctor recorded for ${NAME}?`);
  assert.match(warnings[0]!.detail, /^vps1 now presents the ssh-ed25519 key SHA256:new\./);

  answer = 'Forget Host Key';
  await forgetHostKey(changed.services as never, undefined);
  assert.equal(changed.forgets(), 1);
  assert.deepEqual(infos, [
    'VPS Doctor: forgot 1 recorded host key(s) of vps1. Connect again to check its current key.',
  ]);

  for (const state of [
    { kind: 'failed', error: { kind: 'auth', message: 'x', retryable: false } },
    { kind: 'connected', sinceMs: 0 },
  ] as SessionState[]) {
    const other = fakeHost(state);
    await assert.rejects(
      forgetHostKey(other.services as never, undefined),
      /No host was refused for a changed key that VPS Doctor recorded itself/,
    );
    await assert.rejects(
      forgetHostKey(other.services as never, 'ssh:vps1'),
      /VPS Doctor has no refused key of vps1 in its own trust store/,
    );
    assert.equal(other.forgets(), 0);
  }
});
