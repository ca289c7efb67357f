/**
 * One Prometheus-style scrape of the real `vps-doctor exporter`, run inside the lab's client namespace:
 *   node --import tsx exporterScrape.ts FLEET_FILE TARGET MODULE
 * starts the exporter on a free loopback port of that namespace, waits until it listens, asks
 * /probe?target=TARGET&module=MODULE once (with a 30 s scrape timeout header), prints the answer's status and
 * body as JSON on stdout, and stops the exporter it started (by its PID).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { REPO } from './lab';

const [fleet, target, module] = process.argv.slice(2);

async function main(): Promise<void> {
  if (!fleet || !target || !module) throw new Error('usage: exporterScrape.ts FLEET TARGET MODULE');
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const exporter = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'exporter', '--config', fleet, '--listen', `127.0.0.1:${port}`],
    {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, XDG_STATE_HOME: process.env['LAB_STATE'] ?? '/tmp' },
    },
  );
  let log = '';
  exporter.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  try {
    for (let i = 0; ; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 300 || exporter.exitCode !== null) throw new Error(`the exporter did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const r = await fetch(
      `http://127.0.0.1:${port}/probe?target=${encodeURIComponent(target)}&module=${encodeURIComponent(module)}`,
      {
        headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '30' },
      },
    );
    process.stdout.write(`${JSON.stringify({ status: r.status, body: await r.text(), log })}\n`);
  } finally {
    exporter.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
