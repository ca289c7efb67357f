/**
 * The extension's own texts in Japanese: tree items and tooltips, probe lines, watch notifications and the
 * status bar, the input box's validation, citations of the method. Each is built by the pure function the
 * extension calls, with a localizer over l10n/bundle.l10n.ja.json (what `vscode.l10n.t` reads when VS Code's
 * display language is ja), and checked for Japanese and for English sentences leaking through. Where a text
 * has an English form, that form is checked to be unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliLocalizer } from '../../src/cli/cliL10n';
import { detectVirtualization } from '../../src/core/remote/detectVirtualization';
import { classifySshError, sshErrorText } from '../../src/core/ssh/sshErrors';
import { DiagnosisSampleError, pingOrWarn, sample } from '../../src/core/diagnosis/fullDiagnosis';
import { classifyRoundFailure } from '../../src/core/watch/roundFailure';
import { beancounterAdvice, readBeancounters, type BeancountersReading } from '../../src/core/remote/readBeancounters';
import type { HostSnapshot } from '../../src/core/remote/snapshot';
import { timelineView } from '../../src/core/watch/timelineView';
import { failedRound } from '../../src/core/watch/watchRound';
import { demoTarget } from '../../src/host/demo/demoTarget';
import { burstProbeSummary, pingProbeSummary } from '../../src/host/probes/probeSummary';
import { parseProbeTarget } from '../../src/host/probes/probeTarget';
import { analyzeBeancounterText } from '../../src/core/beancounters/analyzeBeancounters';
import { formatParseError } from '../../src/core/result';
import { PingError, runPing, runPingWith } from '../../src/core/probes/ping';
import { describeConnectError } from '../../src/core/probes/connectErrors';
import { keepAliveErrorText } from '../../src/core/probes/keepAliveErrors';
import { hostSpecProblem } from '../../src/host/sessions/hostTargets';
import { sampleInLanguage, virtualizationInLanguage } from '../../src/host/sessions/sampleLanguage';
import { beancounterSection } from '../../src/host/tree/beancounterItems';
import { hostTreeModel } from '../../src/host/tree/hostTreeModel';
import { kernelSection } from '../../src/host/tree/kernelItems';
import { probeSection, probeVerdict } from '../../src/host/tree/probeItems';
import type { ModelNode } from '../../src/host/tree/treeItemData';
import { lastRoundWord, watchItemText, watchNotice } from '../../src/host/watch/watchNotice';
import { statusView } from '../../src/host/status/statusModel';
import { english } from '../../src/shared/l10n/localizer';
import { methodCitation, readableCitations, verdictMethod } from '../../src/shared/methodCitations';
import { burstOf, pingOf, seedShots } from './diagnosisFixtures';
import { formatMessage } from './fakeTranslate';
import { SEED, snapshot, viewOf, withFailcnt } from './hostFixtures';
import { hostFacts as facts } from './remoteFixtures';
import { roundAt, timedOutRunner } from './watchFixtures';
import { assertJapanese, englishRuns, JAPANESE } from './englishLeaks';

const ja = cliLocalizer('ja');
const t = ja.t.bind(ja) as (message: string, ...args: (string | number)[]) => string;
const HOST = 'ssh:vps1';
const T = Date.UTC(2026, 10, 26, 20, 0);

/** Every label, description and tooltip of a node and its children. */
function texts(node: ModelNode): { where: string; text: string }[] {
  const d = node.data;
  const own = [
    { where: `${d.id} label`, text: d.label },
    ...(d.description ? [{ where: `${d.id} description`, text: d.description }] : []),
    ...(d.tooltip ? [{ where: `${d.id} tooltip`, text: d.tooltip }] : []),
  ];
  return [...own, ...node.children.flatMap(texts)];
}

