import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';

test('webview messages: the known shapes pass, anything else is rejected', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'copyText', text: 'x' }), { type: 'copyText', text: 'x' });
  for (const bad of [
    null,
    1,
    'ready',
    [],
    {},
    { type: 'ready', extra: 1 },
    { type: 'copyText' },
    { type: 'copyText', text: 3 },
    { type: 'copyText', text: 'a'.repeat(100_001) },
    { type: 'runCommand', command: 'x' },
  ]) {
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

test('webview actions: the allowlist and nothing else', () => {
  for (const type of ['rerun', 'sweep', 'copySummary']) assert.deepEqual(parseWebviewMessage({ type }), { type });
  for (const format of ['html', 'md', 'json'])
    assert.deepEqual(parseWebviewMessage({ type: 'export', format }), { type: 'export', format });
  assert.deepEqual(parseWebviewMessage({ type: 'openReport', hostId: 'ssh:seed' }), {
    type: 'openReport',
    hostId: 'ssh:seed',
  });
  for (const bad of [
    { type: 'rerun', host: 'x' },
    { type: 'export', format: 'pdf' },
    { type: 'export', format: 'html', path: '/etc/passwd' },
    { type: 'openReport', hostId: '' },
    { type: 'openReport', hostId: 'x'.repeat(513) },
    { type: 'openReport', hostId: 7 },
    { type: 'sweep', rate: 100 },
    { type: 'openExternal', url: 'https://x' },
  ]) {
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad).slice(0, 60));
  }
});

const attempt = { index: 0, connectMs: 23.4, k: 0, kind: 'fast' };
const progress = {
  type: 'progress',
  reset: true,
  phase: 'Burst: 1 of 32',
  plan: { burst: { count: 32, concurrency: 4, scheduleMs: [1000, 2000], baselineRttMs: 23 } },
  attempts: [attempt],
  replies: [{ seq: 1, rttMs: 22.1 }],
  lost: [2],
};

test('progress messages: well-formed batches pass, broken ones are rejected', () => {
  assert.deepEqual(parseHostMessage(progress), progress);
  const { plan: _plan, ...withoutPlan } = progress;
  assert.deepEqual(parseHostMessage(withoutPlan), withoutPlan);
  for (const bad of [
    { ...progress, reset: 'yes' },
    { ...progress, attempts: [{ ...attempt, kind: 'lost' }] },
    { ...progress, attempts: [{ ...attempt, connectMs: Number.NaN }] },
    { ...progress, replies: [{ seq: -1, rttMs: 1 }] },
    { ...progress, lost: ['3'] },
    { ...progress, attempts: Array.from({ length: 10_001 }, () => attempt) },
    { ...progress, plan: { burst: { count: 32 } } },
  ])
    assert.equal(parseHostMessage(bad), undefined);
});

test('property: a valid message with one field replaced by a wrong kind is rejected', () => {
  const messages: Record<string, unknown>[] = [
    progress,
    {
      type: 'latest',
      latest: {
        hostId: 'h',
        title: 't',
        verdictTitle: 'v',
        confidence: 'high',
        summary: 's',
        strip: [0, 1, -1],
        ping: null,
        topFailcnt: null,
      },
    },
    { type: 'notice', text: 'Saved' },
  ];
  for (const m of messages) assert.notEqual(parseHostMessage(m), undefined);
  const wrong = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.integer({ min: -5, max: -1 }),
    fc.object(),
    fc.constant(Number.POSITIVE_INFINITY),
  );
  fc.assert(
    fc.property(fc.constantFrom(...messages), wrong, fc.nat(), (m, value, pick) => {
      const keys = Object.keys(m).filter((k) => k !== 'type' && k !== 'plan');
      const key = keys[pick % keys.length];
      // `latest: null` is a legal message ("no result yet"); every other replacement must fail.
      if (m.type === 'latest' && value === null) return;
      assert.equal(
        parseHostMessage({ ...m, [key]: value }),
        undefined,
        `${String(m.type)}.${key} = ${JSON.stringify(value) ?? 'undefined'}`,
      );
    }),
    { numRuns: 200 },
  );
});

test('property: webview messages of an allowed type with random extra fields are rejected', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('ready', 'rerun', 'sweep', 'copySummary'),
      fc.string({ minLength: 1 }).filter((k) => k !== 'type'),
      fc.anything(),
      (type, key, value) => {
        assert.equal(parseWebviewMessage({ type, [key]: value }), undefined);
      },
    ),
    { numRuns: 200 },
  );
});
