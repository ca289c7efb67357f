/**
 * The demo SSH server's exec allowlist: only exact renderings of catalog commands pass. Properties over
 * random strings and near-miss mutations of valid renderings, checked against an independent oracle.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CATALOG, HOST_FACTS, SAMPLE } from '../../src/core/remote/catalog';
import { renderCommandLine } from '../../src/core/remote/runner';
import { allowExec } from '../../src/demo/execAllowlist';

const NONCE = '0123456789abcdef0123456789abcdef';

/**
 * Oracle written without renderCommandLine: the exact shape the runner contract documents,
 * `[timeout -s KILL N ]sh -c '<script>' vpsd <args...>`.
 */
function oracle(line: string): boolean {
  for (const { script } of CATALOG) {
    for (const prefix of [/^/, /^timeout -s KILL [1-9][0-9]* /]) {
      const head = prefix.exec(line);
      if (head === null) continue;
      const rest = line.slice(head[0].length);
      const body = `sh -c '${script}' vpsd`;
      if (!rest.startsWith(body)) continue;
      const tail = rest.slice(body.length);
      if (tail === '') return true;
      if (
        tail.startsWith(' ') &&
        tail
          .slice(1)
          .split(' ')
          .every((a) => /^[A-Za-z0-9._-]{1,64}$/.test(a)) &&
        tail.slice(1).split(' ').length <= 8
      ) {
        const seconds = head[0] === '' ? 0 : Number(head[0].split(' ')[3]);
        return seconds <= 86_400;
      }
    }
  }
  return false;
}

const valid = [
  renderCommandLine(SAMPLE, [NONCE, 'sudo'], 19),
  renderCommandLine(SAMPLE, [NONCE, 'nosudo'], 0),
  renderCommandLine(HOST_FACTS, [NONCE], 9),
  renderCommandLine(HOST_FACTS, [NONCE], 0),
];

describe('demo exec allowlist', () => {
  it('accepts the renderings the runners send, and reports what to run', () => {
    const d = allowExec(valid[0]!);
    assert.ok(d.ok);
    assert.equal(d.exec.command, SAMPLE);
    assert.deepEqual(d.exec.args, [NONCE, 'sudo']);
    assert.equal(d.exec.remoteTimeoutSeconds, 19);
    for (const line of valid) assert.equal(allowExec(line).ok, true, line.slice(0, 60));
  });

  it('refuses anything else with a reason', () => {
    const sample = renderCommandLine(SAMPLE, [NONCE, 'sudo'], 0);
    const nearMisses = [
      '',
      'id',
      'cat /proc/user_beancounters',
      `${sample}; rm -rf /`,
      `${sample} `,
      ` ${sample}`,
      `${sample}\nid`,
      sample.replace('sh -c', 'bash -c'),
      sample.replace(`vpsd ${NONCE}`, `vpsd  ${NONCE}`),
      sample.replace(NONCE, '$(id)'),
      sample.replace(NONCE, `${NONCE}'`),
      `timeout -s KILL 05 ${sample}`,
      `timeout -s KILL 0 ${sample}`,
      `timeout -s KILL 999999 ${sample}`,
      `timeout -s TERM 5 ${sample}`,
      `timeout -s KILL 5  ${sample}`,
      `${sample} a b c d e f g`,
      `sh -c '${SAMPLE.script} id' vpsd ${NONCE}`,
      `sh -c "${SAMPLE.script}" vpsd ${NONCE}`,
    ];
    for (const line of nearMisses) {
      const d = allowExec(line);
      assert.equal(d.ok, false, JSON.stringify(line.slice(-80)));
      if (!d.ok) assert.match(d.reason, /^vps-doctor demo host: refused: .+ This host runs only/);
    }
  });

  it('property: random strings are refused unless the oracle calls them renderings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        assert.equal(allowExec(s).ok, oracle(s));
      }),
      { numRuns: 200 },
    );
  });

  it('property: a mutation of a valid rendering passes only if it is still an exact rendering', () => {
    const mutation = fc.record({
      base: fc.constantFrom(...valid),
      at: fc.nat(),
      kind: fc.constantFrom('insert', 'delete', 'replace'),
      char: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(mutation, ({ base, at, kind, char }) => {
        const i = at % (base.length + 1);
        const mutated =
          kind === 'insert'
            ? base.slice(0, i) + char + base.slice(i)
            : kind === 'delete'
              ? base.slice(0, i) + base.slice(i + 1)
              : base.slice(0, i) + char + base.slice(i + char.length);
        const d = allowExec(mutated);
        assert.equal(d.ok, oracle(mutated), JSON.stringify(mutated.slice(Math.max(0, i - 20), i + 20)));
        // Whatever passes is rebuilt exactly from the catalog: the script text never comes from the line.
        if (d.ok) assert.equal(renderCommandLine(d.exec.command, d.exec.args, d.exec.remoteTimeoutSeconds), mutated);
        // A change inside the script or the fixed words is always refused.
        const scriptStart = base.indexOf("sh -c '");
        const scriptEnd = base.indexOf("' vpsd") + "' vpsd".length;
        if (i >= scriptStart && i < scriptEnd - 1 && mutated !== base) assert.equal(d.ok, false);
      }),
      { numRuns: 200 },
    );
  });
});
