/**
 * Prints a beancounter table the way the kernel does (kernel/bc/proc.c: `%10s:` id, `%-12s`
 * resource, then `%20lu` columns on 64-bit or `%10lu` on 32-bit), so tests can round-trip
 * generated tables and write files whose counters change between samples.
 */
import type { BeancounterTable } from '../../src/core/beancounters/types';

export interface PrintOptions {
  /** 64 prints `%20lu` and 9223372036854775807 for unlimited; 32 prints `%10lu` and 2147483647. */
  bits?: 64 | 32;
  /** Insert a `dummy` row after the first resource of every block, as /proc/user_beancounters does. */
  dummies?: boolean;
  version?: string;
}

const HEADER_64 =
  '       uid  resource                     held              maxheld              barrier                limit              failcnt';
const HEADER_32 = '       uid  resource           held    maxheld    barrier      limit    failcnt';

export function printBeancounters(table: BeancounterTable, options: PrintOptions = {}): string {
  const bits = options.bits ?? 64;
  const width = bits === 64 ? 20 : 10;
  const unlimited = bits === 64 ? '9223372036854775807' : '2147483647';
  const out = [`Version: ${options.version ?? table.version}`, bits === 64 ? HEADER_64 : HEADER_32];
  for (const container of table.containers) {
    const rows = container.resources.map((r) => ({
      name: r.name,
      values: [r.held, r.maxheld, r.barrier, r.limit, r.failcnt],
    }));
    if (options.dummies) rows.splice(1, 0, { name: 'dummy', values: [0, 0, null, null, 0] });
    rows.forEach((row, k) => {
      const id = k === 0 ? `${container.id.padStart(10)}:` : ' '.repeat(11);
      const numbers = row.values.map((v) => ` ${(v === null ? unlimited : String(v)).padStart(width)}`).join('');
      out.push(`${id} ${row.name.padEnd(12)}${numbers}`);
    });
  }
  return `${out.join('\n')}\n`;
}
