// Child of activationBench.ts, one fresh Node per measurement so nothing is cached:
//   node activationChild.mjs <fakeVscode.cjs> <bundle.js> <activate|require> <scratch dir>
// Requires the bundle with `vscode` answered by the fake and `cpu-features` refused (as in a packaged
// extension, where the optional addon is absent; ssh2 asks for it at load, so a request means ssh2 ran),
// calls activate() in `activate` mode, and prints one JSON line: times in ms, memory in bytes.
import Module, { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [fakePath, bundlePath, mode, scratch] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { createFakeVscode, emptyRecord } = require(fakePath);
// An empty ssh config of our own, so the machine's ~/.ssh/config cannot change what activation does.
const sshConfig = join(scratch, 'ssh_config');
writeFileSync(sshConfig, '');
const fake = createFakeVscode(emptyRecord({ 'vpsDoctor.ssh.configFile': sshConfig }));

let ssh2 = false;
const original = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return fake;
  if (request === 'cpu-features') {
    ssh2 = true;
    throw new Error('cpu-features is not installed');
  }
  return original.call(this, request, parent, isMain);
};

const t0 = process.hrtime.bigint();
const ext = require(bundlePath);
const t1 = process.hrtime.bigint();
// What activate reads of its ExtensionContext (as in test/unit/hostActivation.test.ts): storage, global state,
// the extension's folder and the side it runs on.
const state = new Map();
const context = {
  subscriptions: [],
  globalStorageUri: { fsPath: join(scratch, 'store') },
  extensionUri: { fsPath: scratch },
  extension: { extensionKind: 1 /* ExtensionKind.UI */ },
  globalState: {
    get: (k) => state.get(k),
    update: async (k, v) => void state.set(k, v),
    keys: () => [...state.keys()],
  },
};
if (mode === 'activate') ext.activate(context);
const t2 = process.hrtime.bigint();
const mem = process.memoryUsage();
console.log(
  JSON.stringify({
    requireMs: Number(t1 - t0) / 1e6,
    activateMs: Number(t2 - t1) / 1e6,
    ssh2,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
  }),
);
for (const d of context.subscriptions) d.dispose();
// Timers a disposed extension may leave must not keep this measurement alive.
process.exit(0);
