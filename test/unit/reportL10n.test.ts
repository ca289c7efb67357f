import { formatMessage } from './fakeTranslate';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliLocalizer } from '../../src/cli/cliL10n';
import { reportMarkdown } from '../../src/core/report/reportMarkdown';
import { parseResultJson } from '../../src/core/resultModel/resultParse';
import type { DiagnosisReport } from '../../src/core/resultModel/resultSchema';
import { resultView } from '../../src/core/resultModel/resultView';
import { reportText } from '../../src/core/report/reportText';
import { english } from '../../src/shared/l10n/localizer';
import { probeVerdict } from '../../src/host/tree/probeItems';

const DIR = join(__dirname, '..', 'fixtures', 'report');
const ja = cliLocalizer('ja');

function fixture(name: string): DiagnosisReport {
  const r = parseResultJson(readFileSync(join(DIR, name), 'utf8'), name);
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

test('golden: the seed scenario as a Japanese and an English ticket, from the same RESULT.json', () => {
  // Regenerate with `node --import tsx test/fixtures/report/write.ts` and review the diffs.
  const report = fixture('upstream-filter.result.json');
  assert.equal(
    reportMarkdown(report, { includePublicIps: false, l: ja }),
    readFileSync(join(DIR, 'upstream-filter.ja.md'), 'utf8'),
  );
  assert.equal(
    reportMarkdown(report, { includePublicIps: false, l: english }),
    readFileSync(join(DIR, 'upstream-filter.md'), 'utf8'),
  );
});

test('Japanese: verdict, next steps and derivation are Japanese; identifiers, counters and numbers stay as they are', () => {
  const text = reportMarkdown(fixture('upstream-filter.result.json'), { includePublicIps: false, l: ja });
  for (const want of [
    '**判定: 上流の SYN フィルタ**（確度: 高）',
    'SYN はサーバーに届いていません。',
    '## 事業者に伝えること',
    'ポート 80 に DDoS 対策や送信元ごとの SYN レート制限',
    '| **Tcp.PassiveOpens** | **+32** | 0 |',
    '| tcpsndbuf | 176.8 KiB | 1.7 MiB | 1.6 MiB | 2.6 MiB | 10.5% | 1,779,659 | +187 | **危険** |',
    'tcp_wmem max 4,194,304 B (4 MiB) >= tcpsndbuf barrier 1,720,320 B (1.6 MiB)',
    '2025年3月14日 02:14:11 UTC',
  ])
    assert.ok(text.includes(want), want);
  // No English sentence of the diagnosis leaks through.
  for (const english of [
    'The SYNs never reached',
    'What to tell the provider',
    'Please check whether',
    'Grade critical',
    'fully grown autotuned',
  ]) {
    assert.ok(!text.includes(english), english);
  }
});

test('RESULT.json stays language-neutral: rendering in Japanese does not change the report or its English texts', () => {
  const report = fixture('upstream-filter.result.json');
  const before = JSON.stringify(report);
  reportMarkdown(report, { includePublicIps: true, l: ja });
  resultView(report, ja);
  assert.equal(JSON.stringify(report), before);
  assert.equal(report.diagnosis.summary, "The SYNs never reached your server; your provider's network dropped them.");
  assert.equal(resultView(report, ja).lang, 'ja');
  assert.equal(resultView(report, ja).verdict.id, 'upstream-syn-filter');
});

test('an older RESULT.json without the buffer risk inputs: the diagnosis still renders in Japanese, the derivation keeps its saved English', () => {
  const report = fixture('upstream-filter.result.json');
  assert.ok(report.bufferRisk?.input !== undefined);
  const { input: _dropped, ...risk } = report.bufferRisk!;
  const old: DiagnosisReport = { ...report, bufferRisk: risk };
  const text = reportMarkdown(old, { includePublicIps: false, l: ja });
  assert.ok(text.includes('SYN はサーバーに届いていません。'));
  assert.ok(text.includes(old.bufferRisk!.send.derivation[1]), 'the saved English derivation');
});

test('a saved verdict this code would not reach again keeps its saved texts rather than contradict itself', () => {
  const report = fixture('upstream-filter.result.json');
  const other: DiagnosisReport = {
    ...report,
    diagnosis: { ...report.diagnosis, verdict: 'path-loss', row: 3, summary: 'Saved summary.' },
  };
  const view = resultView(other, ja);
  assert.equal(view.verdict.summary, 'Saved summary.');
  assert.equal(view.verdict.title, '経路上のパケットロス');
});

test('the terminal text in Japanese keeps the verdict id and the counter names', () => {
  const text = reportText(fixture('upstream-filter.result.json'), { color: false, l: ja });
  assert.match(text, /^判定: 上流の SYN フィルタ ?（upstream-syn-filter、確度 高）$/m);
  assert.match(text, /Tcp\.PassiveOpens \+32/);
  assert.match(text, /事業者に伝えること/);
});

test('the Hosts tree words a recorded diagnosis from its verdict id, in the display language', () => {
  const summary = {
    verdict: 'Upstream SYN filter (high confidence)',
    verdictId: 'upstream-syn-filter',
    confidence: 'high',
    target: '203.0.113.7:80',
  };
  assert.equal(probeVerdict(summary, formatMessage), 'Upstream SYN filter (high confidence)');
  assert.equal(
    probeVerdict(summary, (m, ...args) => ja.t(m, ...args)),
    '上流の SYN フィルタ（確度 高）',
  );
  // An older entry without the id keeps the words it was recorded with.
  assert.equal(
    probeVerdict({ verdict: 'Healthy (medium confidence)' }, (m, ...args) => ja.t(m, ...args)),
    'Healthy (medium confidence)',
  );
});
