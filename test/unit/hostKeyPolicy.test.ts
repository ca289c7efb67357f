import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sha256Fingerprint } from '../../src/core/ssh/fingerprint';
import {
  createHostVerifier,
  effectiveHostKeyChecking,
  type HostKeyDecision,
  type HostKeyPromptInfo,
  type HostVerifier,
  type HostVerifierOptions,
  persistAcceptedKey,
} from '../../src/core/ssh/hostKeyPolicy';
import { strictHostVerifier } from '../../src/core/ssh/hostKeyVerifier';
import { parseKnownHosts } from '../../src/core/ssh/knownHosts';
import { SSH2_DEFAULT_HOST_KEY_ALGORITHMS } from '../../src/core/ssh/knownHostsAlgorithms';
import { policyVerifierFactory } from '../../src/core/ssh/policyVerifier';
import { makeKeys, STANDARD_KEYS, type TestKey } from './knownHostsTestKeys';

let keys: Record<string, TestKey>;
let cleanup: () => void;
before(() => ({ keys, cleanup } = makeKeys([...STANDARD_KEYS, { name: 'ed3', args: ['-t', 'ed25519'] }])));
after(() => cleanup());

const STORE = '/store/known_hosts';
const USER = '/home/u/.ssh/known_hosts';
const entriesOf = (file: string, lines: string[]) => parseKnownHosts(lines.join('\n'), file).entries;
const k = (n: string) => `${keys[n]!.type} ${keys[n]!.base64}`;

/** Runs a verifier once; resolves with the callback's argument, the return value, and the decisions recorded before it. */
function run(opts: Partial<HostVerifierOptions>, key: Buffer, verifier?: HostVerifier) {
  const decisions: HostKeyDecision[] = [];
  const v =
    verifier ??
    createHostVerifier({
      host: 'vps.example',
      port: 2222,
      checking: 'ask',
      entries: [],
      storePath: STORE,
      onDecision: (d) => decisions.push(d),
      ...opts,
    });
  let answer: unknown;
  let recordedBeforeAnswer = -1;
  let answered!: () => void;
  const done = new Promise<void>((resolve) => (answered = resolve));
  const cb = (ok: unknown) => {
    answer = ok;
    recordedBeforeAnswer = decisions.length;
    answered();
  };
  const returned: unknown = v(key, cb as (ok: boolean) => void);
  return done.then(() => ({ answer, returned, decisions, recordedBeforeAnswer }));
}

