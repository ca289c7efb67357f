import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeResource, type Severity } from '../../src/core/beancounters';
import {
  beancounterSection,
  resourceDescription,
  resourceLabel,
  resourceLines,
} from '../../src/host/tree/beancounterItems';
import { formatMessage as t } from './fakeTranslate';
import { SEED, snapshot, table, viewOf, withFailcnt } from './hostFixtures';

const HOST = 'manual:admin@203.0.113.7';
const grown = withFailcnt(withFailcnt(SEED, 'tcpsndbuf', 1_779_671), 'dgramrcvbuf', 85);

describe('beancounter nodes', () => {
  it('label the seed tcpsndbuf row with held / barrier / limit in human units and % of barrier', () => {
    const row = table(SEED).containers[0]!.resources.find((r) => r.name === 'tcpsndbuf')!;
    assert.equal(resourceLabel(row), 'tcpsndbuf  176.8 KiB / 1.6 MiB / 2.6 MiB (10.5%)');
    const unlimited = table(SEED).containers[0]!.resources.find((r) => r.name === 'kmemsize')!;
    assert.equal(resourceLabel(unlimited), 'kmemsize  54.2 MiB / unlimited / unlimited');
  });

  it('put growing resources first, then by severity, keeping the kernel order among equals', () => {
    const view = viewOf(grown, { prev: SEED, base: SEED, baselineAtMs: 1_000_000 - 300_000 });
    const lines = resourceLines(view, '12345', table(grown).containers[0]!.resources);
    assert.deepEqual(
      lines.slice(0, 2).map((l) => l.row.name),
      ['tcpsndbuf', 'dgramrcvbuf'],
      'tcpsndbuf grew by 12, dgramrcvbuf by 3',
    );
    const rank: Record<Severity, number> = { critical: 2, warn: 1, ok: 0 };
    for (let i = 1; i < lines.length; i++)
      assert.ok(
        rank[lines[i - 1]!.severity] >= rank[lines[i]!.severity],
        `${lines[i - 1]!.row.name} before ${lines[i]!.row.name}`,
      );
  });

  it('describe failcnt with its growth since the baseline (`+12 in 5 min`) and context `resource.failing`', () => {
    const view = viewOf(grown, { prev: SEED, base: SEED, baselineAtMs: 1_000_000 - 300_000 });
    const section = beancounterSection(HOST, view, t)!;
    const snd = section.children.find((n) => n.resource?.name === 'tcpsndbuf')!;
    assert.equal(snd.data.description, 'failcnt 1,779,671 · +12 in 5 min');
    assert.equal(snd.data.contextValue, 'resource.failing');
    assert.equal(snd.data.id, `${HOST}/bc/12345/tcpsndbuf`);
    assert.deepEqual(snd.data.icon, { id: 'error', color: 'list.errorForeground' });
    const quiet = section.children.find((n) => n.resource?.name === 'numproc')!;
    assert.equal(quiet.data.description, 'failcnt 0 · +0 in 5 min');
    assert.equal(quiet.data.contextValue, 'resource.ok');
    assert.equal(section.data.description, 'CT 12345 · 4 need attention');
  });

  it('show no growth on the first sample, when the baseline is this very sample', () => {
    const view = viewOf(SEED, { base: SEED });
    const snd = beancounterSection(HOST, view, t)!.children.find((n) => n.resource?.name === 'tcpsndbuf')!;
    assert.equal(snd.data.description, 'failcnt 1,779,659');
    assert.equal(
      snd.data.contextValue,
      'resource.warn',
      'cumulative failcnt without a second sample is a warning, not a failure now',
    );
  });

  it('show failcnt growth over the last hour and day from the stored history, across a container restart', () => {
    const view = viewOf(grown, { prev: SEED, base: SEED, baselineAtMs: 1_000_000 - 300_000 });
    const at = (minutesAgo: number, uptime: number, failcnt: number) => ({
      kind: 'sample' as const,
      atMs: 1_000_000_000 - minutesAgo * 60_000,
      uptimeSeconds: uptime,
      failcnt: { '12345.tcpsndbuf': failcnt },
    });
    const history = [
      at(300, 10_000, 1_000),
      at(120, 17_000, 5_000),
      at(50, 100, 20),
      at(30, 1_300, 620),
      at(0, 3_100, 1_620),
    ];
    const snd = beancounterSection(HOST, view, t, history)!.children.find((n) => n.resource?.name === 'tcpsndbuf')!;
    // Last hour: 620 - 20 + 1,620 - 620 = 1,600. Last day: + 4,000, then a restart (+20), then 1,600 more.
    assert.match(
      snd.data.tooltip!,
      /History: \+1,600 in the last hour \(stored samples over 50 min\); \+5,620 in the last day \(stored samples over 5 h, 1 restart\(s\)\)\./,
    );
    const quiet = beancounterSection(HOST, view, t, history)!.children.find((n) => n.resource?.name === 'numproc')!;
    assert.doesNotMatch(quiet.data.tooltip!, /History:/, 'no stored samples for that resource: nothing claimed');
  });

  it('explain in the tooltip what the resource is, what its failure breaks, and why its severity', () => {
    const view = viewOf(grown, { prev: SEED, base: SEED, baselineAtMs: 1_000_000 - 300_000 });
    const snd = beancounterSection(HOST, view, t)!.children.find((n) => n.resource?.name === 'tcpsndbuf')!;
    const tip = snd.data.tooltip!;
    const info = describeResource('tcpsndbuf');
    assert.ok(tip.includes(info.what.replace(/\./g, '\\.')), tip);
    assert.ok(tip.includes('**When it runs out:**'));
    assert.ok(tip.includes('Growth since the previous sample: +12.'));
    assert.ok(tip.includes('Growth since the baseline 5 min ago: +12.'));
    assert.match(tip, /\*\*Why critical:\*\*\n\n- failcnt grew by 12/);
  });

  it('escape server text in tooltips (a vz7 container name is printed as the kernel got it)', () => {
    const odd = SEED.replace('12345:', '[x](command:evil):');
    const section = beancounterSection(HOST, viewOf(odd), t)!;
    const tip = section.children[0]!.data.tooltip!;
    assert.ok(!tip.includes('[x](command:evil)'), tip);
    assert.ok(tip.includes('\\[x\\]\\(command:evil\\)'));
  });

  it('list containers of a host node, worst first, each with its resources', () => {
    const header = SEED.split('\n').slice(0, 2);
    const body = (text: string) =>
      text
        .split('\n')
        .slice(2)
        .filter((l) => l.trim() !== '');
    const other = body(SEED).map((l, i) => (i === 0 ? l.replace('12345:', '  101:') : l));
    const file = (mine: string) => [...header, ...other, ...body(mine)].join('\n') + '\n';
    // Both containers carry the seed's warnings; only 12345 is failing now, so it comes first.
    const section = beancounterSection(HOST, viewOf(file(grown), { prev: file(SEED) }), t)!;
    assert.deepEqual(
      section.children.map((c) => c.data.label),
      ['Container 12345', 'Container 101'],
    );
    assert.equal(section.data.description, '2 containers');
    assert.equal(section.children[0]!.children.length, table(SEED).containers[0]!.resources.length);
    assert.equal(section.children[0]!.data.contextValue, 'container.critical');
    assert.equal(section.children[1]!.data.contextValue, 'container.warn');
    assert.equal(section.children[0]!.children[0]!.data.id, `${HOST}/bc/12345/tcpsndbuf`);
  });

  it('offer the sudoers line when the file needs root, and say why', () => {
    const line = 'admin ALL=(root) NOPASSWD: /usr/bin/cat /proc/user_beancounters';
    const view = viewOf(SEED);
    view.snapshot = snapshot({
      state: 'unavailable',
      reason: 'needsRoot',
      sudo: 'passwordRequired',
      sudoMessage: 'sudo: a password is required',
      sudoersLine: line,
      advice: 'Reading needs root.',
    });
    const node = beancounterSection(HOST, view, t)!;
    assert.equal(node.data.contextValue, 'beancounters.needsRoot.sudoersLine');
    assert.equal(node.sudoersLine, line);
    assert.deepEqual(node.children, []);
    assert.ok(node.data.tooltip!.includes('```\n' + line + '\n```'));
    view.snapshot = snapshot({
      state: 'unavailable',
      reason: 'needsRoot',
      sudo: 'notTried',
      sudoMessage: null,
      sudoersLine: null,
      advice: 'Turn on sudo.',
    });
    assert.equal(beancounterSection(HOST, view, t)!.data.contextValue, 'beancounters.needsRoot');
  });

  it('leave the section out on hosts without beancounters, and report an unreadable file', () => {
    const view = viewOf(SEED);
    view.snapshot = snapshot({ state: 'missing' });
    assert.equal(beancounterSection(HOST, view, t), undefined);
    view.snapshot = snapshot({
      state: 'error',
      error: { kind: 'parse', source: '/proc/user_beancounters', line: 3, message: 'bad row' },
    });
    const node = beancounterSection(HOST, view, t)!;
    assert.equal(node.data.contextValue, 'beancounters.error');
    assert.equal(node.data.description, 'bad row');
  });

  it('growth text after a container restart says so', () => {
    const line = resourceLines(viewOf(SEED), '12345', table(SEED).containers[0]!.resources)[0]!;
    line.sinceBaseline = {
      containerId: '12345',
      name: line.row.name,
      failcntDelta: 7,
      reset: true,
      ratePerMinute: null,
    };
    assert.equal(
      resourceDescription(line, 120_000, t),
      `failcnt ${line.row.failcnt.toLocaleString('en-US')} · restarted, +7 in 2 min`,
    );
  });

  it('sort any mix of failcnt growth by severity, never putting a quieter row first (property)', () => {
    const names = table(SEED).containers[0]!.resources.map((r) => r.name);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: names.length, maxLength: names.length }), (growth) => {
        let cur = SEED;
        names.forEach((n, i) => {
          if (n !== 'dummy') cur = withFailcnt(cur, n, table(SEED).containers[0]!.resources[i]!.failcnt + growth[i]!);
        });
        const view = viewOf(cur, { prev: SEED });
        const lines = resourceLines(view, '12345', table(cur).containers[0]!.resources);
        const rank: Record<Severity, number> = { critical: 2, warn: 1, ok: 0 };
        for (let i = 1; i < lines.length; i++) {
          const [a, b] = [lines[i - 1]!, lines[i]!];
          if (rank[a.severity] < rank[b.severity]) return false;
          if (a.severity === b.severity && (a.delta?.failcntDelta ?? 0) < (b.delta?.failcntDelta ?? 0)) return false;
        }
        return lines.length === names.length;
      }),
      { numRuns: 200 },
    );
  });
});
