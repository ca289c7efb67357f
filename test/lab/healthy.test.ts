import assert from 'node:assert/strict';
import { labFor, labTest } from './helpers/lab';
import { diagnoseInLab } from './helpers/scenario';

const PORT = 8080;

labTest('no filter -> healthy, three runs in a row without a false alarm', async (t) => {
  const lab = await labFor(t);
  await lab.start(lab.vps, [
    process.execPath,
    '--import',
    'tsx',
    'test/lab/helpers/labServer.ts',
    'http',
    String(PORT),
  ]);
  for (let run = 1; run <= 3; run++) {
    const { burst, deltas, diagnosis } = await diagnoseInLab(lab, {
      name: `healthy-${run}`,
      port: PORT,
      httpPath: '/',
    });
    t.diagnostic(`run ${run}: ${diagnosis.verdict} (${diagnosis.confidence}): ${JSON.stringify(burst.summary)}`);
    assert.equal(burst.summary.delayed, 0);
    assert.equal(burst.summary.failed, 0);
    // Every burst connect, the baseline connects and the control reached the listener.
    assert.ok(deltas['Tcp.PassiveOpens'] >= burst.attempts.length);
    assert.equal(diagnosis.verdict, 'healthy', `run ${run}: ${diagnosis.explanation}`);
    assert.equal(diagnosis.confidence, 'high');
  }
});
