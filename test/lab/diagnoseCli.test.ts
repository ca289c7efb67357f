/**
 * The product end to end in the lab, as a user runs it: `vps-doctor diagnose` in the client namespace
 * reaches a real OpenSSH sshd in the vps namespace (host key checked against known_hosts, key auth),
 * samples the vps's counters over that connection, bursts the vps's web server through the router's
 * per-source SYN limit, pings it, and prints RESULT.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADDR, labFor, labTest } from './helpers/lab';
import { labSsh } from './helpers/labSsh';

const PORT = 8080;

const routerSynLimit = `
table inet lab {
  chain fwd_c {
    type filter hook forward priority 0;
    ip daddr ${ADDR.vps} tcp dport ${PORT} tcp flags & (syn|ack) == syn meter synm { ip saddr limit rate over 3/second burst 4 packets } drop
  }
}
`;

labTest(
  'vps-doctor diagnose over a real sshd in the vps: upstream-syn-filter, with the RESULT.json contract',
  async (t) => {
    const lab = await labFor(t);
    await lab.start(lab.vps, [
      process.execPath,
      '--import',
      'tsx',
      'test/lab/helpers/labServer.ts',
      'http',
      String(PORT),
    ]);
    await lab.nft(lab.router, routerSynLimit);
    const { sshd, dir, config } = await labSsh(t, lab);
    const result = join(dir, 'result.json');
    const r = await lab.exec(
      lab.client,
      [
        'env',
        `XDG_STATE_HOME=${dir}`,
        process.execPath,
        '--import',
        'tsx',
        'src/cli/main.ts',
        'diagnose',
        'labvps',
        '-F',
        config,
        '--port',
        String(PORT),
        '--http',
        '/',
        '--ping-count',
        '100',
        '--json',
        '-o',
        result,
      ],
      180_000,
    );
    assert.equal(r.code, 0, `${r.stderr}\n${sshd.log().slice(-2000)}`);
    const j = JSON.parse(r.stdout);
    t.diagnostic(`${j.verdict} (${j.confidence}): ${JSON.stringify(j.burst.summary)}`);
    assert.deepEqual(JSON.parse(readFileSync(result, 'utf8')), j, '-o writes the same RESULT.json');
    assert.equal(j.schema, 'vps-doctor/result');
    assert.equal(j.verdict, 'upstream-syn-filter');
    assert.equal(typeof j.summary, 'string');
    assert.equal(j.burst.attempts, 32);
    assert.ok(j.burst.delayed > 0, 'the filter delayed some connects');
    assert.equal(typeof j.burst.failed, 'number');
    assert.equal(j.burst.keepAlive.failed, 0, 'the keep-alive control is unaffected');
    assert.equal(j.ping.sent, 100);
    assert.equal(j.ping.received, 100);
    assert.equal(j.ping.lossCi95.length, 2);
    assert.ok(j.ping.lossCi95[0] === 0 && j.ping.lossCi95[1] > 0 && j.ping.lossCi95[1] < 0.05);
    assert.equal(j.server.deltas['Ip.InReceives-InDelivers'], 0, 'nothing died on the vps');
    // Every connection the client made completed its handshake on the vps: the delayed SYNs did arrive in the end.
    const connected = 1 + j.burst.attemptLog.filter((a: { connectMs: number | null }) => a.connectMs !== null).length;
    assert.ok(
      j.server.deltas['Tcp.PassiveOpens'] >= connected,
      `PassiveOpens ${j.server.deltas['Tcp.PassiveOpens']} < ${connected} connected`,
    );
    assert.equal(j.demo, false);
    assert.equal(j.target.host, ADDR.vps, 'benchmarking addresses (198.18.0.0/15) identify nothing and are not masked');
  },
);
