import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostKeyPromptText, hostKeyRefusalText, hostPort, isHostKeyRefusal } from '../../src/host/prompts/promptText';
import { formatMessage as t } from './fakeTranslate';

const info = {
  host: '203.0.113.7',
  port: 2222,
  keyType: 'ssh-ed25519',
  fingerprint: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU',
  otherTypesKnown: [],
  storePath: '/home/u/.vscode/globalStorage/vps-doctor/known_hosts',
};

describe('host key prompts', () => {
  it('name the key type, the SHA256 fingerprint, host:port and where the key goes; one trust button', () => {
    const p = hostKeyPromptText(info, t);
    assert.equal(p.message, 'The authenticity of host 203.0.113.7:2222 cannot be established.');
    assert.ok(
      p.detail.startsWith('ssh-ed25519 key fingerprint:\nSHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\n'),
    );
    assert.ok(p.detail.includes('ssh-keygen -lf'));
    assert.ok(p.detail.endsWith(`recorded in ${info.storePath}.`));
    assert.ok(!p.detail.includes('other types'));
    assert.equal(p.trust, 'Trust and Connect');
  });

  it('warn more strongly when keys of other types are already known', () => {
    const p = hostKeyPromptText(
      {
        ...info,
        otherTypesKnown: [
          { type: 'ecdsa-sha2-nistp256', fingerprint: 'SHA256:x', file: '/k', line: 3 },
          { type: 'ecdsa-sha2-nistp256', fingerprint: 'SHA256:y', file: '/k', line: 4 },
        ],
      },
      t,
    );
    assert.match(p.detail, /Keys of other types are already known for this host \(ecdsa-sha2-nistp256\)\./);
  });

  it('bracket IPv6 addresses', () => {
    assert.equal(hostPort('2001:db8::1', 22), '[2001:db8::1]:22');
    assert.equal(
      hostKeyPromptText({ ...info, host: '2001:db8::1' }, t).message,
      'The authenticity of host [2001:db8::1]:2222 cannot be established.',
    );
  });

  it('refuse changed and revoked keys with the session message as detail (both fingerprints and the fix)', () => {
    assert.ok(isHostKeyRefusal('hostKeyChanged') && isHostKeyRefusal('hostKeyRevoked'));
    assert.ok(!isHostKeyRefusal('hostKeyDeclined') && !isHostKeyRefusal('auth'));
    const detail =
      'Host key for 203.0.113.7:2222 has CHANGED: ssh-ed25519 is now SHA256:new, recorded SHA256:old (/k:3). Run `ssh-keygen -R "[203.0.113.7]:2222" -f "/k"`.';
    const r = hostKeyRefusalText('hostKeyChanged', detail, 'vps1', t);
    assert.equal(r.message, 'The host key of vps1 has CHANGED: VPS Doctor will not connect.');
    assert.equal(r.detail, detail);
    assert.match(hostKeyRefusalText('hostKeyRevoked', 'x', 'vps1', t).message, /^REVOKED/);
  });

  it('refuse a host known only through @cert-authority, saying certificates cannot be checked', () => {
    assert.ok(isHostKeyRefusal('hostKeyUnsupported'));
    const r = hostKeyRefusalText('hostKeyUnsupported', 'the detail', 'vps1', t);
    assert.equal(
      r.message,
      'vps1 is trusted only through a host certificate authority, which VPS Doctor cannot check: VPS Doctor will not connect.',
    );
    assert.equal(r.detail, 'the detail');
  });
});
