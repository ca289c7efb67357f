import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownBuffer, ownString } from '../../src/core/ownCopy';

test('ownBuffer copies a pooled small Buffer into an ArrayBuffer of its own size', () => {
  const pooled = Buffer.from('c3NoLWVkMjU1MTkgQUFBQQ==', 'base64');
  assert.ok(pooled.buffer.byteLength > pooled.length, 'a small Buffer.from is cut out of the shared pool');
  const own = ownBuffer(pooled);
  assert.deepEqual(own, pooled);
  assert.equal(own.buffer.byteLength, pooled.length);
  assert.equal(own.byteOffset, 0);
  pooled[0] = 0;
  assert.equal(own[0], 0x73, 'the copy does not share bytes with the original');
});

test('ownString keeps the text, short, long and non-ASCII', () => {
  const file = `${'# header\n'.repeat(100)}[127.0.0.1]:45209 ssh-ed25519 AAAA comment é\n`;
  const fields = file.split('\n')[100]!.split(' ');
  for (const f of [...fields, '', 'short', 'ünïcødé-hôst.example.org']) assert.equal(ownString(f), f);
});
