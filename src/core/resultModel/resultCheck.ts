/**
 * Small validators for RESULT.json. Each takes an untrusted value and the JSON path it sits at
 * (`burst.attemptLog[3].connectMs`) and returns the value typed, or throws a {@link SchemaError} naming the
 * path. Only `parseResultJson` calls them, and it turns the error into a `ParseError`: the throw never
 * leaves this module pair, it only spares every nested check an explicit error branch.
 */
export class SchemaError extends Error {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`${path}: ${why}`);
  }
}

export type Check<T> = (v: unknown, path: string) => T;

/** Longest string accepted anywhere (ping's raw output of 10,000 probes is well under this). */
const MAX_STRING = 16 * 1024 * 1024;
/** Most items accepted in any array. */
const MAX_ITEMS = 1_000_000;

const fail = (path: string, why: string): never => {
  throw new SchemaError(path, why);
};

const kindOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v;

export const str: Check<string> = (v, path) =>
  typeof v === 'string' && v.length <= MAX_STRING ? v : fail(path, `expected a string, got ${kindOf(v)}`);

export const num: Check<number> = (v, path) =>
  typeof v === 'number' && Number.isFinite(v) ? v : fail(path, `expected a finite number, got ${kindOf(v)}`);

export const nonNegative: Check<number> = (v, path) =>
  num(v, path) >= 0 ? (v as number) : fail(path, 'expected a number >= 0');

export const count: Check<number> = (v, path) =>
  Number.isSafeInteger(v) && (v as number) >= 0
    ? (v as number)
    : fail(path, `expected a whole number >= 0, got ${JSON.stringify(v) ?? kindOf(v)}`);

export const bool: Check<boolean> = (v, path) =>
  typeof v === 'boolean' ? v : fail(path, `expected true or false, got ${kindOf(v)}`);

/** A fraction in [0, 1]. */
export const fraction: Check<number> = (v, path) => {
  const n = num(v, path);
  return n >= 0 && n <= 1 ? n : fail(path, `expected a fraction between 0 and 1, got ${n}`);
};

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (v, path) =>
    (values as readonly unknown[]).includes(v)
      ? (v as T)
      : fail(path, `expected one of ${values.join(', ')}, got ${JSON.stringify(v) ?? kindOf(v)}`);
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v, path) => (v === null ? null : check(v, path));
}

export function arrayOf<T>(check: Check<T>): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) return fail(path, `expected an array, got ${kindOf(v)}`);
    if (v.length > MAX_ITEMS) return fail(path, `more than ${MAX_ITEMS} items`);
    return v.map((item, i) => check(item, `${path}[${i}]`));
  };
}

/** `[low, high]` with low <= high. */
export function pair(check: Check<number>): Check<[number, number]> {
  return (v, path) => {
    if (!Array.isArray(v) || v.length !== 2) return fail(path, 'expected [low, high]');
    const lo = check(v[0], `${path}[0]`);
    const hi = check(v[1], `${path}[1]`);
    return lo <= hi ? [lo, hi] : fail(path, `low ${lo} is above high ${hi}`);
  };
}

export function triple(check: Check<number>): Check<[number, number, number]> {
  return (v, path) => {
    if (!Array.isArray(v) || v.length !== 3) return fail(path, 'expected three numbers');
    return [check(v[0], `${path}[0]`), check(v[1], `${path}[1]`), check(v[2], `${path}[2]`)];
  };
}

/** A JSON object of finite numbers (counter deltas, histograms). */
export const numberRecord: Check<Record<string, number>> = (v, path) => {
  const o = record(v, path);
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(o)) out[k] = num(x, `${path}.${k}`);
  return out;
};

export function record(v: unknown, path: string): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : fail(path, `expected an object, got ${kindOf(v)}`);
}

type Shape<T> = { [K in keyof T]-?: Check<T[K]> };

/**
 * An object with the given fields; `optional` names the fields that may be absent. Unknown fields are
 * dropped, so a later minor addition to version 1 still reads.
 */
export function object<T>(shape: Shape<T>, optional: readonly (keyof T)[] = []): Check<T> {
  return (v, path) => {
    const o = record(v, path);
    const out: Partial<T> = {};
    for (const key of Object.keys(shape) as (keyof T & string)[]) {
      const at = path === '' ? key : `${path}.${key}`;
      if (o[key] === undefined) {
        if (optional.includes(key)) continue;
        fail(at, 'missing');
      }
      out[key] = shape[key](o[key], at);
    }
    return out as T;
  };
}

/** A field that is absent: use inside `object` for keys listed in `optional` whose value is checked by `check`. */
export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v, path) => (v === undefined ? undefined : check(v, path));
}

/** Fails at `path` unless `condition`; for cross-field rules. */
export function expect(condition: boolean, path: string, why: string): void {
  if (!condition) fail(path, why);
}
