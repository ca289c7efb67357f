/**
 * runFullDiagnosis end to end on this machine: the sampler through a LocalRunner over a fake OpenVZ proc tree
 * (the seed container), a real burst to a healthy loopback listener, and the report it assembles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { rmSync } from 'node:fs';
import { runFullDiagnosis, type DiagnosisStage } from '../../src/core/diagnosis/fullDiagnosis';
import { LocalRunner } from '../../src/core/remote/localRunner';
import { makeFakeRoot } from './remoteFixtures';

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((s) => s.on('error', () => undefined));
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

test('a healthy listener: stages in order, a healthy verdict, the seed beancounters and buffer risk; a ping that cannot run is skipped with a warning', async (t) => {
  const root = makeFakeRoot('openvz-root');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const { server, port } = await listen();
  t.after(() => server.close());
  const stages: DiagnosisStage[] = [];
  const warnings: string[] = [];
  const report = await runFullDiagnosis({
    runner: new LocalRunner({ root }),
    target: { label: 'fake', host: '127.0.0.1', port },
    // A host the ping refuses (it reads like a flag): the ping fails, the diagnosis must not.
    pingHost: '-f',
    count: 8,
    concurrency: 2,
    maxIdleMs: 200,
    sample: { timeoutMs: 10_000, maxOutputBytes: 1 << 20, useSudo: false },
    tool: { name: 'vps-doctor', version: 'test' },
    vantage: { side: 'local', host: 'laptop' },
    onStage: (s) => stages.push(s),
    onWarning: (m) => warnings.push(m),
  });
  assert.deepEqual(stages, ['snapshot', 'burst', 'idle', 'ping', 'verdict']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /the ping was skipped/);
  assert.equal(report.ping, undefined);
  assert.equal(report.burst.attempts.length, 8);
  assert.equal(report.burst.summary.delayed, 0);
  assert.equal(report.diagnosis.verdict, 'healthy');
  assert.equal(report.schema, 'vps-doctor/result');
  assert.equal(report.demo, false);
  assert.deepEqual(
    report.client.vantage,
    { side: 'local', host: 'laptop' },
    "the front end's vantage point is recorded as given",
  );
  const snd = report.beancounters?.containers[0]?.resources.find((r) => r.name === 'tcpsndbuf');
  assert.equal(snd?.barrier, 1720320);
  assert.equal(snd?.failcntDelta, 0, 'the fake tree does not change between the samples');
  assert.equal(report.bufferRisk?.grade, 'critical');
  assert.ok('Tcp.PassiveOpens' in report.server.deltas);
});
