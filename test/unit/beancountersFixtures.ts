/** Fixture files of the beancounter tests and a strict accessor for parsed results. */
import { readFileSync } from 'node:fs';
import type { Result } from '../../src/core/result';
import type { BeancounterTable, Container, ResourceRow } from '../../src/core/beancounters/types';
import { parseBeancounters } from '../../src/core/beancounters/parse';

export function readFixture(name: string): string {
  const path = name === 'seed' ? '../fixtures/seed_user_beancounters.txt' : `../fixtures/beancounters/${name}.txt`;
  return readFileSync(new URL(path, import.meta.url), 'utf8');
}

/** The value of a Result, failing the test with the parse error when there is none. */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

export function parseFixture(name: string): BeancounterTable {
  return unwrap(parseBeancounters(readFixture(name)));
}

export function row(container: Container, name: string): ResourceRow {
  const found = container.resources.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no ${name} in container ${container.id}`);
  return found;
}

/** A copy of `table` with the given fields of one row replaced. */
export function withRow(
  table: BeancounterTable,
  containerId: string,
  name: string,
  change: Partial<ResourceRow>,
): BeancounterTable {
  return {
    ...table,
    containers: table.containers.map((c) =>
      c.id !== containerId
        ? c
        : {
            ...c,
            resources: c.resources.map((r) => (r.name === name ? { ...r, ...change } : r)),
          },
    ),
  };
}
