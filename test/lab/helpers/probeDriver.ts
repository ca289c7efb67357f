/**
 * Runs one client-side probe inside the lab's client namespace and prints its result as JSON on stdout:
 *   node --import tsx probeDriver.ts burst --host=H --port=P --count=N --concurrency=C --attemptTimeoutMs=T [--httpPath=/] [--baselineRttMs=R]
 *   node --import tsx probeDriver.ts ping --host=H --count=N --intervalSeconds=S
 *   node --import tsx probeDriver.ts sweep --host=H --port=P   (short rests and pauses, sized for the lab's 3/s limit)
 * Started with `ip netns exec <client-ns>`, so the probe's sockets live in that namespace. Each probe is
 * imported only when asked for.
 */
const [kind, ...rest] = process.argv.slice(2);
const opts = new Map(
  rest.map((a) => {
    const m = /^--([A-Za-z]+)=(.*)$/.exec(a);
    if (!m) throw new Error(`bad argument ${a}`);
    return [m[1], m[2]] as const;
  }),
);
const text = (name: string): string => {
  const v = opts.get(name);
  if (v === undefined) throw new Error(`missing --${name}`);
  return v;
};
const num = (name: string): number => Number(text(name));

async function main(): Promise<unknown> {
  if (kind === 'burst') {
    const { runBurst } = await import('../../../src/core/probes/burst');
    return runBurst({
      host: text('host'),
      port: num('port'),
      count: num('count'),
      concurrency: num('concurrency'),
      attemptTimeoutMs: num('attemptTimeoutMs'),
      ...(opts.has('httpPath') ? { httpPath: text('httpPath') } : {}),
      ...(opts.has('baselineRttMs') ? { baselineRttMs: num('baselineRttMs') } : {}),
    });
  }
  if (kind === 'ping') {
    const { runPing } = await import('../../../src/core/probes/ping');
    return runPing({
      host: text('host'),
      count: num('count'),
      intervalSeconds: num('intervalSeconds'),
      timeoutSeconds: 1,
    });
  }
  if (kind === 'sweep') {
    const { runSweep } = await import('../../../src/core/probes/sweep');
    // The lab's limit refills 3 tokens a second, so a few seconds of rest restore its burst of 4.
    return runSweep({
      host: text('host'),
      port: num('port'),
      spacedCount: 3,
      spacedIntervalMs: 1000,
      burstSizes: [2, 4, 8, 16],
      restMs: 3000,
      pausesMs: [1000, 3000, 10_000],
      attemptTimeoutMs: 2500,
      maxDurationMs: 120_000,
    });
  }
  throw new Error(`unknown probe ${kind}`);
}

main().then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  },
);