test('beancounter tree: severity reasons and the OpenVZ consistency rules in Japanese, numbers kept', () => {
  // tcpsndbuf's failcnt grew by 12 since the previous sample; the seed's tcpsndbuf breaks §1.5's page rule.
  const grown = withFailcnt(SEED, 'tcpsndbuf', 1_779_671);
  const view = sampleInLanguage(viewOf(grown, { prev: SEED, baselineAtMs: 1_000_000 - 300_000 }), ja);
  const section = beancounterSection(HOST, view, t)!;
  const snd = section.children.find((n) => n.resource?.name === 'tcpsndbuf')!;
  const tip = snd.data.tooltip!;
  assertJapanese(tip, 'tcpsndbuf tooltip');
  assert.match(tip, /前回のサンプルから failcnt が 12 増えました/, 'the growth reason');
  assert.match(tip, /カーネルは今まさに tcpsndbuf の割り当てを拒否しています/);
  assert.match(
    tip,
    /limit − barrier は 983,040 バイトで、TCP ソケット 1 本あたり 2,730 バイトしかありません（許可数 360）/,
  );
  assert.match(tip, /barrier を許可 TCP ソケット数で割ると平均/, 'the per-socket average of §2.4');
  assert.match(tip, /\*\*危険 の理由:\*\*/, 'why it is critical');
  for (const x of texts(section)) assert.deepEqual(englishRuns(x.text), [], `${x.where}: ${x.text}`);
  const kmem = section.children.find((n) => n.resource?.name === 'kmemsize')!;
  assert.match(kmem.data.label, /^kmemsize {2}.* \/ 無制限 \/ 無制限$/, 'unlimited in words');
  assert.doesNotMatch(kmem.data.tooltip!, /unlimited/);

  // The English view keeps the English reasons, word for word as the session assessed them.
  const en = viewOf(grown, { prev: SEED });
  assert.equal(sampleInLanguage(en, english), en);
  const enTip = beancounterSection(HOST, en, formatMessage)!
    .children.find((n) => n.resource?.name === 'tcpsndbuf')!
    .data.tooltip!.replace(/\\/g, '');
  assert.match(enTip, /failcnt grew by 12 since the previous sample/);
  assert.match(enTip, /limit − barrier is 983,040 bytes, only 2,730 bytes per TCP socket \(360 allowed\)/);
});

test('beancounter tree: the first sample (no deltas yet) says failcnt is cumulative, in Japanese', () => {
  const view = sampleInLanguage(viewOf(SEED), ja);
  const a = view.assessments.find((x) => x.name === 'tcpsndbuf')!;
  assert.equal(a.severity, 'warn');
  assertJapanese(a.reasons.join(' '), 'first-sample reasons');
  assert.match(a.reasons[0]!, /^failcnt は 1,779,659 です。これはコンテナ起動以降に拒否された割り当ての累計/);
  assert.match(a.reasons[0]!, /今も増えているかどうかは、2 回目のサンプルでわかります。$/);
});

test('root-access advice: the sudoers line and the requiretty fix, in Japanese; English as before', () => {
  const reading = readBeancounters({
    files: new Map([['/proc/user_beancounters', { state: 'needsRoot' }]]),
    cgroupPath: null,
    ubcAccess: {
      user: 'admin',
      catPath: '/usr/bin/cat',
      path: '/proc/user_beancounters',
      sudo: { exitCode: 1, stdout: '', stderr: 'sudo: sorry, you must have a tty to run sudo', validUtf8: true },
    },
  }) as Extract<BeancountersReading, { state: 'unavailable' }>;
  assert.equal(reading.sudo, 'requiresTty');
  assert.equal(beancounterAdvice(reading, english), reading.advice, 'English is what the sample carried');
  assert.match(reading.advice, /^Reading \/proc\/user_beancounters needs root/);
  const view = viewOf(SEED);
  view.snapshot = snapshot(reading);
  const node = beancounterSection(HOST, sampleInLanguage(view, ja), t)!;
  assert.equal(node.data.label, 'beancounters の読み取りには root が必要');
  const tip = node.data.tooltip!.replace(/\\/g, '');
  assertJapanese(tip, 'needs-root tooltip');
  assert.match(tip, /root 権限が必要です。カーネルがケーパビリティを確認するため/);
  assert.match(tip, /"Defaults:admin !requiretty" を追加し/);
  assert.ok(tip.includes('admin ALL=(root) NOPASSWD: /usr/bin/cat /proc/user_beancounters'), 'the line itself');
});

