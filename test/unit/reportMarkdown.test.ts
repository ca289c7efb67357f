import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { reportMarkdown } from '../../src/core/report/reportMarkdown';
import { md } from '../../src/core/report/reportMarkdownText';
import { isPublicIp, maskPublicIps, maskResultIps } from '../../src/core/resultModel/resultIpMask';
import { parseResultJson } from '../../src/core/resultModel/resultParse';
import type { DiagnosisReport } from '../../src/core/resultModel/resultSchema';

const DIR = join(__dirname, '..', 'fixtures', 'report');

function fixture(name: string): DiagnosisReport {
  const r = parseResultJson(readFileSync(join(DIR, name), 'utf8'), name);
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

test('snapshot: the seed-like upstream-filter report as a support ticket', () => {
  // Regenerate with `node --import tsx test/fixtures/report/write.ts` and review the diff.
  const want = readFileSync(join(DIR, 'upstream-filter.md'), 'utf8');
  assert.equal(reportMarkdown(fixture('upstream-filter.result.json'), { includePublicIps: false }), want);
});

test('the ticket has the verdict, the evidence table, timings, ping with its interval, counters and versions', () => {
  const text = reportMarkdown(fixture('upstream-filter.result.json'), { includePublicIps: false });
  for (const want of [
    '**Verdict: Upstream SYN filter** (confidence: high)',
    '| observation | value | decisive |',
    '## Burst timings',
    'Loss: 4.0 % (95 % interval 2.0–7.7 %)',
    '| **Tcp.PassiveOpens** | **+32** | 0 |',
    '| tcpsndbuf | 176.8 KiB | 1.7 MiB | 1.6 MiB | 2.6 MiB | 10.5% | 1,779,659 | +187 | **critical** |',
    'kernel 2.6.32-042stab141.3, SSH-2.0-OpenSSH_5.3',
    'from linux 6.18.4 (Node v20.20.2) with vps-doctor 0.1.0',
    // A ticket has no docs/method.md beside it: the method is cited by a title the reader can search for.
    'How this verdict is reached: VPS Doctor method, §3.4 "The decision table", row 2.',
    'so every socket may take one page above it (VPS Doctor method, §1.5 "How tcpsndbuf is charged").',
  ])
    assert.ok(text.includes(want), want);
  assert.ok(!text.includes('docs/method.md'), 'no in-repository path is left in the ticket');
  const healthy = reportMarkdown(fixture('healthy.result.json'), { includePublicIps: true });
  assert.ok(healthy.includes('**Verdict: Healthy**'));
  assert.ok(!healthy.includes('OpenVZ beancounters'));
});

test('public IPs appear only when opted in', () => {
  const report = fixture('upstream-filter.result.json');
  const masked = reportMarkdown(report, { includePublicIps: false });
  const open = reportMarkdown(report, { includePublicIps: true });
  assert.ok(!masked.includes('203.0.113.7'));
  assert.ok(masked.includes('203.0.x.x'));
  assert.ok(open.includes('203.0.113.7'));
  // Masking leaves everything else alone: the same text once the address is put back.
  assert.equal(masked.replaceAll('203.0.x.x', '203.0.113.7'), open);
  assert.equal(JSON.stringify(maskResultIps(report)).includes('203.0.113.7'), false);
});

test('masking: public addresses hidden, private and special ones kept, look-alikes untouched', () => {
  const cases: [string, string][] = [
    ['to 203.0.113.7:80', 'to 203.0.x.x:80'],
    ['8.8.8.8.', '8.8.x.x.'],
    [
      '10.0.0.1 192.168.1.20 172.16.5.4 127.0.0.1 100.64.0.9 169.254.1.1 198.18.1.2',
      '10.0.0.1 192.168.1.20 172.16.5.4 127.0.0.1 100.64.0.9 169.254.1.1 198.18.1.2',
    ],
    ['kernel 2.6.32-042stab141.3', 'kernel 2.6.32-042stab141.3'],
    ['999.1.1.1 and 1.2.3.4.5', '999.1.1.1 and 1.2.3.4.5'],
    ['[2606:4700::1111]:443', '[2606:4700:x:x]:443'],
    ['fe80::1 fd00::5 ::1', 'fe80::1 fd00::5 ::1'],
    ['::ffff:8.8.4.4', '::ffff:8.8.x.x'],
    ['at 10:20:30 on 2025-03-14T02:13:05.412Z', 'at 10:20:30 on 2025-03-14T02:13:05.412Z'],
  ];
  for (const [input, want] of cases) assert.equal(maskPublicIps(input), want, input);
  assert.equal(isPublicIp('203.0.113.7'), true);
  assert.equal(isPublicIp('172.32.0.1'), true);
  assert.equal(isPublicIp('172.31.0.1'), false);
  assert.equal(isPublicIp('not an ip'), false);
});

test('property: masking finds every public IPv4 address wherever it sits in text', () => {
  const octet = fc.integer({ min: 0, max: 255 });
  fc.assert(
    fc.property(
      fc.tuple(fc.integer({ min: 1, max: 223 }), octet, octet, octet),
      fc.string(),
      fc.string(),
      ([a, b, c, d], pre, post) => {
        const ip = `${a}.${b}.${c}.${d}`;
        const text = `${pre} ${ip} ${post}`;
        const out = maskPublicIps(text);
        if (isPublicIp(ip)) assert.ok(out.includes(`${a}.${b}.x.x`) && !out.includes(` ${ip} `), text);
        else assert.ok(out.includes(` ${ip} `), text);
      },
    ),
    { numRuns: 200 },
  );
});

test('server strings cannot become Markdown markup', () => {
  assert.equal(
    md('a|b *c* [link](http://x) <img src=x> `code`'),
    'a\\|b \\*c\\* \\[link\\](http://x) \\<img src=x> \\`code\\`',
  );
  assert.equal(md('# heading'), '\\# heading');
  assert.equal(md('- item'), '\\- item');
  assert.equal(md('1. first'), '1\\. first');
  assert.equal(md('line\nbreak'), 'line break');
  assert.equal(md('tcp_wmem _x_'), 'tcp_wmem \\_x\\_');
  assert.equal(md('evil\u202eright-to-left\u0007'), 'evilright-to-left');
  fc.assert(
    fc.property(fc.string(), (s) => {
      const out = md(s);
      assert.ok(!/\n/.test(out));
      // No unescaped table pipe can split a cell.
      assert.ok(!/(^|[^\\])\|/.test(out.replace(/\\\\/g, '')), out);
    }),
    { numRuns: 200 },
  );
});
