/**
 * Everything the extension needs only once a host, a probe or the demo is used: the SSH session (and with it
 * ssh2), the probes, the diagnosis and the demo host. The build bundles this file apart as dist/lazy.js, so
 * activation neither loads nor even parses it; `loadLazy()` requires it on first use.
 */
export { HostSession } from '../core/session/hostSession';
export { runBurst } from '../core/probes/burst';
export { runSweep } from '../core/probes/sweep';
export { runPing } from '../core/probes/ping';
export { runFullDiagnosis } from '../core/diagnosis/fullDiagnosis';
export { identityPublicBlob } from '../core/ssh/identityFile';
export { startDemoHost } from '../demo/demoHost';
export { runWatch } from '../core/watch/runWatch';
export { sessionRound } from '../core/watch/sessionRound';
export { classifyRoundFailure } from '../core/watch/roundFailure';
export { WatchHistory } from '../core/watch/watchHistory';