test('host line: the virtualisation, its evidence and the watch in Japanese', () => {
  const f = facts({ envId: '101', exists: { 'proc/vz': true, 'proc/user_beancounters': true } });
  const english101 = detectVirtualization(f);
  assert.equal(english101.label, 'OpenVZ container (CT 101)', 'English unchanged');
  assert.deepEqual(english101.evidence, [
    '/proc/self/status has envID: 101',
    '/proc/vz exists',
    '/proc/user_beancounters exists',
  ]);
  const v = virtualizationInLanguage(english101, f, ja)!;
  assert.equal(v.kind, 'openvz-container');
  assert.equal(v.label, 'OpenVZ コンテナ（CT 101）');
  assert.deepEqual(v.evidence, [
    '/proc/self/status に envID: 101 がある',
    '/proc/vz がある',
    '/proc/user_beancounters がある',
  ]);
  const kvm = detectVirtualization(facts({ systemdDetectVirt: 'kvm' }), ja);
  assert.equal(kvm.label, 'KVM 仮想マシン');
  assert.deepEqual(kvm.evidence, ['systemd-detect-virt の出力は kvm']);

  const node = hostTreeModel(
    {
      target: { id: HOST, label: 'vps1', alias: 'vps1', source: 'ssh-config' },
      state: { kind: 'connected', sinceMs: 0 },
      latest: sampleInLanguage(viewOf(SEED), ja),
      virtualization: v,
      baseline: undefined,
      history: [],
      nowMs: 1_000_000,
      watch: { lastVerdict: lastRoundWord(roundAt(3, T, 'upstream-syn-filter'), ja) },
    },
    t,
  );
  assert.equal(node.data.description, 'OpenVZ コンテナ（CT 101） · 監視中: 上流の SYN フィルタ');
  assertJapanese(node.data.tooltip, 'host tooltip');
  for (const x of texts(node)) assert.deepEqual(englishRuns(x.text), [], `${x.where}: ${x.text}`);
});

test('kernel counters: every meaning, the conntrack and TCP memory lines in Japanese', () => {
  const ok = <T>(value: T) => ({ state: 'ok' as const, value });
  const counters = (overflows: number): HostSnapshot['counters'] => ({
    snmp: { state: 'missing' },
    netstat: ok({
      TcpExt: {
        ListenOverflows: overflows,
        ListenDrops: overflows,
        SyncookiesSent: 0,
        SyncookiesFailed: 0,
        TCPSynRetrans: 7,
      },
    }),
  });
  const base = snapshot({ state: 'missing' }, { counters: counters(10) });
  const now = snapshot(
    { state: 'missing' },
    {
      counters: counters(42),
      conntrack: { count: ok(900), max: ok(1000), stat: { state: 'missing' } },
      sockstat: ok({ tcp: { inuse: 10, orphan: 0, tw: 0, alloc: 10, memPages: 50 } }) as HostSnapshot['sockstat'],
      sysctls: { ...snapshot({ state: 'missing' }).sysctls, tcpMem: ok([100, 200, 300] as [number, number, number]) },
    },
  );
  const section = kernelSection(HOST, now, base, false, t)!;
  assert.equal(section.data.label, 'カーネルのカウンタ');
  const overflow = section.children.find((c) => c.data.id.endsWith('/ListenOverflows'))!;
  assert.equal(overflow.data.description, '接続以来 +32');
  assert.match(overflow.data.tooltip!, /^\*\*ListenOverflows\*\*\n\n待ち受けソケットの accept キューが満杯で/);
  for (const c of section.children) assertJapanese(c.data.tooltip, c.data.id);
  // English: the meaning as docs/method.md §3.3 words it.
  const en = kernelSection(HOST, now, base, false, formatMessage)!;
  assert.match(
    en.children.find((c) => c.data.id.endsWith('/ListenOverflows'))!.data.tooltip!,
    /The accept queue of a listening socket was full/,
  );
});

