import assert from 'node:assert/strict';
import { labFor, labTest } from './helpers/lab';
import { diagnoseInLab } from './helpers/scenario';

const PORT = 8081;

labTest('a listener with backlog 1 that never accepts -> accept-queue-overflow', async (t) => {
  const lab = await labFor(t);
  await lab.start(lab.vps, [
    process.execPath,
    '--import',
    'tsx',
    'test/lab/helpers/labServer.ts',
    'stuck',
    String(PORT),
  ]);
  const { burst, deltas, diagnosis } = await diagnoseInLab(lab, {
    name: 'accept-queue-overflow',
    port: PORT,
    baselineRttMs: 0,
  });
  t.diagnostic(`${diagnosis.verdict} (${diagnosis.confidence}): ${JSON.stringify(burst.summary)}`);
  assert.ok(burst.summary.failed > 0, 'connections beyond the queue time out');
  assert.ok(deltas['TcpExt.ListenOverflows'] > 0);
  assert.ok(deltas['TcpExt.ListenDrops'] >= deltas['TcpExt.ListenOverflows']);
  assert.equal(diagnosis.verdict, 'accept-queue-overflow');
  assert.equal(diagnosis.row, 5);
  assert.ok(diagnosis.evidence.some((e) => e.decisive && /ListenOverflows/.test(e.label)));
});