describe('createHostVerifier', () => {
  it('a known key is accepted with exactly true, recorded first, and the verifier returns undefined', async () => {
    const r = await run({ entries: entriesOf(USER, [`[vps.example]:2222 ${k('ed1')}`]) }, keys['ed1']!.blob);
    assert.equal(r.answer, true);
    assert.equal(r.returned, undefined);
    assert.equal(r.recordedBeforeAnswer, 1);
    assert.deepEqual([r.decisions[0]!.kind, (r.decisions[0] as { line: number }).line], ['match', 1]);
  });

  it('a changed key is refused with exactly false, never prompts, and names both fingerprints, file:line and the fix', async () => {
    let prompted = false;
    const entries = [
      ...entriesOf(USER, [`# x`, `[vps.example]:2222 ${k('ed1')}`]),
      ...entriesOf(STORE, [`[vps.example]:2222 ${k('ed2')}`]),
    ];
    const c = await run({ entries, prompt: async () => (prompted = true) }, keys['ed3']!.blob);
    assert.equal(c.answer, false);
    assert.equal(prompted, false);
    const d = c.decisions[0]!;
    assert.equal(d.kind, 'refused');
    if (d.kind !== 'refused') return;
    assert.equal(d.reason, 'changed');
    assert.equal(d.fingerprint, sha256Fingerprint(keys['ed3']!.blob));
    assert.deepEqual(
      d.expected.map((e) => [e.fingerprint, e.file, e.line]),
      [
        [sha256Fingerprint(keys['ed1']!.blob), USER, 2],
        [sha256Fingerprint(keys['ed2']!.blob), STORE, 1],
      ],
    );
    assert.match(d.message, new RegExp(`${sha256Fingerprint(keys['ed3']!.blob).replace(/[+/]/g, '.')}.*${USER}:2`));
    assert.deepEqual(d.fixes, [
      { kind: 'command', file: USER, command: `ssh-keygen -R "[vps.example]:2222" -f "${USER}"` },
      {
        kind: 'forget-host-key',
        name: '[vps.example]:2222',
        file: STORE,
        command: `ssh-keygen -R "[vps.example]:2222" -f "${STORE}"`,
      },
    ]);
  });

  it('a revoked key is refused without prompting', async () => {
    let prompted = false;
    const entries = entriesOf(USER, [`[vps.example]:2222 ${k('ed1')}`, `@revoked * ${k('ed1')}`]);
    const r = await run({ entries, prompt: async () => (prompted = true) }, keys['ed1']!.blob);
    assert.equal(r.answer, false);
    assert.equal(prompted, false);
    assert.deepEqual(r.decisions[0]!.kind === 'refused' && [r.decisions[0]!.reason, r.decisions[0]!.revokedAt], [
      'revoked',
      { file: USER, line: 2 },
    ]);
  });

  it('a host known only through @cert-authority is refused in every mode, never prompted, naming the CA line', async () => {
    let prompted = false;
    const entries = entriesOf(USER, [`# x`, `@cert-authority [*.example]:2222 ${k('rsa1')}`]);
    for (const checking of ['ask', 'accept-new', 'yes'] as const) {
      const r = await run({ entries, checking, prompt: async () => (prompted = true) }, keys['ed1']!.blob);
      assert.equal(r.answer, false, checking);
      const d = r.decisions[0]!;
      assert.equal(d.kind === 'refused' && d.reason, 'cert-authority', checking);
      assert.match(
        d.kind === 'refused' ? d.message : '',
        new RegExp(`@cert-authority at ${USER}:2.*${sha256Fingerprint(keys['ed1']!.blob).replace(/[+/]/g, '.')}`),
      );
    }
    assert.equal(prompted, false);
    // A plain line for the presented key still connects.
    const known = await run(
      { entries: [...entries, ...entriesOf(USER, [`[vps.example]:2222 ${k('ed1')}`])] },
      keys['ed1']!.blob,
    );
    assert.equal(known.answer, true);
  });

  it("'yes' refuses an unknown key; 'accept-new' accepts it without writing it", async () => {
    const strict = await run({ checking: 'yes', prompt: async () => true }, keys['ed1']!.blob);
    assert.equal(strict.answer, false);
    assert.equal(strict.decisions[0]!.kind === 'refused' && strict.decisions[0]!.reason, 'unknown-strict');
    const lax = await run({ checking: 'accept-new' }, keys['ed1']!.blob);
    assert.equal(lax.answer, true);
    const d = lax.decisions[0]!;
    assert.equal(d.kind === 'accepted-new' && d.by, 'accept-new');
  });

  it('asks with the fingerprint and the other known types; only a resolved true trusts', async () => {
    const seen: HostKeyPromptInfo[] = [];
    const entries = entriesOf(USER, [`[vps.example]:2222 ${k('ec1')}`]);
    const yes = await run({ entries, prompt: async (info) => (seen.push(info), true) }, keys['ed1']!.blob);
    assert.equal(yes.answer, true);
    assert.deepEqual(
      [seen[0]!.keyType, seen[0]!.fingerprint, seen[0]!.otherTypesKnown.map((o) => o.type), seen[0]!.storePath],
      ['ssh-ed25519', sha256Fingerprint(keys['ed1']!.blob), ['ecdsa-sha2-nistp256'], STORE],
    );
    for (const prompt of [
      async () => false,
      async () => 'yes' as unknown as boolean,
      async () => 1 as unknown as boolean,
    ]) {
      const r = await run({ prompt }, keys['ed1']!.blob);
      assert.equal(r.answer, false);
      assert.equal(r.decisions[0]!.kind === 'refused' && r.decisions[0]!.reason, 'declined');
    }
  });

  it('a prompt that rejects or throws, or no prompt at all, refuses', async () => {
    const rejects = await run({ prompt: () => Promise.reject(new Error('dialog closed')) }, keys['ed1']!.blob);
    const throws = await run(
      {
        prompt: () => {
          throw new Error('boom');
        },
      },
      keys['ed1']!.blob,
    );
    const none = await run({}, keys['ed1']!.blob);
    assert.deepEqual([rejects.answer, throws.answer, none.answer], [false, false, false]);
    assert.deepEqual(
      [rejects, throws, none].map((r) => r.decisions[0]!.kind === 'refused' && r.decisions[0]!.reason),
      ['prompt-failed', 'prompt-failed', 'no-prompt'],
    );
  });

  it('a malformed key or a throwing recorder refuses', async () => {
    assert.equal((await run({ checking: 'accept-new' }, Buffer.from('junk'))).answer, false);
    const v = createHostVerifier({
      host: 'h',
      port: 22,
      checking: 'accept-new',
      entries: [],
      storePath: STORE,
      onDecision: () => {
        throw new Error('x');
      },
    });
    assert.equal((await run({}, keys['ed1']!.blob, v)).answer, false);
  });

  it('is deterministic on rekey: no second prompt, a different key refused', async () => {
    let prompts = 0;
    const decisions: HostKeyDecision[] = [];
    const v = createHostVerifier({
      host: 'h',
      port: 22,
      checking: 'ask',
      entries: [],
      storePath: STORE,
      onDecision: (d) => decisions.push(d),
      prompt: async () => (prompts++, true),
    });
    const first = await run({}, keys['ed1']!.blob, v);
    const again = await run({}, keys['ed1']!.blob, v);
    const other = await run({}, keys['ed2']!.blob, v);
    assert.deepEqual([first.answer, again.answer, other.answer, prompts], [true, true, false, 1]);
    assert.deepEqual(
      decisions.map((d) => (d.kind === 'refused' ? d.reason : d.kind)),
      ['accepted-new', 'rekey-different-key'],
    );
  });

  it('persistAcceptedKey appends the accepted key under the lookup name', async () => {
    const r = await run({ checking: 'accept-new', hostKeyAlias: 'MyBox' }, keys['ed1']!.blob);
    const d = r.decisions[0]!;
    assert.equal(d.kind, 'accepted-new');
    if (d.kind !== 'accepted-new') return;
    const calls: [string, Buffer][] = [];
    const res = await persistAcceptedKey(
      { append: async (name, blob) => (calls.push([name, blob]), { ok: true, value: { file: STORE, line: 1 } }) },
      d,
    );
    assert.ok(res.ok);
    assert.deepEqual(calls, [['mybox', keys['ed1']!.blob]]);
  });
});

