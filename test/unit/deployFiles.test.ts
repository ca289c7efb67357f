/**
 * The files shipped under deploy/: the alert rules pass their `promtool test rules` unit tests, the scrape
 * config passes `promtool check config`, and the example fleet file is a valid fleet. (The dashboard's
 * expressions run against a real Prometheus in test/integration/exporterPrometheus.test.ts.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseFleet } from '../../src/core/exporter/fleetFile';
import { unwrap } from './remoteFixtures';

const DEPLOY = new URL('../../deploy/', import.meta.url).pathname;
const havePromtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
const skip =
  havePromtool || process.env['CI'] === 'true' ? false : 'promtool (Debian package prometheus) is not installed';

function promtool(args: string[], cwd: string): string {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `promtool ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

describe('deploy/', () => {
  it('every alert rule passes its promtool unit test', { skip }, () => {
    const out = promtool(['test', 'rules', 'vps-doctor.rules.test.yml'], join(DEPLOY, 'prometheus'));
    assert.match(out, /SUCCESS/);
    const tests = readFileSync(join(DEPLOY, 'prometheus', 'vps-doctor.rules.test.yml'), 'utf8');
    const rules = [
      ...readFileSync(join(DEPLOY, 'prometheus', 'vps-doctor.rules.yml'), 'utf8').matchAll(/^\s+- alert: (\w+)$/gm),
    ].map((m) => m[1]!);
    assert.deepEqual(rules, [
      'VpsDoctorFailcntGrowing',
      'VpsDoctorSynDropSignature',
      'VpsDoctorPingLoss',
      'VpsDoctorHostUnreachable',
    ]);
    for (const rule of rules) {
      assert.match(
        tests,
        new RegExp(`alertname: ${rule}\\n\\s+exp_alerts: \\[\\]`),
        `${rule} has a case where it must not fire`,
      );
      assert.match(
        tests,
        new RegExp(`alertname: ${rule}\\n\\s+exp_alerts:\\n\\s+- exp_labels:`),
        `${rule} has a case where it fires`,
      );
    }
  });

  it('the scrape config and its rule file pass promtool check config', { skip }, () => {
    assert.match(promtool(['check', 'config', 'prometheus.yml'], join(DEPLOY, 'prometheus')), /SUCCESS: 4 rules found/);
  });

  it('the example fleet file is a valid fleet', () => {
    const fleet = unwrap(
      parseFleet(readFileSync(join(DEPLOY, 'fleet.example.yml'), 'utf8'), 'fleet.example.yml', DEPLOY),
    );
    assert.deepEqual([...fleet.modules.keys()], ['snapshot', 'tcp_burst', 'ping', 'diagnose']);
    assert.equal(fleet.hosts.length, 2);
  });

  it('the systemd unit starts the exporter with the shipped fleet path and listen address', () => {
    const unit = readFileSync(join(DEPLOY, 'vps-doctor-exporter.service'), 'utf8');
    assert.match(
      unit,
      /^ExecStart=\/usr\/bin\/vps-doctor exporter --config \/etc\/vps-doctor\/fleet.yml --listen 127.0.0.1:9947$/m,
    );
    assert.match(unit, /^NoNewPrivileges=yes$/m);
    assert.match(readFileSync(join(DEPLOY, 'prometheus', 'prometheus.yml'), 'utf8'), /replacement: 127\.0\.0\.1:9947/);
  });
});
