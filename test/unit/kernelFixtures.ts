/** Fixture files of the kernel-counter tests and a strict accessor for parsed results. */
import { readFileSync } from 'node:fs';
import type { Result } from '../../src/core/result';

/** Reads `test/fixtures/kernel/<path>` (e.g. `captured-6.18/snmp.txt`). */
export function readKernelFixture(path: string): string {
  return readFileSync(new URL(`../fixtures/kernel/${path}`, import.meta.url), 'utf8');
}

/** Reads a top-level fixture such as `seed_sysctl.txt`. */
export function readTopFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

/** The value of a Result, failing the test with the parse error when there is none. */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

/** The error of a Result, failing the test when it parsed. */
export function errorOf<T>(r: Result<T>): { line: number; message: string; source: string } {
  if (r.ok) throw new Error(`expected a parse error, got ${JSON.stringify(r.value)}`);
  return r.error;
}
