/**
 * The CLI in Japanese: help, refusals, SSH errors and the text outputs follow LC_ALL/LC_MESSAGES/LANG or
 * `--lang`, with no English sentence left over; JSON outputs are the same in both languages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { Output } from '../../src/cli/io';
import { CLI_BUNDLES, cliLocalizer } from '../../src/cli/cliL10n';
import { timelineHtml } from '../../src/core/report/timelineHtml';
import { growthLine, snapshotText } from '../../src/cli/commands/snapshotText';
import { parseSample } from '../../src/core/remote/parseSample';
import { buildSnapshot } from '../../src/core/remote/snapshot';
import { SampleTracker } from '../../src/core/session/sampleTracker';
import { captured, FIXTURE_NONCE, hostFacts } from './remoteFixtures';
import { beancountersText, sampleFrame } from './sessionFakes';
import { planWatch, WATCH_LIMITS } from '../../src/core/watch/watchBudget';
import { budgetLine, roundLine, watchSummary } from '../../src/core/watch/watchText';
import { roundAt } from './watchFixtures';
import { watchMarkdown } from '../../src/core/report/watchMarkdown';
import { emit } from '../../src/cli/commands/diagnose';
import { parseResultJson } from '../../src/core/resultModel/resultParse';
import type { Localizer } from '../../src/shared/l10n/localizer';
import { phrase, renderPhrase, type Phrase } from '../../src/shared/l10n/phrase';
import { SamplingHealth } from '../../src/core/session/samplingHealth';
import { SessionHistory } from '../../src/core/session/sessionHistory';
import type { HistoryStore } from '../../src/core/history/historyStore';
import { logLine } from '../../src/cli/cliSession';
import { clientSynSchedule } from '../../src/core/probes/synSchedule';
import { synSourceText } from '../../src/core/probes/synScheduleSource';

const SEED = join(__dirname, '..', 'fixtures', 'seed_user_beancounters.txt');
const SYSCTL = join(__dirname, '..', 'fixtures', 'seed_sysctl.txt');
const LOCALE_VARS = ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const;

/** Runs the CLI in this process with only the given locale variables set (and any others given). */
async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const saved = new Map<string, string | undefined>();
  for (const k of [...LOCALE_VARS, ...Object.keys(env)]) saved.set(k, process.env[k]);
  for (const k of LOCALE_VARS) delete process.env[k];
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  const io: Output = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), isTty: false };
  try {
    return { code: await main(args, io), out, err };
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const JA = { LANG: 'ja_JP.UTF-8' };
const EN = { LANG: 'en_US.UTF-8' };

/** Words that are the same in every language: kernel columns, severities of the table, units, names. */
const IDENTIFIERS =
  /\b(?:held|maxheld|barrier|limit|failcnt|keep-alive|OpenVZ|Virtuozzo|SHA256|SYN|SYN-ACK|RST|TCP|HTTP|HTTPS|ICMP|JSON|HTML|Markdown|YAML|RESULT|README|Ctrl-C|SIGINT|SIGTERM|Wilson|Prometheus|OpenMetrics|OpenSSH|ProxyJump|HostName|User|IdentityFile|ssh-agent|known_hosts|ssh config|Host|RTT|DNS|VPN|PC|CA|IP|IPs|GiB|MiB|KiB|ms|min|null|at|verdict|confidence|burst|attempts|delayed|failed|keepAlive|ping|sent|received|lossCi95|pooled|server|deltas|changed|change|from|to|failure|kind|message|the|textfile|cron|ok)\b/g;

/**
 * Lines of Japanese output that read as an English sentence: three or more English words in a row once
 * commands, flags, paths, placeholders and identifiers are taken out. Synopsis lines are commands.
 */
function englishLines(text: string): string[] {
  return text.split('\n').filter((line) => {
    if (/^\s*vps-doctor [a-z]+ /.test(line) && !/[\u3040-\u30ff\u4e00-\u9fff]/.test(line)) return false;
    const stripped = line
      .replace(/`[^`]*`/g, ' ')
      .replace(/"[^"]*"/g, ' ')
      .replace(/\S*[/:._=@#$<>[\]{}0-9-]\S*/g, ' ')
      .replace(/\b[A-Z][A-Z0-9_]+\b/g, ' ')
      .replace(IDENTIFIERS, ' ');
    return /\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b/.test(stripped);
  });
}

test('the leak check itself: it flags an English sentence and passes identifiers and commands', () => {
  assert.deepEqual(englishLines('the host name does not resolve'), ['the host name does not resolve']);
  assert.deepEqual(englishLines('  --json            機械可読な出力（README を参照）'), []);
  assert.deepEqual(englishLines('  vps-doctor snapshot TARGET [-F ssh_config] [--json]'), []);
  assert.deepEqual(englishLines('tcpsndbuf (critical): held 1,728,696 B が barrier を超えています'), []);
});

test('--help and every command help are Japanese under LANG=ja, English under LANG=en', async () => {
  const ja = await run(['--help'], JA);
  assert.equal(ja.code, 0);
  assert.match(ja.out, /^vps-doctor: 小規模サーバーのネットワークとリソースの問題を診断します$/m);
  assert.match(ja.out, /^使い方:$/m);
  assert.deepEqual(englishLines(ja.out), []);
  const en = await run(['--help'], EN);
  assert.match(en.out, /^Usage:$/m);
  // Every command the help lists (test/unit/cliMain.test.ts checks that list against the commands).
  const commands = [...ja.out.matchAll(/^ {2}vps-doctor ([a-z]+) /gm)].map((m) => m[1]!);
  assert.ok(commands.length >= 10, commands.join(' '));
  for (const c of commands) {
    const own = await run([c, '--help'], JA);
    assert.equal(own.code, 0, c);
    assert.match(own.out, new RegExp(`^vps-doctor ${c} `), c);
    assert.match(own.out, /[\u3040-\u30ff\u4e00-\u9fff]/, c);
    assert.deepEqual(englishLines(own.out), [], c);
    const english = await run([c, '--help'], EN);
    assert.equal(english.out.split('\n')[0], own.out.split('\n')[0], `${c}: the synopsis is the same`);
    assert.doesNotMatch(english.out, /[\u3040-\u30ff\u4e00-\u9fff]/, c);
  }
});

test('--lang en wins over LANG=ja, --lang ja over LANG=en, and LC_ALL over LANG', async () => {
  assert.match((await run(['--lang', 'en', '--help'], JA)).out, /^Usage:$/m);
  assert.match((await run(['--help', '--lang=ja'], EN)).out, /^使い方:$/m);
  assert.match((await run(['--help'], { LANG: 'en_US.UTF-8', LC_ALL: 'ja_JP.UTF-8' })).out, /^使い方:$/m);
  assert.match((await run(['--help'], { LANG: 'fr_FR.UTF-8' })).out, /^Usage:$/m);
});

test('refusals and usage errors are Japanese, with their exit code 2', async () => {
  const cases: [string[], RegExp][] = [
    [['watch'], /^watch: TARGET を 1 つだけ指定してください（--help を参照）$/m],
    [['--lang', 'xx', '--help'], /^vps-doctor: --lang には en か ja を指定してください（"xx" は使えません）$/m],
    [['snapshot', '--bogus'], /^snapshot: 不明なオプション --bogus（--help を参照）$/m],
    [['burst', '--count', 'abc', '127.0.0.1:1'], /^--count には 1〜\d+ の整数を指定してください$/m],
    [['burst', 'nonsense'], /^"nonsense" は HOST:PORT の形式ではありません/m],
    [['diagnose', 'vps'], /^diagnose: --port P を指定してください/m],
    [['watch', 'vps', '--port', '80', '--interval', 'soon'], /^--interval には 90s、5m、2h、1d のような期間を/m],
    [['report', 'x.json'], /^report: --format には html、md、json のいずれかを指定してください$/m],
    [
      ['beancounters', '--file', '/nonexistent/ubc'],
      /^beancounters ファイル \/nonexistent\/ubc を読み取れません: ファイルがありません$/m,
    ],
    [['frobnicate'], /^vps-doctor: 不明なコマンド "frobnicate"$/m],
    [['ping', 'no such host!'], /^ping: ホスト名でも IP アドレスでもありません: "no such host!"$/m],
    [['watch', 'vps', '--port', '80', '--interval', '30s'], /^watch: 間隔は 1 分以上にしてください（指定値 30 秒）$/m],
  ];
  for (const [args, expected] of cases) {
    const r = await run(args, JA);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, expected, args.join(' '));
    assert.deepEqual(englishLines(r.err), [], args.join(' '));
    const en = await run(args, EN);
    assert.equal(en.code, 2);
    assert.doesNotMatch(en.err, /[\u3040-\u30ff\u4e00-\u9fff]/, args.join(' '));
  }
});

/** A loopback port nothing listens on: bound by us, then closed. */
async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('exporter --check names the fleet file and line in Japanese', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-ja-'));
  try {
    const fleet = join(dir, 'fleet.yml');
    writeFileSync(fleet, 'hosts:\n  - target: vps1\n  - target: vps1\nmodules:\n  snapshot: {}\n');
    const ja = await run(['exporter', '--config', fleet, '--check'], JA);
    assert.equal(ja.code, 2);
    assert.equal(ja.err.trim(), `exporter: ${fleet}:3: target vps1 が重複しています（最初は 2 行目）`);
    const en = await run(['exporter', '--config', fleet, '--check'], EN);
    assert.equal(en.err.trim(), `exporter: ${fleet}:3: target vps1 is listed twice (first on line 2)`);
    writeFileSync(fleet, 'hosts:\n  - target: vps1\nmodules:\n  snapshot: {}\n');
    const ok = await run(['exporter', '--config', fleet, '--check'], JA);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.out.trim(), `${fleet}: ホスト 1 台、モジュール snapshot (snapshot)`);
    // A bad user@host:port target and an unknown key of a host entry: the reasons in Japanese as well.
    writeFileSync(fleet, 'hosts:\n  - target: root@-x:22\nmodules:\n  snapshot: {}\n');
    const badSpec = await run(['exporter', '--config', fleet, '--check'], JA);
    assert.equal(badSpec.code, 2);
    assert.deepEqual(englishLines(badSpec.err), [], badSpec.err);
    writeFileSync(fleet, 'hosts:\n  - target: vps1\n    colour: red\nmodules:\n  snapshot: {}\n');
    const badKey = await run(['exporter', '--config', fleet, '--check'], JA);
    assert.equal(badKey.code, 2);
    assert.doesNotMatch(badKey.err, /a host entry/, badKey.err);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an SSH connection error is rendered from its message id: Japanese under LANG=ja, English otherwise', async () => {
  const state = mkdtempSync(join(tmpdir(), 'vpsd-ja-'));
  try {
    const port = await closedLoopbackPort();
    const target = `root@127.0.0.1:${port}`;
    const ja = await run(['snapshot', target], { ...JA, XDG_STATE_HOME: state });
    assert.equal(ja.code, 6, ja.err);
    assert.equal(
      ja.err.trim(),
      `snapshot: ${target} に到達できません: 接続を受け付けるプロセスがありません（connection refused）。sshd が動いているか、ポート番号が正しいか確認してください。`,
    );
    const en = await run(['snapshot', target, '--lang', 'en'], { ...JA, XDG_STATE_HOME: state });
    assert.equal(en.code, 6);
    assert.equal(
      en.err.trim(),
      `snapshot: Cannot reach ${target}: nothing accepts connections there. Check that sshd runs and the port is right.`,
    );
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});

test('a TARGET typed as user@host:port that does not parse: the reason in Japanese, English unchanged', async () => {
  const state = mkdtempSync(join(tmpdir(), 'vpsd-ja-'));
  try {
    const ja = await run(['snapshot', 'root@-x:22'], { ...JA, XDG_STATE_HOME: state });
    assert.equal(ja.code, 2, ja.err);
    assert.equal(
      ja.err.trim(),
      'snapshot: root@-x:22 に接続できません: host："root@-x:22" のホスト名が不正です（IPv6 アドレスは [ ] で囲んでください）。',
    );
    assert.deepEqual(englishLines(ja.err), []);
    const en = await run(['snapshot', 'root@-x:22'], { ...EN, XDG_STATE_HOME: state });
    assert.equal(en.code, 2);
    assert.equal(
      en.err.trim(),
      'snapshot: Cannot connect to root@-x:22: host: invalid host name in "root@-x:22" (IPv6 addresses go in brackets).',
    );
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});

test('an ssh config the resolver refuses: the reason in Japanese, English unchanged (no ssh client on PATH)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-ja-'));
  try {
    // An empty PATH: no ssh client, so VPS Doctor's own config reader resolves the alias and words its errors.
    const env = { XDG_STATE_HOME: dir, PATH: dir, HOME: dir };
    const cases: [string, string, string][] = [
      ['Host vps1\n  Port abc\n', 'Port の値 "abc" が不正です', 'invalid Port value "abc"'],
      [
        'Host vps1\n  IdentityFile ${VPSD_TEST_UNSET}/id\n',
        '"${VPSD_TEST_UNSET}/id" の中の環境変数 VPSD_TEST_UNSET が設定されていません',
        'environment variable VPSD_TEST_UNSET in "${VPSD_TEST_UNSET}/id" is not set',
      ],
      [
        'Host vps1\n  HostName %r.example\n',
        'HostName "%r.example" に %h と %% 以外のトークンがあります',
        'HostName "%r.example" has a token other than %h or %%',
      ],
      [
        'Host vps1\n  IdentityFile ~other/id\n',
        '"~other/id" を展開できません: 対応しているのは ~/ だけです',
        'cannot expand "~other/id": only ~/ is supported',
      ],
    ];
    for (const [i, [content, jaPart, enPart]] of cases.entries()) {
      const config = join(dir, `config${i}`);
      writeFileSync(config, content);
      const ja = await run(['snapshot', 'vps1', '-F', config], { ...JA, ...env });
      assert.equal(ja.code, 2, ja.err);
      assert.ok(ja.err.includes('ssh config を解決できませんでした'), ja.err);
      assert.ok(ja.err.includes(jaPart), ja.err);
      assert.deepEqual(englishLines(ja.err), [], ja.err);
      const en = await run(['snapshot', 'vps1', '-F', config], { ...EN, ...env });
      assert.equal(en.code, 2, en.err);
      assert.ok(en.err.includes(`the ssh config could not be resolved`), en.err);
      assert.ok(en.err.includes(enPart), en.err);
      assert.doesNotMatch(en.err, /[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('beancounters --file on a broken file: the line-naming reason in Japanese, English unchanged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-ja-'));
  try {
    const header =
      'Version: 2.5\n       uid  resource                     held              maxheld              barrier                limit              failcnt\n';
    const cases: [string, string, string][] = [
      ['', '出力が空です。"Version: 2.5" で始まる', 'the output is empty; expected /proc/user_beancounters'],
      [
        'bash: warning: setlocale\n',
        '先頭に "Version: 2.5" があるはずの行が',
        'expected the header "Version: 2.5" but found',
      ],
      [`${header}    12345:  kmemsize 1 2 3\n`, '必要な 6 個のフィールド', 'the row has 4 of the 6 fields it needs'],
      [
        `${header}    12345:  kmemsize 1 2 3 4 x\n`,
        'failcnt の値 "x" が 0 以上の整数ではありません',
        'kmemsize: failcnt "x" is not a whole non-negative number',
      ],
      [
        `${header}    12345:  kmemsize 1 2 3 4 5\n    12345:  numproc 1 2 3 4 5\n`,
        'コンテナ 12345 が 2 回出現しています（最初は 3 行目）',
        'container 12345 appears a second time (first on line 3)',
      ],
      [
        'cat: /proc/user_beancounters: Permission denied\n',
        'カーネルは root にしか読み取りを許可しません',
        'was refused: the kernel lets only root read it',
      ],
    ];
    for (const [i, [content, jaPart, enPart]] of cases.entries()) {
      const file = join(dir, `ubc${i}`);
      writeFileSync(file, content);
      const ja = await run(['beancounters', '--file', file], JA);
      assert.equal(ja.code, 2, ja.err);
      assert.ok(ja.err.startsWith(`${file}:`), ja.err);
      assert.ok(ja.err.includes(jaPart), ja.err);
      assert.deepEqual(englishLines(ja.err), [], ja.err);
      const en = await run(['beancounters', '--file', file], EN);
      assert.ok(en.err.includes(enPart), en.err);
      assert.doesNotMatch(en.err, /[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('session warnings on stderr: warn: lines with a phrase in Japanese, the English lines as the core wrote them', async () => {
  const ja = cliLocalizer('ja');
  const lines: ['info' | 'warn' | 'error', string, Phrase | undefined][] = [];
  const log = (level: 'info' | 'warn' | 'error', message: string, p?: Phrase) => void lines.push([level, message, p]);
  const health = new SamplingHealth(log);
  const timedOut = phrase('The remote command was killed by signal {0}', 'KILL');
  health.failed('timeout', renderPhrase(timedOut), 0, 'vps1', timedOut);
  health.failed('junk', 'garbled output', 0, 'vps1');
  for (let i = 0; i < 8; i++) health.failed('junk', 'garbled output', 0, 'vps1');
  const store = {
    read: () =>
      Promise.resolve({
        entries: [],
        recovered: {
          reason: 'h.jsonl:3: not a JSON object',
          reasonPhrase: phrase('{0}: {1}', 'h.jsonl:3', phrase('not a JSON object')),
          movedTo: '/s/h.corrupt',
        },
      }),
    append: () => Promise.reject(new Error('EACCES: permission denied')),
  } as unknown as HistoryStore;
  const history = new SessionHistory(store, 'ssh:vps1', 'vps1', log);
  history.load();
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(lines.length >= 3, JSON.stringify(lines));
  for (const [level, message, p] of lines) {
    assert.ok(p !== undefined, message);
    const en = logLine(level, message, p);
    assert.equal(en, `${level}: ${message}`, 'English is the line as written');
    const jaLine = logLine(level, message, p, ja);
    assert.match(jaLine, /^警告: /);
    assert.match(jaLine, /[\u3040-\u30ff\u4e00-\u9fff]/);
    assert.deepEqual(englishLines(jaLine.replace('garbled output', '')), [], jaLine);
  }
  assert.equal(
    logLine('warn', 'x', lines[0]![2], ja),
    '警告: vps1 のサンプリングに失敗しました: ' + renderPhrase(timedOut, ja),
  );
  assert.equal(
    lines.at(-1)![1],
    'The history of vps1 was damaged (h.jsonl:3: not a JSON object); it was moved to /s/h.corrupt and its readable entries kept.',
  );
  assert.match(logLine('warn', 'x', lines.at(-1)![2], ja), /（h\.jsonl:3：JSON オブジェクトではありません）/);
  assert.equal(
    logLine('info', 'Host key of vps1 OK.', undefined, ja),
    'info: Host key of vps1 OK.',
    'verbose details stay as written',
  );
});

test('the client SYN schedule source: identifiers kept, the prose around them in Japanese, English unchanged', () => {
  const ja = cliLocalizer('ja');
  const sysctl =
    (values: Record<string, string>) =>
    (name: string): string | undefined =>
      values[name];
  const cases: [Parameters<typeof clientSynSchedule>[0], string, string][] = [
    [
      {
        platform: 'linux',
        readSysctl: sysctl({ 'net.ipv4.tcp_syn_linear_timeouts': '4', 'net.ipv4.tcp_syn_retries': '6' }),
      },
      'Linux: tcp_syn_linear_timeouts = 4, tcp_syn_retries = 6',
      'Linux: tcp_syn_linear_timeouts = 4、tcp_syn_retries = 6',
    ],
    [
      { platform: 'linux', readSysctl: () => undefined },
      'Linux, kernel version unknown: exponential backoff from 1 s, tcp_syn_retries unreadable, default 6',
      'Linux（カーネルバージョン不明）: 1 秒からの指数バックオフ、tcp_syn_retries は読み取れず、デフォルトの 6',
    ],
    [
      { platform: 'linux', readSysctl: sysctl({ 'kernel.osrelease': '6.8.0-31-generic' }) },
      'Linux >= 6.5, tcp_syn_linear_timeouts unreadable: default 4 assumed, tcp_syn_retries unreadable, default 6',
      'Linux 6.5 以降、tcp_syn_linear_timeouts は読み取れず: デフォルトの 4 と仮定、tcp_syn_retries は読み取れず、デフォルトの 6',
    ],
    [
      { platform: 'darwin' },
      'darwin default (SYN backoff 1,1,1,1,1,2,4,8… s, gives up after 75 s)',
      'darwin のデフォルト（SYN のバックオフ 1,1,1,1,1,2,4,8… 秒、75 秒で打ち切り）',
    ],
    [
      { platform: 'win32' },
      'Windows default (initial RTO 3 s, 2 SYN retransmissions); Get-NetTCPSetting may differ',
      'Windows のデフォルト（初期 RTO 3 秒、SYN 再送 2 回）。Get-NetTCPSetting の設定によっては異なります',
    ],
  ];
  for (const [opts, en, jaText] of cases) {
    const source = clientSynSchedule(opts).source;
    assert.equal(source, en);
    assert.equal(synSourceText(source), en);
    assert.equal(synSourceText(source, ja), jaText);
    assert.deepEqual(englishLines(jaText), [], jaText);
  }
});

test('beancounters on the seed file: Japanese table and reasons, the same JSON in both languages', async () => {
  const ja = await run(['beancounters', '--file', SEED, '--sysctl', SYSCTL], JA);
  assert.equal(ja.code, 0, ja.err);
  assert.match(ja.out, /^コンテナ 12345$/m);
  assert.match(ja.out, /^リソース\s+held\s+maxheld\s+barrier\s+limit\s+held\/bar\s+max\/lim\s+failcnt\s+増加\s+状態$/m);
  assert.match(ja.out, /^tcpsndbuf \(注意\)$/m);
  assert.match(ja.out, /failcnt は 1,779,659 です。これはコンテナ起動以降に拒否された割り当ての累計で/);
  assert.match(ja.out, /failcnt はコンテナ起動以降の拒否回数の累計です。/);
  assert.deepEqual(englishLines(ja.out), []);
  const en = await run(['beancounters', '--file', SEED, '--sysctl', SYSCTL], EN);
  assert.match(en.out, /^Container 12345$/m);
  assert.match(en.out, /failcnt is 1,779,659: refused charges counted since the container started/);
  assert.doesNotMatch(en.out, /[\u3040-\u30ff\u4e00-\u9fff]/);
  const jsonJa = await run(['beancounters', '--file', SEED, '--sysctl', SYSCTL, '--json'], JA);
  const jsonEn = await run(['beancounters', '--file', SEED, '--sysctl', SYSCTL, '--json'], EN);
  assert.equal(jsonJa.out, jsonEn.out);
  assert.doesNotMatch(jsonJa.out, /[\u3040-\u30ff\u4e00-\u9fff]/);
});

test('snapshot text from a captured sample, and the --watch lines, in Japanese', () => {
  const ja = cliLocalizer('ja');
  const raw = parseSample(captured('sample-openvz-nobody-busybox.out'), FIXTURE_NONCE);
  assert.ok(raw.ok);
  const view = new SampleTracker().add(buildSnapshot(raw.value), Date.UTC(2024, 0, 1));
  const text = snapshotText(view, 'vps', false, ja);
  assert.match(text, /^vps: 2024年1月1日 00:00:00 UTC に取得、稼働時間 3 時間 25 分$/m);
  assert.match(text, /^カーネルカウンタ（起動時からの累計、このネットワーク名前空間）$/m);
  assert.match(text, /net\.ipv4\.tcp_wmem（バイト）\s+4,096 \/ 16,384 \/ 4,194,304/);
  assert.match(text, /nf_conntrack count \/ max\s+存在しない \/ 存在しない/);
  assert.match(text, /^root 権限が必要（未取得）: \/proc\/user_beancounters$/m);
  assert.deepEqual(englishLines(text), []);
  // The English text is unchanged by the seam.
  assert.match(snapshotText(view, 'vps', false), /^vps: sampled 2024-01-01T00:00:00\.000Z, up 3 h 25 min$/m);

  const t = new SampleTracker();
  const NONCE = '0123456789abcdef0123456789abcdef';
  const snap = (uptime: number, failcnt: Record<string, number>) => {
    const r = parseSample(Buffer.from(sampleFrame(NONCE, uptime, beancountersText(failcnt))), NONCE);
    assert.ok(r.ok);
    return buildSnapshot(r.value);
  };
  const at = Date.UTC(2024, 0, 1, 12, 0, 0);
  assert.equal(growthLine(t.add(snap(100, {}), at), ja), '12:00:00  最初のサンプル（基準）');
  assert.equal(growthLine(t.add(snap(110, {}), at + 10_000), ja), '12:00:10  failcnt の増加なし');
  assert.equal(
    growthLine(t.add(snap(120, { tcpsndbuf: 1779659 + 1200 }), at + 20_000), ja),
    '12:00:20  CT 12345 tcpsndbuf +1,200 (毎分 7,200)',
  );
});

test('the virtualisation and its evidence: classified again in Japanese for snapshot and diagnose text, JSON unchanged', async () => {
  const ja = cliLocalizer('ja');
  const ct = hostFacts({ envId: '12345', exists: { 'proc/vz': true, 'proc/user_beancounters': true } });
  const raw = parseSample(captured('sample-openvz-nobody-busybox.out'), FIXTURE_NONCE);
  assert.ok(raw.ok);
  const view = new SampleTracker().add(buildSnapshot(raw.value, ct), Date.UTC(2024, 0, 1));
  const text = snapshotText(view, 'vps', false, ja);
  assert.match(text, /^仮想化: OpenVZ コンテナ（CT 12345）$/m);
  assert.match(text, /^ {2}- \/proc\/self\/status に envID: 12345 がある$/m);
  assert.deepEqual(englishLines(text), []);
  const en = snapshotText(view, 'vps', false);
  assert.match(en, /^Virtualisation: OpenVZ container \(CT 12345\)$/m);
  assert.match(en, /^ {2}- \/proc\/self\/status has envID: 12345$/m);

  const report = parseResultJson(
    readFileSync(join(__dirname, '..', 'fixtures', 'report', 'upstream-filter.result.json'), 'utf8'),
    'upstream-filter.result.json',
  );
  assert.ok(report.ok);
  const r = { ...report.value, server: { ...report.value.server, virtualization: 'OpenVZ container (CT 12345)' } };
  const printed = async (l?: Localizer, json = false): Promise<string> => {
    let out = '';
    const io: Output = { out: (t) => (out += t + '\n'), err: () => {}, isTty: false, ...(l ? { l } : {}) };
    await emit(r, io, { json, publicIps: true, facts: ct });
    return out;
  };
  const jaText = await printed(ja);
  assert.match(jaText, /サーバー: OpenVZ コンテナ（CT 12345）/);
  assert.doesNotMatch(jaText, /OpenVZ container/);
  assert.match(await printed(), /server: OpenVZ container \(CT 12345\)/);
  assert.equal(await printed(ja, true), await printed(undefined, true), 'RESULT.json keeps the English label');
});

test('watch: the start banner, the round lines and the Ctrl-C summary in Japanese', () => {
  const ja = cliLocalizer('ja');
  const plan = planWatch({}, WATCH_LIMITS);
  const banner = budgetLine('vps1', 80, plan, ja);
  assert.match(
    banner,
    /^vps1 のポート 80 を 5 分ごとに 1 日にわたって監視します: 1 ラウンドあたり新規接続 32 本（同時 4 本）/,
  );
  const T = Date.UTC(2026, 10, 26, 20, 55);
  const verdicts = ['healthy', 'upstream-syn-filter', null, 'healthy'] as const;
  const rounds = verdicts.map((v, i) =>
    roundAt(i + 1, T + i * 300_000, v, v === null ? { kind: 'unreachable', message: 'refused' } : undefined),
  );
  const line = roundLine(rounds[1]!, ja);
  assert.match(
    line,
    /^#2 \d\d:\d\d:\d\d {2}上流の SYN フィルタ \(高\) {2}バースト 16 本: 遅延 9、失敗 0、接続時間の中央値/,
  );
  assert.match(roundLine(rounds[2]!, ja), /^#3 \d\d:\d\d:\d\d {2}失敗 /);
  const summary = watchSummary(rounds, rounds, ja);
  assert.match(summary, /^今回 4 ラウンド（失敗 1）。ホストのタイムライン全体では 4 ラウンド。\n判定: /);
  assert.match(summary, /SYN 破棄のパターンは 1 ラウンド中 1 ラウンドで見られました/);
  assert.deepEqual(englishLines([banner, line, summary].join('\n')), []);
});

test('watch --markdown in Japanese: headings, table and the window sentence; English unchanged', () => {
  const ja = cliLocalizer('ja');
  const T = Date.UTC(2026, 10, 26, 20, 55);
  const rounds = (['healthy', 'upstream-syn-filter', null] as const).map((v, i) =>
    roundAt(i + 1, T + i * 300_000, v, v === null ? { kind: 'unreachable', message: 'refused' } : undefined),
  );
  const utc = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  const text = watchMarkdown(rounds, { time: utc, l: ja });
  assert.match(text, /^# VPS Doctor 監視: vps1$/m);
  assert.match(text, /^## 監視でわかったこと$/m);
  assert.match(text, /^\| # \| 時刻 \| 判定 \| SYN 破棄 \|/m);
  assert.match(text, /21:00 のラウンドで、SYN 破棄のパターンは 1 ラウンド中 1 ラウンドで見られました/);
  assert.match(text, /VPS Doctor 手法解説 §3\.6/, 'the method citation in Japanese too');
  assert.doesNotMatch(text, /VPS Doctor method/);
  assert.match(watchMarkdown(rounds, { time: utc }), /^## What the watch found$/m);
});

test('watch --html: the timeline page carries the language, its bundle and the Japanese headline', () => {
  const ja = cliLocalizer('ja');
  const T = Date.UTC(2026, 10, 26, 20, 55);
  const rounds = (['healthy', 'upstream-syn-filter'] as const).map((v, i) => roundAt(i + 1, T + i * 300_000, v));
  const assets = { script: 'void 0;', css: 'body{}' };
  const page = timelineHtml('vps1', rounds, assets, { l: ja, bundle: CLI_BUNDLES.ja! });
  assert.match(page, /<html lang="ja">/);
  assert.match(page, /<title>VPS Doctor 監視: vps1<\/title>/);
  assert.match(page, /21:00 のラウンドで、SYN 破棄のパターンは 1 ラウンド中 1 ラウンドで見られました/);
  assert.match(page, /"VPS Doctor watch: \{0\}":"VPS Doctor 監視: \{0\}"/, 'the bundle for the page script');
  assert.match(timelineHtml('vps1', rounds, assets), /<html lang="en">/);
});
