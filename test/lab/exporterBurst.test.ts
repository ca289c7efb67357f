import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADDR, labFor, labTest, run, synLimit } from './helpers/lab';

/**
 * The exporter in the lab: one scrape of `tcp_burst` from the client namespace, across the router's per-source
 * SYN limit (the seed's upstream filter), answers with what the SYN-drop alert looks for.
 */
const PORT = 8080;

labTest(
  "one exporter scrape of tcp_burst (8 at 2) across the router's SYN limit shows the SYN-drop signature",
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
    await lab.nft(lab.router, synLimit('forward', 'fwd_c', PORT));
    const dir = mkdtempSync(join(tmpdir(), 'vpsd-lab-exporter-'));
    try {
      const fleet = join(dir, 'fleet.yml');
      // No SSH needed for a burst: probe_host names where it goes.
      writeFileSync(
        fleet,
        `hosts:\n  - target: vps\n    probe_host: ${ADDR.vps}\nmodules:\n  tcp_burst: { prober: tcp_burst, port: ${PORT} }\n`,
      );
      const r = await run(
        [
          'ip',
          'netns',
          'exec',
          lab.client,
          process.execPath,
          '--import',
          'tsx',
          'test/lab/helpers/exporterScrape.ts',
          fleet,
          'vps',
          'tcp_burst',
        ],
        { timeoutMs: 90_000 },
      );
      assert.equal(r.code, 0, r.stderr);
      const { status, body } = JSON.parse(r.stdout) as { status: number; body: string };
      t.diagnostic(
        body
          .split('\n')
          .filter((l) => l.startsWith('vpsdoctor_burst_'))
          .join('\n'),
      );
      assert.equal(status, 200);
      const value = (series: string): number => {
        const line = body.split('\n').find((l) => l.startsWith(`${series}{`) || l.startsWith(`${series} `));
        assert.ok(line, `${series} in the answer`);
        return Number(line.slice(line.lastIndexOf(' ') + 1));
      };
      assert.equal(value('vpsdoctor_probe_success'), 1);
      const labels = `host="${ADDR.vps}",target="${ADDR.vps}:${PORT}",mode="tcp"`;
      assert.equal(value(`vpsdoctor_burst_attempts{${labels}}`), 8);
      assert.ok(value(`vpsdoctor_burst_delayed_attempts{${labels}}`) >= 3, 'the limit delayed connects');
      // What VpsDoctorSynDropSignature alerts on: the lower Wilson bound above 10 % with the control fine.
      assert.ok(value(`vpsdoctor_burst_delayed_ci95_ratio{${labels},bound="lower"}`) > 0.1);
      assert.equal(value(`vpsdoctor_burst_keepalive_failed_requests{${labels}}`), 0);
      assert.equal(
        value(`vpsdoctor_burst_class_attempts{${labels},class="0"}`) >= 1,
        true,
        'the first connects went through',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
