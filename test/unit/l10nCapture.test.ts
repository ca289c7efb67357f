/**
 * The capturing localizer (src/shared/l10n/capture.ts): text composed once through `t` calls, nested calls and
 * literal glue, kept as a phrase tree that survives JSON and renders later in English or Japanese.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliLocalizer } from '../../src/cli/cliL10n';
import { capturingLocalizer, isPhraseTree, mapStrings, storedText } from '../../src/shared/l10n/capture';
import { english, list, sentences } from '../../src/shared/l10n/localizer';
import { renderPhrase } from '../../src/shared/l10n/phrase';

const ja = cliLocalizer('ja');
const MARKERS = /[\uE000\uE001]/;

/** A phrase as it comes back from a JSON file. */
const stored = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

test('a captured text renders in English as english would have worded it, and in Japanese from the same ids', () => {
  const cap = capturingLocalizer();
  const text = cap.t('{0}: {1}', cap.t('Unreachable'), 'connect ETIMEDOUT 203.0.113.7:22');
  assert.match(text, MARKERS, 'the capture answers with markers');
  assert.equal(cap.english(text), 'Unreachable: connect ETIMEDOUT 203.0.113.7:22');
  const p = stored(cap.phrase(text));
  assert.ok(isPhraseTree(p));
  assert.doesNotMatch(JSON.stringify(p), MARKERS, 'no marker is stored');
  assert.equal(renderPhrase(p, english), 'Unreachable: connect ETIMEDOUT 203.0.113.7:22');
  assert.equal(renderPhrase(p, ja), '到達不能：connect ETIMEDOUT 203.0.113.7:22');
});

test('nested calls, numbers and literal glue: each piece in the reader language, the glue as written', () => {
  const cap = capturingLocalizer();
  const caveats = cap.t('Caveats: {0}', sentences(cap, [cap.t('Failed connections'), cap.t('before the burst')]));
  const text = `#3 ${cap.t('the server sample {0} failed: {1}', cap.t('before the burst'), 'timeout')} / ${caveats}`;
  const p = stored(cap.phrase(text));
  assert.equal(
    renderPhrase(p, english),
    '#3 the server sample before the burst failed: timeout / Caveats: Failed connections before the burst',
  );
  assert.equal(cap.english(text), renderPhrase(p, english));
  assert.equal(
    renderPhrase(p, ja),
    `#3 ${ja.t('the server sample {0} failed: {1}', ja.t('before the burst'), 'timeout')} / ${ja.t(
      'Caveats: {0}',
      sentences(ja, [ja.t('Failed connections'), ja.t('before the burst')]),
    )}`,
  );
  assert.match(
    renderPhrase(p, ja),
    /^#3 バースト前のサーバーのサンプル取得に失敗しました: timeout \/ 注意点: 失敗した接続バースト前$/,
  );

  // Numbers stay numbers; the list glue is the reader's (`, ` in English, `、` in Japanese).
  const cap2 = capturingLocalizer();
  const listed = cap2.phrase(
    list(cap2, [cap2.t('Unreachable'), String(7), cap2.t('{0} × {1}: {2}', 3, 'EHOSTUNREACH', 'x')]),
  );
  assert.equal(renderPhrase(stored(listed), english), 'Unreachable, 7, 3 × EHOSTUNREACH: x');
  assert.equal(renderPhrase(stored(listed), ja), '到達不能、7、3 × EHOSTUNREACH：x');
  assert.equal(list(english, ['a', 'b', 'c']), 'a, b, c');
  assert.equal(list(ja, ['a', 'b', 'c']), 'a、b、c');
  assert.equal(sentences(english, ['A.', '', 'B.']), 'A. B.');
  assert.equal(sentences(ja, ['A。', '', 'B。']), 'A。B。');
  assert.equal(sentences(ja, []), '');
});

test('a template with no Japanese entry falls back to its English; plain text stays as it is', () => {
  const cap = capturingLocalizer();
  const text = cap.t('A message {0} no bundle has heard of ({1})', cap.t('Unreachable'), 42);
  const p = stored(cap.phrase(text));
  assert.equal(renderPhrase(p, ja), 'A message 到達不能 no bundle has heard of (42)');
  assert.equal(renderPhrase(p, english), 'A message Unreachable no bundle has heard of (42)');
  const plain = cap.phrase('tcpsndbuf 12 → 40');
  assert.equal(renderPhrase(stored(plain), ja), 'tcpsndbuf 12 → 40');
  assert.equal(renderPhrase(cap.phrase(''), ja), '');
  // Named arguments cannot be kept as positional ids: worded in English at once, without markers.
  assert.equal(cap.t('{a} and {b}', { a: 'x', b: 2 }), 'x and 2');
});

test('mapStrings makes every captured string of a value English; storedText falls back to the recording', () => {
  const cap = capturingLocalizer();
  const value = { a: cap.t('Unreachable'), n: 3, list: [cap.t('Failed connections'), null], deep: { s: 'plain' } };
  assert.deepEqual(
    mapStrings(value, (s) => cap.english(s)),
    { a: 'Unreachable', n: 3, list: ['Failed connections', null], deep: { s: 'plain' } },
  );
  const p = stored(cap.phrase(value.a));
  assert.equal(storedText('Unreachable', p, ja), '到達不能');
  assert.equal(storedText('Unreachable', undefined, ja), '到達不能', 'no phrase: the English is its own id');
  assert.equal(storedText('Unreachable', undefined, english), 'Unreachable');
  assert.equal(cap.stored(value.a), undefined, 'a message without parameters is not stored twice');
  assert.deepEqual(cap.stored(cap.t('{0}: {1}', 'a', 1)), { template: '{0}: {1}', params: ['a', 1] });
  assert.equal(storedText('as recorded', { template: 'x {0}', params: [{ nope: 1 }] }, ja), 'as recorded');
  assert.equal(storedText('as recorded', { template: 3, params: [] }, ja), 'as recorded');
  assert.equal(storedText('as recorded', 'a string', ja), 'as recorded');
  assert.equal(storedText('as recorded', null, ja), 'as recorded');
});