describe('policyVerifierFactory', () => {
  it('orders the host-key algorithms per hop, from the entries that hop is checked against', () => {
    const entries = entriesOf(USER, [
      `[jump.example]:2200 ${k('ec1')}`,
      `target.example ${k('rsa1')}`,
      `[target.example]:2222 ${k('ed1')}`,
    ]);
    const factory = policyVerifierFactory((ep) => ({
      checking: 'ask',
      entries,
      storePath: STORE,
      ...(ep.hostName === 'aliased' ? { hostKeyAlias: 'target.example' } : {}),
    }));
    const hop = (hostName: string, port: number) =>
      factory({ hostName, port, user: 'u', identityFiles: [], identitiesOnly: true }, () => undefined).serverHostKey;
    assert.deepEqual(hop('jump.example', 2200).slice(0, 2), ['ecdsa-sha2-nistp256', 'ssh-ed25519']);
    assert.deepEqual(hop('target.example', 22).slice(0, 4), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519']);
    assert.deepEqual(hop('target.example', 2222), [...SSH2_DEFAULT_HOST_KEY_ALGORITHMS]);
    assert.deepEqual(hop('aliased', 2200).slice(0, 3), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']); // HostKeyAlias is the name looked up
    assert.deepEqual(hop('nobody.example', 22), [...SSH2_DEFAULT_HOST_KEY_ALGORITHMS]);
  });
});

describe('the verifier type and its runtime guard', () => {
  it('an async function is not a HostVerifier (checked by tsc) and is refused at run time', () => {
    // @ts-expect-error An async verifier returns a Promise, which ssh2 would treat as "accept".
    const asyncVerifier: HostVerifier = async (_key: Buffer, cb: (ok: boolean) => void) => cb(false);
    assert.throws(() => strictHostVerifier(asyncVerifier), TypeError);
  });
  it('a function returning a Promise, or throwing, answers false exactly once', async () => {
    const promiseReturning = ((_k: Buffer, _cb: (ok: boolean) => void) =>
      Promise.resolve(true)) as unknown as HostVerifier;
    const answers: unknown[] = [];
    const ret = strictHostVerifier(promiseReturning)(keys['ed1']!.blob, (ok) => answers.push(ok));
    const throwing = strictHostVerifier(() => {
      throw new Error('x');
    });
    throwing(keys['ed1']!.blob, (ok) => answers.push(ok));
    const twice = strictHostVerifier((_k, cb) => {
      (cb as (v: unknown) => void)(0);
      cb(true);
      return undefined;
    });
    twice(keys['ed1']!.blob, (ok) => answers.push(ok));
    assert.equal(ret, undefined);
    assert.deepEqual(answers, [false, false, false]);
  });
});

describe('effectiveHostKeyChecking', () => {
  it('takes the stricter of setting and ssh config; no/off count as ask', () => {
    const cases: [Parameters<typeof effectiveHostKeyChecking>, string][] = [
      [['accept-new', 'yes'], 'yes'],
      [['accept-new', 'no'], 'ask'],
      [['accept-new', 'off'], 'ask'],
      [['accept-new', 'false'], 'ask'],
      [['ask', 'accept-new'], 'ask'],
      [['yes', 'no'], 'yes'],
      [['accept-new', undefined], 'accept-new'],
      [['accept-new', 'true'], 'yes'],
      [['accept-new', 'accept-new'], 'accept-new'],
      [['ask', 'garbage'], 'ask'],
    ];
    for (const [args, want] of cases) assert.equal(effectiveHostKeyChecking(...args), want, JSON.stringify(args));
  });
});