test('probe lines: burst, ping, diagnosis and watch entries worded from their numbers, in Japanese', () => {
  const burst = burstProbeSummary(burstOf(seedShots));
  const ping = pingProbeSummary(pingOf(100, 4));
  // English: exactly the line the probe recorded.
  assert.equal(probeVerdict(burst, formatMessage, 'burst'), burst.verdict);
  assert.equal(probeVerdict(JSON.parse(JSON.stringify(ping)), formatMessage, 'ping'), ping.verdict);
  assert.equal(
    probeVerdict(burst, t, 'burst'),
    '32 本中 28 本が SYN 再送で遅延、最初は即時でその後に遅延。キープアライブの対照接続は正常',
  );
  assert.match(probeVerdict(ping, t, 'ping')!, /^損失率 4(\.0)?%（95% 信頼区間 .*、n = 100）$/);
  assert.equal(probeVerdict(roundAt(4, T, 'upstream-syn-filter'), t, 'watch'), '上流の SYN フィルタ（確度 高）');
  assert.equal(probeVerdict(roundAt(5, T, null, { kind: 'unreachable', message: 'x' }), t, 'watch'), 'ラウンド失敗');
  // An entry recorded before the numbers were kept is shown as it was recorded.
  assert.equal(probeVerdict({ verdict: '3/32 delayed' }, t, 'burst'), '3/32 delayed');

  const section = probeSection(
    HOST,
    [
      { kind: 'probe', atMs: T - 60_000, probe: 'burst', summary: burst },
      { kind: 'probe', atMs: T - 30_000, probe: 'ping', summary: ping },
      { kind: 'probe', atMs: T - 10_000, probe: 'watch', summary: roundAt(9, T, 'healthy') },
    ],
    T,
    t,
  );
  for (const x of texts(section)) {
    assert.match(x.text, JAPANESE, x.where);
    assert.deepEqual(englishRuns(x.text), [], `${x.where}: ${x.text}`);
  }
});

test('watch: notifications, the status bar and the quick pick word in Japanese', () => {
  const problem = watchNotice(
    'healthy',
    'vps1',
    { ...roundAt(7, T, 'upstream-syn-filter'), summary: 'SYN はサーバーに届いていません。' },
    ja,
  );
  assert.equal(problem.notice?.message, 'vps1: 上流の SYN フィルタ（ラウンド 7）。SYN はサーバーに届いていません。');
  assert.equal(
    watchNotice('problem', 'vps1', roundAt(8, T, 'healthy'), ja).notice?.message,
    'vps1 は正常に戻りました（ラウンド 8）。',
  );
  assert.equal(
    watchNotice('problem', 'vps1', roundAt(8, T, 'healthy')).notice?.message,
    'vps1 is healthy again (round 8).',
    'English as before',
  );
  assert.deepEqual(watchItemText([], ja), {
    text: '$(eye)',
    tooltip: 'VPS Doctor: 監視中のホストはありません。クリックで監視を開始します。',
  });
  assert.deepEqual(
    watchItemText(
      [
        { label: 'vps1', last: roundAt(3, T, 'path-loss') },
        { label: 'vps2' },
        { label: 'vps3', last: roundAt(2, T, null, { kind: 'unreachable', message: 'x' }) },
      ],
      ja,
    ),
    { text: '$(eye) 監視 3 件', tooltip: 'vps1: 経路上のパケットロス\nvps2: 最初のラウンド待ち\nvps3: ラウンド失敗' },
  );
  assert.equal(lastRoundWord(roundAt(1, T, 'healthy')), 'Healthy');
});

test('watch timeline: title, headline, verdicts and a failed round in Japanese; English unchanged', () => {
  const rounds = [
    roundAt(1, T, 'healthy'),
    roundAt(2, T + 300_000, 'upstream-syn-filter'),
    failedRound(3, { label: 'vps1', host: '198.19.1.2', port: 8080 }, T + 600_000, 4000, {
      kind: 'unreachable',
      message: 'Cannot reach vps1:22: the TCP connection timed out.',
    }),
  ];
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  const v = timelineView('vps1', rounds, time, ja);
  assert.equal(v.title, 'VPS Doctor 監視: vps1');
  assert.equal(
    v.headline,
    '20:05 のラウンドで、SYN 破棄のパターンは 1 ラウンド中 1 ラウンドで見られました（上流の SYN フィルタ 1）。その前後では 1 ラウンド中 0。1 ラウンドが失敗しました（判定なし）。',
  );
  assert.deepEqual(
    v.rounds.map((r) => r.title),
    ['正常', '上流の SYN フィルタ', '到達不能：Cannot reach vps1:22: the TCP connection timed out.'],
  );
  const en = timelineView('vps1', rounds, time);
  assert.equal(en.title, 'VPS Doctor watch: vps1');
  assert.equal(
    en.headline,
    'In the round at 20:05 the SYN-drop signature was present in 1 of 1 round (Upstream SYN filter 1); before and after, 0 of 1. 1 round failed (no verdict).',
  );
  assert.equal(en.rounds[2]!.title, rounds[2]!.summary, 'a failed round reads as it was recorded');
});

