import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  cancelledError,
  classifySshError,
  configError,
  SshError,
  sshErrorText,
  type SshErrorKind,
} from '../../src/core/ssh/sshErrors';
import { cliLocalizer } from '../../src/cli/cliL10n';
import { english } from '../../src/shared/l10n/localizer';
import { phrase, phraseOf, renderPhrase } from '../../src/shared/l10n/phrase';

const WHERE = 'admin@203.0.113.7:22';

/** An error shaped as ssh2 emits it: a message plus `level`, and `code` for socket errors. */
function ssh2Error(message: string, level?: string, code?: string | number): Error {
  return Object.assign(new Error(message), level === undefined ? {} : { level }, code === undefined ? {} : { code });
}

// docs/security.md §1.6: level and message -> kind and whether the loop may retry.
const TABLE: [Error, SshErrorKind, boolean][] = [
  [ssh2Error('connect ECONNREFUSED 203.0.113.7:22', 'client-socket', 'ECONNREFUSED'), 'refused', true],
  [ssh2Error('read ECONNRESET', 'client-socket', 'ECONNRESET'), 'closed', true],
  [ssh2Error('connect EHOSTUNREACH 203.0.113.7:22', 'client-socket', 'EHOSTUNREACH'), 'unreachable', true],
  [ssh2Error('connect ENETUNREACH 203.0.113.7:22', 'client-socket', 'ENETUNREACH'), 'unreachable', true],
  [ssh2Error('connect ETIMEDOUT 203.0.113.7:22', 'client-socket', 'ETIMEDOUT'), 'timeout', true],
  [ssh2Error('getaddrinfo ENOTFOUND vps.example', 'client-socket', 'ENOTFOUND'), 'dns', false],
  [
    ssh2Error("Error while looking up IPv4 address for 'vps.example': Error: queryA ENOTFOUND", 'client-dns'),
    'dns',
    false,
  ],
  [ssh2Error('connect EACCES 203.0.113.7:22', 'client-socket', 'EACCES'), 'permission', false],
  [ssh2Error('Timed out while waiting for handshake', 'client-timeout'), 'timeout', true],
  [ssh2Error('Keepalive timeout', 'client-timeout'), 'timeout', true],
  [ssh2Error('Connection lost before handshake', 'protocol'), 'protocol', true],
  [ssh2Error('Bad packet length 1234567', 'protocol'), 'protocol', true],
  [ssh2Error('Handshake failed: no matching key exchange algorithm', 'handshake'), 'algorithm', false],
  [ssh2Error('Handshake failed: no matching host key format', 'handshake'), 'algorithm', false],
  [ssh2Error('Host denied (verification failed)', 'handshake'), 'hostKeyDeclined', false],
  [ssh2Error('Handshake failed: signature verification failed', 'handshake'), 'protocol', false],
  [ssh2Error('All configured authentication methods failed', 'client-authentication'), 'auth', false],
  [ssh2Error('Failed to connect to agent', 'agent'), 'auth', false],
  [ssh2Error('Too many authentication failures', undefined, 2), 'auth', false],
  [ssh2Error('No more authentication methods available', undefined, 14), 'auth', false],
  [ssh2Error('Connection closed by remote host', undefined, 10), 'closed', true],
  [ssh2Error('Not connected'), 'closed', true],
  [ssh2Error('No response from server'), 'closed', true],
  [ssh2Error('(SSH) Channel open failure: open failed'), 'protocol', true],
  [ssh2Error('Invalid MAC'), 'protocol', true],
];

