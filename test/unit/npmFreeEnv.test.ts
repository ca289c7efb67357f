import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { npmFreeEnv } from '../e2e/helpers/codeServer';

// The e2e tier installs Node 24 and code-server with an npm started from inside `npm test`; the outer
// npm's variables must not reach it (code-server's postinstall reads the Node version from
// npm_config_user_agent).
test('npmFreeEnv drops every variable an enclosing npm run sets, and keeps the rest', () => {
  const env = npmFreeEnv({
    PATH: '/usr/bin',
    HOME: '/root',
    npm_config_user_agent: 'npm/10.8.2 node/v20.19.0 linux x64',
    npm_config_cache: '/root/.npm',
    npm_lifecycle_event: 'test',
    npm_package_name: 'vps-doctor',
    NPM_CONFIG_PREFIX: '/usr/local',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  });
  assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/root' });
});

test('an npm started with npmFreeEnv does not see the outer user agent', () => {
  const outer = { ...process.env, npm_config_user_agent: 'npm/10.8.2 node/v20.0.0 linux x64' };
  const r = spawnSync('npm', ['config', 'get', 'user-agent'], { env: npmFreeEnv(outer), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /node\/v20\.0\.0/);
  const leaked = spawnSync('npm', ['config', 'get', 'user-agent'], { env: outer, encoding: 'utf8' });
  assert.match(leaked.stdout, /node\/v20\.0\.0/, 'without the filter the outer value is read as configuration');
});