test('method citations: section titles in Japanese; the English form is byte for byte the same', () => {
  assert.equal(methodCitation('1.5'), 'VPS Doctor method, §1.5 "How tcpsndbuf is charged"');
  assert.equal(methodCitation('1.5', ja), 'VPS Doctor 手法解説 §1.5「tcpsndbuf の課金のしくみ」');
  const absent = '99.1'; // no such section: cited by number alone
  assert.equal(methodCitation(absent, ja), `VPS Doctor 手法解説 §${absent}`);
  assert.equal(verdictMethod(2), 'VPS Doctor method, §3.4 "The decision table", row 2');
  assert.equal(verdictMethod(2, ja), 'VPS Doctor 手法解説 §3.4「判定表」の 2 行目');
  assert.equal(verdictMethod(null, ja), 'VPS Doctor 手法解説 §3.4「判定表」');
  assert.equal(
    readableCitations('確保できます (docs/method.md §2.2)。', ja),
    '確保できます (VPS Doctor 手法解説 §2.2「バッファが wmem_max を超えて育つ理由」)。',
  );
});

test('the probe target input box and the demo host speak Japanese', () => {
  const bad = (text: string) => {
    const r = parseProbeTarget(text, ja);
    assert.ok(!r.ok);
    return r.error.message;
  };
  assert.equal(bad(''), 'ポート（例: 80）か、ポートとパス（例: 80/test.txt）を入力してください');
  assert.equal(bad('http'), '"http" はポート番号（1-65535）ではありません');
  assert.equal(bad('70000'), 'ポート 70000 は 1-65535 の範囲外です');
  assert.equal(bad('80/a b'), 'パスに空白や制御文字は使えません');
  const en = parseProbeTarget('70000');
  assert.ok(!en.ok && en.error.message === 'port 70000 is outside 1-65535');
  assert.equal(demoTarget(ja).label, 'vps-doctor-demo（模擬 OpenVZ ホスト）');
  assert.equal(demoTarget().label, 'vps-doctor-demo (simulated OpenVZ host)');
});

test('a beancounter file that does not parse: the tree item and "analyse file" say why in Japanese', () => {
  const bad = analyzeBeancounterText('Version: 2.5\nfoo bar\n', '/tmp/ubc.txt', undefined, ja);
  assert.ok(!bad.ok);
  assert.equal(
    formatParseError(bad.error, ja),
    '/tmp/ubc.txt:2: 列見出し "uid resource held maxheld barrier limit failcnt" があるはずの行が "foo bar" になっています',
  );
  assert.equal(
    formatParseError(bad.error),
    '/tmp/ubc.txt:2: expected the column header "uid resource held maxheld barrier limit failcnt" but found "foo bar"',
  );
  const view = viewOf(SEED);
  view.snapshot = snapshot({ state: 'error', error: bad.error });
  const node = beancounterSection(HOST, view, t, [], ja)!;
  assertJapanese(node.data.description, 'error description');
  assertJapanese(node.data.tooltip, 'error tooltip');
  assert.equal(beancounterSection(HOST, view, formatMessage)!.data.description, bad.error.message);
});

