// Section 6: preloaded into the exporter process (`node --expose-gc --require exporterGauge.cjs dist/cli.js
// exporter ...`) so its figures come from the exporter itself and nothing else. On SIGUSR2 it writes, to the
// file named by VPSD_BENCH_GAUGE (written whole, then renamed into place): its CPU-seconds so far, read
// before a full GC, and then, after it, its RSS, heap and external memory (and, when VPSD_BENCH_HEAP_SNAPSHOTS
// names a directory, a heap snapshot there). Bench only; the exporter itself is unchanged.
'use strict';
const { renameSync, writeFileSync } = require('node:fs');
const { getHeapStatistics, writeHeapSnapshot } = require('node:v8');

const out = process.env.VPSD_BENCH_GAUGE;
if (out) {
  process.on('SIGUSR2', () => {
    const cpu = process.cpuUsage();
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    const m = process.memoryUsage();
    const h = getHeapStatistics();
    // For finding what a pooled host holds: a heap snapshot per gauge, to compare in Chrome's DevTools.
    const snapshots = process.env.VPSD_BENCH_HEAP_SNAPSHOTS;
    const heapSnapshot = snapshots ? writeHeapSnapshot(`${snapshots}/exporter-${Date.now()}.heapsnapshot`) : undefined;
    // Read after the GC (and snapshot), so the next round's CPU counts neither.
    const after = process.cpuUsage();
    const gauge = {
      cpuSeconds,
      cpuSecondsAfterGc: (after.user + after.system) / 1e6,
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      mallocedMemory: h.malloced_memory,
      gcExposed: typeof globalThis.gc === 'function',
      heapSnapshot,
    };
    writeFileSync(`${out}.tmp`, JSON.stringify(gauge));
    renameSync(`${out}.tmp`, out);
  });
}