describe('classifySshError', () => {
  for (const [err, kind, retryable] of TABLE) {
    test(`${(err as Error & { level?: string }).level ?? 'no level'}: ${err.message} -> ${kind}`, () => {
      const e = classifySshError(err, WHERE);
      assert.equal(e.kind, kind);
      assert.equal(e.retryable, retryable);
      assert.ok(e.message.length > 20);
      assert.ok(e.detail.includes(err.message));
    });
  }

  test('messages name the host', () => {
    for (const [err] of TABLE)
      assert.ok(
        classifySshError(err, WHERE).message.includes(WHERE) || classifySshError(err, WHERE).kind === 'auth',
        err.message,
      );
  });

  test('only a cut before the banner asks for the penalty floor', () => {
    assert.deepEqual(
      TABLE.filter(([err]) => classifySshError(err, WHERE).cutBeforeHandshake).map(([err]) => err.message),
      ['Connection lost before handshake'],
    );
  });

  test('an SshError passes through unchanged', () => {
    const e = new SshError('hostKeyChanged', 'changed');
    assert.equal(classifySshError(e, WHERE), e);
  });

  test('non-Error values are classified without throwing', () => {
    for (const v of [undefined, null, 42, 'boom', { message: 1 }])
      assert.ok(classifySshError(v, WHERE) instanceof SshError);
  });

  test('a throw from Client.connect() is a configuration error, never retried', () => {
    const e = configError(new Error('Cannot parse privateKey: Unsupported key format'), WHERE);
    assert.equal(e.kind, 'config');
    assert.equal(e.retryable, false);
  });

  test('a cancel is never retried, even if asked to be', () => {
    assert.equal(cancelledError('Connecting').retryable, false);
    assert.equal(new SshError('auth', 'x', { retryable: true }).retryable, false);
    assert.equal(new SshError('closed', 'x').retryable, true);
    assert.equal(new SshError('hostKeyRevoked', 'x', { retryable: true }).retryable, false);
  });
});

describe('sshErrorText (message id + parameters, rendered per language)', () => {
  const ja = cliLocalizer('ja');
  const dns = classifySshError(ssh2Error('getaddrinfo ENOTFOUND vps.example', 'client-socket', 'ENOTFOUND'), WHERE);

  test('the English message is the phrase rendered in English; template and params are kept', () => {
    assert.equal(
      dns.message,
      `Cannot reach ${WHERE}: the host name does not resolve. Check HostName for typos, or your DNS or VPN.`,
    );
    assert.equal(dns.template, 'Cannot reach {0}: {1}.');
    assert.equal(dns.params[0], WHERE);
    assert.equal(sshErrorText(dns, english), dns.message);
  });

  test('Japanese renders the template and the nested advice, the host name unchanged', () => {
    const text = sshErrorText(dns, ja);
    assert.equal(
      text,
      `${WHERE} に到達できません: ホスト名を名前解決できません。HostName の綴り、DNS、VPN を確認してください。`,
    );
  });

  test('a session state error (plain data after JSON) renders from its phrase; other errors keep their message', () => {
    const state = JSON.parse(JSON.stringify({ kind: dns.kind, message: dns.message, phrase: dns.phrase })) as unknown;
    assert.equal(sshErrorText(state, ja), sshErrorText(dns, ja));
    assert.equal(sshErrorText(new Error('plain'), ja), 'plain');
    assert.equal(sshErrorText('text', ja), 'text');
  });

  test('a plain error object without a phrase (a store error) gives its message, never "[object Object]"', () => {
    const storeError = { kind: 'io', file: '/s/known_hosts', message: 'cannot write /s/known_hosts: EACCES' };
    assert.equal(renderPhrase(phraseOf(storeError)), 'cannot write /s/known_hosts: EACCES');
    assert.equal(sshErrorText(storeError, ja), 'cannot write /s/known_hosts: EACCES');
    const recorded = renderPhrase(phrase('could not be recorded ({0})', phraseOf(storeError)));
    assert.equal(recorded, 'could not be recorded (cannot write /s/known_hosts: EACCES)');
    assert.equal(renderPhrase(phraseOf({ kind: 'x' })), '[object Object]', 'no message: its text, as before');
  });

  test('a cancel opens with its capitalised clause in English and reads naturally in Japanese', () => {
    const e = cancelledError(phrase('Connecting to {0}', 'vps'));
    assert.equal(e.message, 'Connecting to vps was cancelled.');
    assert.equal(sshErrorText(e, ja), 'vps への接続を中止しました。');
  });

  test('a plain string message stays as it is in every language', () => {
    const e = new SshError('closed', 'Something odd.');
    assert.equal(e.message, 'Something odd.');
    assert.equal(sshErrorText(e, ja), 'Something odd.');
  });
});