test('Add Host: the input box says why user@host:port is not a host in Japanese; English unchanged', () => {
  const cases: [string, string, string][] = [
    [
      'root@-x',
      '"root@-x" のホスト名が不正です（IPv6 アドレスは [ ] で囲んでください）',
      'invalid host name in "root@-x" (IPv6 addresses go in brackets)',
    ],
    ['a b@host', '"a b@host" のユーザー名が不正です', 'invalid user name in "a b@host"'],
    ['[2001:db8::1', '"[2001:db8::1" に "]" がありません', 'missing "]" in "[2001:db8::1"'],
    [
      '[2001:db8::1]x',
      '"[2001:db8::1]x" の "]" の後に余分な文字があります',
      'unexpected text after "]" in "[2001:db8::1]x"',
    ],
    ['[vps]', '"[vps]" の IPv6 アドレスが不正です', 'invalid IPv6 address in "[vps]"'],
    [
      'vps:70000',
      '"vps:70000" のポート番号が不正です（1〜65535 を指定してください）',
      'invalid port in "vps:70000" (want 1-65535)',
    ],
  ];
  for (const [typed, jaText, enText] of cases) {
    assert.equal(hostSpecProblem(typed, ja), jaText, typed);
    assertJapanese(hostSpecProblem(typed, ja), typed);
    assert.equal(hostSpecProblem(typed), enText, typed);
  }
  assert.equal(hostSpecProblem('admin@203.0.113.7:22', ja), undefined);
  assert.equal(hostSpecProblem('  ', ja), undefined);
});

/** An error shaped as ssh2 emits it: a message plus `level`, and `code` for socket errors. */
const ssh2Error = (message: string, level: string, code?: string): Error =>
  Object.assign(new Error(message), { level }, code === undefined ? {} : { code });

test('SSH errors in the tree, the status bar and a failed watch round: from their message ids, in Japanese', () => {
  const where = 'admin@203.0.113.7:22';
  const refused = classifySshError(
    ssh2Error('connect ECONNREFUSED 203.0.113.7:22', 'client-socket', 'ECONNREFUSED'),
    where,
  );
  const target = { id: HOST, label: 'vps1', alias: 'vps1', source: 'ssh-config' as const };
  const failed = {
    kind: 'failed' as const,
    error: { kind: refused.kind, message: refused.message, retryable: refused.retryable, phrase: refused.phrase },
  };
  const input = { target, latest: undefined, virtualization: undefined, baseline: undefined, history: [], nowMs: T };
  const jaText = sshErrorText(refused, ja);
  assertJapanese(jaText, 'refused');
  assert.ok(jaText.includes(where), 'the address is kept');

  const node = hostTreeModel({ ...input, state: failed }, t, ja);
  assert.equal(node.data.description, t('error: {0}', jaText));
  assert.ok(node.data.description!.endsWith(jaText));
  assert.ok(node.data.tooltip!.replace(/\\/g, '').includes(jaText));
  assert.equal(statusView('vps1', failed, undefined, t, ja)?.tooltip, `VPS Doctor: vps1: ${jaText}`);
  // English: the message the session carried, as before.
  assert.equal(hostTreeModel({ ...input, state: failed }, formatMessage).data.description, `error: ${refused.message}`);
  assert.equal(statusView('vps1', failed, undefined, formatMessage)?.tooltip, `VPS Doctor: vps1: ${refused.message}`);

  const lost = {
    kind: 'reconnecting' as const,
    attempt: 2,
    nextAttemptInMs: 4000,
    lastError: refused.message,
    lastErrorPhrase: refused.phrase,
  };
  assert.ok(
    hostTreeModel({ ...input, state: lost }, t, ja)
      .data.tooltip!.replace(/\\/g, '')
      .includes(jaText),
  );

  // Samples failing on a live connection because of an SSH error (a dropped channel): its words, in Japanese.
  const sampling = {
    kind: 'connected' as const,
    sinceMs: 0,
    sampleProblem: { reason: 'closed', message: refused.message, phrase: refused.phrase, consecutive: 3, atMs: T },
  };
  const sampled = hostTreeModel({ ...input, state: sampling }, t, ja);
  assert.ok(sampled.data.description!.endsWith(t('sample failed: {0}', jaText)), sampled.data.description);
  assert.ok(sampled.data.tooltip!.replace(/\\/g, '').includes(jaText));

  // A watch round that could not reach the host: the failure keeps the id, the timeline shows it in Japanese.
  const failure = classifyRoundFailure(refused)!;
  assert.equal(failure.message, refused.message);
  const round = failedRound(
    4,
    { label: 'vps1', host: '203.0.113.7', port: 80 },
    T,
    1000,
    JSON.parse(JSON.stringify(failure)),
  );
  assert.equal(round.summary, `Unreachable: ${refused.message}`, 'the stored summary stays English');
  assert.equal(timelineView('vps1', [round], undefined, ja).rounds[0]!.title, `到達不能：${jaText}`);
  assert.equal(timelineView('vps1', [round]).rounds[0]!.title, round.summary);
});

