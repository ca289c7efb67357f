import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';

test('webview messages: the known shapes pass, anything else is rejected', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'copyText', text: 'x' }), { type: 'copyText', text: 'x' });
  for (const bad of [null, 1, 'ready', [], {}, { type: 'ready', extra: 1 }, { type: 'copyText' }, { type: 'copyText', text: 3 },
    { type: 'copyText', text: 'a'.repeat(100_001) }, { type: 'runCommand', command: 'x' }]) {
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 60));
  }
});

test('host messages: severities are checked', () => {
  const good = { type: 'summary', title: 't', lines: [{ severity: 'warn', text: 'x' }] };
  assert.deepEqual(parseHostMessage(good), good);
  assert.equal(parseHostMessage({ ...good, lines: [{ severity: 'fatal', text: 'x' }] }), undefined);
  assert.equal(parseHostMessage({ ...good, lines: 'x' }), undefined);
});

test('the validators never throw on arbitrary values', () => {
  fc.assert(
    fc.property(fc.anything(), (v) => {
      parseWebviewMessage(v);
      parseHostMessage(v);
    }),
    { numRuns: 300 },
  );
});
