import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseBeancounters, parseBeancountersIn } from '../../src/core/beancounters/parse';
import { CGROUP_FILES, FACT_FILES, SAMPLE_FILES } from '../../src/core/remote/catalog';
import { readFrame } from '../../src/core/remote/frame';
import { embeddedLinesOf, readGrepSection, type RawFile } from '../../src/core/remote/grepSection';
import { parseSample } from '../../src/core/remote/parseSample';
import { readBeancounters } from '../../src/core/remote/readBeancounters';
import { readFixture } from './beancountersFixtures';
import { oracleReadFrame, oracleReadGrepSection, type OracleError } from './remoteFrameOracle';
import { captured, FIXTURE_NONCE as N, unwrap } from './remoteFixtures';

// The byte-range framing against the line-object one it replaced (remoteFrameOracle.ts): for any output,
// the same error (reason and line) or the same blocks, facts and files, to the last character.

const CAPTURES = [
  'sample-debian12-dash.out',
  'sample-openvz-nobody-busybox.out',
  'sample-kvm-cgroup-bash.out',
  'sample-openvz-busybox-only.out',
  'hostfacts-openvz-busybox.out',
  'hostfacts-debian12-docker.out',
].map(captured);
const NAMES: Record<string, readonly string[]> = {
  proc: SAMPLE_FILES,
  cgroup: CGROUP_FILES,
  files: FACT_FILES,
  status: ['proc/self/status'],
};

/** A file map with every text read (through the getter of a file read in place). */
const plain = (files: Map<string, RawFile>) => [...files].map(([name, file]) => [name, { ...file }]);
const reduced = (e: { reason: string; line: number }): OracleError => ({
  reason: e.reason as OracleError['reason'],
  line: e.line,
});

function agrees(buf: Buffer, command = 'sample'): void {
  const got = readFrame(buf, N, command);
  const want = oracleReadFrame(buf, N, command);
  if ('reason' in want) {
    assert.equal(got.ok, false, `oracle: ${JSON.stringify(want)}`);
    if (!got.ok) assert.deepEqual(reduced(got.error), want);
    return;
  }
  assert.ok(got.ok, got.ok ? '' : JSON.stringify(got.error));
  const frame = got.value;
  assert.deepEqual(frame.facts, want.facts);
  assert.deepEqual(frame.texts, want.texts);
  assert.deepEqual([...frame.sections.keys()], [...want.sections.keys()]);
  for (const [name, section] of frame.sections) {
    const names = NAMES[name] ?? SAMPLE_FILES;
    assert.equal(section.rc, want.sections.get(name)!.rc);
    const files = readGrepSection(section, names);
    const expected = oracleReadGrepSection(want.sections.get(name), names);
    if (expected instanceof Map) {
      assert.ok(files.ok, files.ok ? '' : JSON.stringify(files.error));
      assert.deepEqual(plain(files.value), plain(expected));
      for (const file of files.value.values()) {
        const lines = file.state === 'ok' ? embeddedLinesOf(file) : undefined;
        if (lines !== undefined && file.state === 'ok')
          assert.deepEqual(parseBeancountersIn(lines, 'x'), parseBeancounters(file.text, 'x'));
      }
    } else {
      assert.equal(files.ok, false);
      if (!files.ok) assert.deepEqual(reduced(files.error), expected);
    }
  }
}

const mark = (rest: string) => `__VPSD_${N} ${rest}`;

/** A `sample` output as the script prints it: the proc section's grep -H lines for the given files, then a sudo text block. */
function sampleOutput(files: [string, string][], opts: { rc?: number; sudo?: string } = {}): string {
  const grep = files
    .map(([name, text]) =>
      text
        .split('\n')
        .filter((l, k, all) => k < all.length - 1 || l !== '')
        .map((l) => `${name}:${l}\n`)
        .join(''),
    )
    .join('');
  const sudo =
    opts.sudo === undefined
      ? ''
      : `${mark('fact user nobody')}\n${mark('text sudo')}\n${opts.sudo}\n${mark('close 0')}\n`;
  return `motd\n${mark('begin sample')}\n${mark('section proc')}\n${grep}${mark(`close ${opts.rc ?? 0}`)}\n${sudo}${mark('end')}\n`;
}

const UBC = ['seed', 'hostNode', 'bits32', 'bcResourcesSwap'].map(readFixture);
const hostNode = (n: number) => {
  const [version, header, ...body] = UBC[1]!.split('\n');
  const blocks = Array.from({ length: n }, (_, k) =>
    body.join('\n').replaceAll(/^(\s*)(\S+):/gm, (_m, sp: string, id: string) => `${sp}${id}-${k}:`),
  );
  return `${version}\n${header}\n${blocks.join('')}`;
};