test("ping output that does not add up: the parser's reason in Japanese inside the PingError, English unchanged", async () => {
  const output = [
    'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.',
    '64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.040 ms',
    '',
    '--- 127.0.0.1 ping statistics ---',
    '2 packets transmitted, 2 received, 0% packet loss, time 1001ms',
  ].join('\n');
  const err = await runPingWith(
    { platform: 'linux', probe: async () => ({ output }) },
    { host: '127.0.0.1', count: 2 },
  ).then(
    () => assert.fail('one reply read against two in the summary is refused'),
    (e: unknown) => e as PingError,
  );
  assert.ok(err instanceof PingError);
  assert.equal(
    err.message,
    'Ping output not understood: ping output:5: the summary reports 2 received but 1 replies were read',
  );
  const text = sshErrorText(err, ja);
  assert.match(text, /要約では受信 2 ですが、読み取れた応答は 1 です/);
  assertJapanese(text, err.message);
});

test('a PingError and a burst keep-alive failure: their reasons in Japanese, the English message and stored text unchanged', async () => {
  const err = await runPing({ host: '-f', count: 1 }).then(
    () => assert.fail('a host like a flag is refused'),
    (e: unknown) => e as PingError,
  );
  assert.ok(err instanceof PingError);
  assert.equal(err.message, 'Not a host name or IP address: "-f"');
  assert.equal(
    sshErrorText(err, ja),
    'ホスト名でも IP アドレスでもありません: "-f"',
    'what the command boundary shows',
  );
  const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  const stored = [
    `the keep-alive connection failed: ${describeConnectError(reset).meaning}`,
    `the keep-alive connection failed: ${describeConnectError(new Error('socket hang up')).meaning}`,
    'no complete response within 5000 ms',
    'the server ended keep-alive after 3 request(s) (Connection: close)',
    'the server closed the keep-alive connection',
    `the held connection failed during the burst: ${describeConnectError(Object.assign(new Error('x'), { code: 'EWEIRD' })).meaning}`,
  ];
  for (const text of stored) {
    // Node's own words ("socket hang up") stay as they are.
    if (!text.includes('socket hang up')) assertJapanese(keepAliveErrorText(text, ja), text);
    assert.equal(keepAliveErrorText(text), text, 'English is the stored text');
  }
  assert.equal(keepAliveErrorText(stored[2]!, ja), '5000 ms 以内に完全な応答がありませんでした');
  assert.equal(
    keepAliveErrorText(stored[1]!, ja),
    'keep-alive 接続でエラーが発生しました: 接続に失敗しました: socket hang up',
  );
  assert.equal(
    keepAliveErrorText(stored[5]!, ja),
    'バースト中に保持していた接続でエラーが発生しました: 接続が EWEIRD で失敗しました',
  );
});

test('a diagnosis in VS Code: the skipped ping and a failed server sample are told in Japanese', async () => {
  const warnings: string[] = [];
  const ping = await pingOrWarn({
    target: { label: 'vps1', host: '127.0.0.1', port: 80 },
    // A host the ping refuses (it reads like a flag): the warning is all that comes of it.
    pingHost: '-f',
    pingCount: 1,
    onWarning: (m) => warnings.push(m),
    l: ja,
  });
  assert.equal(ping, undefined);
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0], 'ping は省略しました: ホスト名でも IP アドレスでもありません: "-f"');
  assertJapanese(warnings[0], 'skipped ping');
  // A sample that timed out on the server: a typed sample error, told as the diagnosis's own.
  const failing = timedOutRunner();
  await assert.rejects(
    sample(
      {
        runner: failing,
        sample: { timeoutMs: 1000, maxOutputBytes: 1 << 20, useSudo: false },
        facts: undefined,
        l: ja,
      },
      'idle',
    ),
    (e: Error) =>
      e instanceof DiagnosisSampleError &&
      /^アイドル時対照の後のサーバーのサンプル取得に失敗しました: /.test(e.message),
  );
});
