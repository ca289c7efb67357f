import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CATALOG, HOST_FACTS, SAMPLE } from '../../src/core/remote/catalog';
import { LocalRunner } from '../../src/core/remote/localRunner';
import { readHostFacts, takeSample } from '../../src/core/remote/sampler';
import {
  ARG_PATTERN,
  assertValidRequest,
  renderCommandLine,
  type CatalogCommand,
  type ExecRequest,
  type ExecResult,
} from '../../src/core/remote/runner';
import { commandExists, needs } from './remoteFixtures';

const LINT = /^[^'\\!\n]*$/;

describe('catalog lint', () => {
  it('has the two entries, frozen, with unique ids', () => {
    assert.deepEqual(
      CATALOG.map((c) => c.id),
      ['sample', 'hostFacts'],
    );
    assert.ok(Object.isFrozen(CATALOG));
    for (const cmd of CATALOG) assert.ok(Object.isFrozen(cmd), cmd.id);
  });

  for (const cmd of CATALOG) {
    it(`${cmd.id}: no ' \\ ! or newline, printable ASCII only`, () => {
      assert.match(cmd.script, LINT);
      assert.match(cmd.script, /^[\x20-\x7e]+$/);
    });

    it(`${cmd.id}: closes stdin, sets the C locale, marks begin and end with the nonce from $1`, () => {
      assert.ok(cmd.script.startsWith('exec </dev/null; LC_ALL=C; LANG=C; export LC_ALL LANG; n=$1;'));
      assert.ok(cmd.script.includes(`echo "__VPSD_$n begin ${cmd.id}";`));
      assert.ok(cmd.script.endsWith('echo "__VPSD_$n end"'));
    });

    for (const shell of [
      ['dash', '-n'],
      ['bash', '-n'],
      ['bash', '--posix', '-n'],
      ['busybox', 'sh', '-n'],
    ]) {
      it(`${cmd.id}: parses under ${shell.join(' ')}`, (t) => {
        if (!needs(t, commandExists(shell[0]!), `${shell[0]} not installed (Debian package ${shell[0]})`)) return;
        const r = spawnSync(shell[0]!, [...shell.slice(1), '-c', cmd.script], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stderr, '');
      });
    }
  }

  it('reads every file relative to ${VPSD_ROOT:-/} (no absolute /proc or /sys path)', () => {
    for (const cmd of CATALOG) {
      assert.ok(cmd.script.includes('cd "${VPSD_ROOT:-/}" || exit 3;'));
      assert.doesNotMatch(cmd.script.replace('"${VPSD_ROOT:-}/proc/user_beancounters"', ''), /[\s"]\/(proc|sys|run)\//);
    }
  });

  it('uses sudo only as sudo -n, and only when $2 is the token sudo', () => {
    // Strip the places where the word is data (a test, marker names), then every remaining one is a call.
    const calls =
      SAMPLE.script
        .replace('"$2" = sudo ]', '')
        .replace(/(text|fact) sudo/g, '')
        .match(/\bsudo\b.{0,4}/g) ?? [];
    assert.deepEqual(calls, ['sudo -n ']);
    assert.ok(SAMPLE.script.includes('if [ "$2" = sudo ]; then'));
    assert.ok(!HOST_FACTS.script.includes('sudo -n'));
  });
});

describe('renderCommandLine', () => {
  const nonce = '0123456789abcdef0123456789abcdef';

  it('renders sh -c with the script in single quotes, then vpsd and the arguments', () => {
    assert.equal(renderCommandLine(SAMPLE, [nonce, 'sudo'], 0), `sh -c '${SAMPLE.script}' vpsd ${nonce} sudo`);
  });

  it('adds the remote watchdog when a remote timeout is given', () => {
    assert.equal(
      renderCommandLine(HOST_FACTS, [nonce], 25),
      `timeout -s KILL 25 sh -c '${HOST_FACTS.script}' vpsd ${nonce}`,
    );
  });

  it('rejects arguments that could escape the quoting or add words', () => {
    for (const bad of [
      "'; rm -rf ~; '",
      'a b',
      '$(id)',
      '`id`',
      'a;b',
      '',
      'x'.repeat(65),
      'a\nb',
      'é',
      '"',
      '\\',
      '*',
      '~',
    ]) {
      assert.throws(() => renderCommandLine(SAMPLE, [nonce, bad], 0), TypeError, JSON.stringify(bad));
    }
  });

  it('rejects any argument outside the pattern (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (arg) => {
        if (ARG_PATTERN.test(arg)) {
          assert.ok(renderCommandLine(HOST_FACTS, [arg], 0).endsWith(` vpsd ${arg}`));
        } else {
          assert.throws(() => renderCommandLine(HOST_FACTS, [arg], 0), TypeError);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rejects scripts that break the lint, and bad ids or watchdog values', () => {
    for (const script of ["echo 'x'", 'echo \\x', 'echo !x', 'echo a\necho b', 'echo \x01', '']) {
      assert.throws(() => renderCommandLine({ id: 'bad', script }, [], 0), TypeError, JSON.stringify(script));
    }
    assert.throws(() => renderCommandLine({ id: 'has space', script: 'true' }, [], 0), TypeError);
    assert.throws(() => renderCommandLine(SAMPLE, [nonce], -1), TypeError);
    assert.throws(() => renderCommandLine(SAMPLE, [nonce], 1.5), TypeError);
  });

  it('checks request limits', () => {
    const req = (patch: Partial<ExecRequest>): ExecRequest => ({
      command: SAMPLE,
      args: [nonce],
      timeoutMs: 1000,
      maxOutputBytes: 1024,
      ...patch,
    });
    assert.doesNotThrow(() => assertValidRequest(req({})));
    assert.throws(() => assertValidRequest(req({ timeoutMs: 0 })), TypeError);
    assert.throws(() => assertValidRequest(req({ timeoutMs: Number.NaN })), TypeError);
    assert.throws(() => assertValidRequest(req({ maxOutputBytes: 0.5 })), TypeError);
  });
});

describe('no catalog entry takes user or server data', () => {
  /** Records every request and answers with an empty, failed result. */
  class RecordingRunner {
    readonly requests: ExecRequest[] = [];
    async exec(req: ExecRequest): Promise<ExecResult> {
      this.requests.push(req);
      return {
        stdout: Buffer.alloc(0),
        stderr: Buffer.alloc(0),
        exitCode: 1,
        exitSignal: null,
        truncated: false,
        timedOut: false,
        durationMs: 0,
      };
    }
  }

  it('the sampler sends only catalog objects with a fresh hex nonce and a fixed token', async () => {
    const runner = new RecordingRunner();
    await takeSample(runner, { timeoutMs: 1000, maxOutputBytes: 1024, useSudo: true });
    await takeSample(runner, { timeoutMs: 1000, maxOutputBytes: 1024, useSudo: false });
    await readHostFacts(runner, { timeoutMs: 1000, maxOutputBytes: 1024 });
    const [a, b, c] = runner.requests;
    assert.equal(a!.command, SAMPLE);
    assert.equal(b!.command, SAMPLE);
    assert.equal(c!.command, HOST_FACTS);
    assert.match(a!.args[0]!, /^[0-9a-f]{32}$/);
    assert.deepEqual(a!.args.slice(1), ['sudo']);
    assert.deepEqual(b!.args.slice(1), ['nosudo']);
    assert.equal(c!.args.length, 1);
    assert.notEqual(a!.args[0], b!.args[0]);
    for (const r of runner.requests) for (const arg of r.args) assert.match(arg, ARG_PATTERN);
  });

  it('a script is the same constant text whatever the arguments; they reach it only as $1 and $2', () => {
    for (const cmd of CATALOG) {
      const positional = new Set(cmd.script.match(/\$\{?[0-9]/g) ?? []);
      assert.ok(
        [...positional].every((p) => p === '$1' || p === '$2'),
        `${cmd.id} uses ${[...positional].join(',')}`,
      );
      const line = renderCommandLine(cmd, ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'], 0);
      assert.equal(line.split("'")[1], cmd.script);
    }
  });

  it('both runners refuse a command that is not lint-clean before running anything', async () => {
    const evil: CatalogCommand = { id: 'evil', script: "echo 'pwned'" };
    await assert.rejects(
      new LocalRunner().exec({ command: evil, args: [], timeoutMs: 1000, maxOutputBytes: 1024 }),
      TypeError,
    );
    await assert.rejects(
      new LocalRunner().exec({ command: SAMPLE, args: ['$(id)'], timeoutMs: 1000, maxOutputBytes: 1024 }),
      TypeError,
    );
  });
});
