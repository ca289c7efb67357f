import { phrase } from '../../src/shared/l10n/phrase';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostKeyDecision, RefusalReason } from '../../src/core/ssh/hostKeyDecision';
import { refusalOf } from '../../src/core/ssh/policyVerifier';
import type { HostKeyRefusal } from '../../src/core/ssh/sshEndpoint';

const target = { host: '203.0.113.7', port: 2222, lookupName: '[203.0.113.7]:2222' };
const base = { target, keyType: 'ssh-ed25519', fingerprint: 'SHA256:abc' };

function refused(
  reason: RefusalReason,
  fixes: Extract<HostKeyDecision, { kind: 'refused' }>['fixes'] = [],
): HostKeyDecision {
  return {
    ...base,
    kind: 'refused',
    reason,
    message: `host key problem (${reason})`,
    phrase: phrase('host key problem ({0})', reason),
    expected: [],
    fixes,
  };
}

describe('refusalOf (host-key decision -> connection error kind)', () => {
  const table: [RefusalReason, HostKeyRefusal['kind']][] = [
    ['changed', 'hostKeyChanged'],
    ['rekey-different-key', 'hostKeyChanged'],
    ['revoked', 'hostKeyRevoked'],
    ['cert-authority', 'hostKeyUnsupported'],
    ['unknown-strict', 'hostKeyUnknown'],
    ['no-prompt', 'hostKeyUnknown'],
    ['declined', 'hostKeyDeclined'],
    ['prompt-failed', 'hostKeyDeclined'],
    ['malformed-key', 'hostKeyDeclined'],
    ['record-failed', 'hostKeyDeclined'],
  ];
  for (const [reason, kind] of table) {
    test(`${reason} -> ${kind}`, () => {
      const r = refusalOf(refused(reason));
      assert.equal(r?.kind, kind);
      assert.match(r?.message ?? '', /^Host key problem/);
    });
  }

  test('accepted decisions are no refusal', () => {
    assert.equal(refusalOf({ ...base, kind: 'match', file: 'known_hosts', line: 3 }), undefined);
    assert.equal(
      refusalOf({ ...base, kind: 'accepted-new', keyBlob: Buffer.alloc(0), by: 'prompt', otherTypesKnown: [] }),
      undefined,
    );
  });

  test('a changed key names the deliberate fix', () => {
    const r = refusalOf(
      refused('changed', [
        { kind: 'command', file: '/home/u/.ssh/known_hosts', command: 'ssh-keygen -R "[203.0.113.7]:2222"' },
      ]),
    );
    assert.match(r?.message ?? '', /ssh-keygen -R "\[203\.0\.113\.7\]:2222"/);
  });
});