describe('byte-range framing agrees with the line-object oracle', () => {
  it('on the captured outputs, whole and cut at every line', () => {
    for (const buf of CAPTURES) {
      agrees(buf);
      agrees(buf, 'hostFacts');
      agrees(Buffer.from(buf.toString('latin1').replaceAll('\n', '\r\n'), 'latin1'));
      for (let at = buf.indexOf(0x0a); at !== -1; at = buf.indexOf(0x0a, at + 1)) {
        agrees(buf.subarray(0, at));
        agrees(buf.subarray(0, at + 1));
      }
    }
  });

  it('on samples carrying beancounters, plain, CRLF-relayed, through sudo, and with a garbled row', () => {
    for (const ubc of [...UBC, hostNode(50)]) {
      const files: [string, string][] = [
        ['proc/uptime', '12.5 3.1\n'],
        ['proc/user_beancounters', ubc],
        ['proc/net/snmp', 'Ip: Forwarding\nIp: 1\n'],
      ];
      const out = sampleOutput(files);
      agrees(Buffer.from(out));
      agrees(Buffer.from(out.replaceAll('\n', '\r\n')));
      agrees(Buffer.from(sampleOutput(files, { rc: 2, sudo: ubc })));
      agrees(Buffer.from(sampleOutput(files, { rc: 2, sudo: ubc }).replaceAll('\n', '\r\n')));
      agrees(Buffer.from(out.replace(/(kmemsize\s+)\d+/, '$1 12x4')));
      // Read in place, the table is the one its text gives.
      const raw = unwrap(parseSample(Buffer.from(out), N));
      const file = raw.files.get('/proc/user_beancounters');
      assert.ok(file?.state === 'ok' && embeddedLinesOf(file) !== undefined);
      assert.equal(file.text, ubc.endsWith('\n') ? ubc : `${ubc}\n`);
      const reading = readBeancounters(raw);
      assert.deepEqual(reading, { state: 'ok', via: 'direct', table: unwrap(parseBeancounters(ubc)) });
    }
  });

  it('on mutated samples: truncated, lines duplicated, dropped or inserted, bytes replaced, CRLF here and there', () => {
    const base = fc.oneof(
      fc.constantFrom(...CAPTURES),
      fc.constantFrom(...UBC).map((ubc) =>
        Buffer.from(
          sampleOutput(
            [
              ['proc/uptime', '1 2\n'],
              ['proc/user_beancounters', ubc],
              ['proc/net/snmp', 'Ip: 1\n'],
            ],
            { sudo: 'sudo: a password is required' },
          ),
        ),
      ),
    );
    const junk = fc.oneof(
      fc.constantFrom(
        mark('close 0'),
        mark('end'),
        mark('section proc'),
        mark('text x'),
        mark('fact a b c'),
        mark('close 300'),
        'grep: proc/uptime: Permission denied',
        'proc/uptime:9 9',
        'proc/user_beancounters:  101: kmemsize 1 2 3 4 5',
        'etc/passwd:root',
        '',
      ),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    const edit = fc.record({
      op: fc.constantFrom('truncate', 'duplicate', 'drop', 'insert', 'byte', 'cr'),
      at: fc.nat(),
      junk,
      byte: fc.constantFrom(0x0a, 0x0d, 0x3a, 0x20, 0xff, 0xc3, 0x5f, 0x30),
    });
    fc.assert(
      fc.property(base, fc.array(edit, { minLength: 1, maxLength: 3 }), (start, edits) => {
        let buf = Buffer.from(start);
        for (const e of edits) {
          const lines = buf.toString('latin1').split('\n');
          const at = e.at % lines.length;
          if (e.op === 'truncate') buf = buf.subarray(0, e.at % (buf.length + 1));
          else if (e.op === 'byte') {
            buf = Buffer.from(buf);
            if (buf.length > 0) buf[e.at % buf.length] = e.byte;
          } else {
            if (e.op === 'duplicate') lines.splice(at, 0, lines[at]!);
            if (e.op === 'drop') lines.splice(at, 1);
            if (e.op === 'cr') lines[at] += '\r';
            if (e.op === 'insert') lines.splice(at, 0, Buffer.from(e.junk).toString('latin1'));
            buf = Buffer.from(lines.join('\n'), 'latin1');
          }
        }
        agrees(buf);
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary bytes between the markers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (bytes, inSection) => {
        const head = Buffer.from(`${mark('begin sample')}\n${inSection ? `${mark('section proc')}\n` : ''}`);
        agrees(Buffer.concat([head, Buffer.from(bytes), Buffer.from(`\n${mark('close 0')}\n${mark('end')}\n`)]));
      }),
      { numRuns: 300 },
    );
  });
});
