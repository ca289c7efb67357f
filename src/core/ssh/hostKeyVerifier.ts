/**
 * The only host-verifier shape we hand to ssh2. ssh2 accepts the host whenever the verifier
 * returns, or passes to its callback, anything but the literal `false`, a Promise included
 * (ssh2 #1268; docs/security.md §1.1). So a verifier returns `undefined` and answers
 * through the callback with a strict boolean, exactly once.
 *
 * The return type `undefined` makes an `async` function a type error (it returns a Promise);
 * `strictHostVerifier` enforces the same at run time for code that escaped the type checker.
 */
export type HostVerifier = (key: Buffer, cb: (ok: boolean) => void) => undefined;

/**
 * Wraps a verifier for ssh2: refuses `async` functions outright, answers `false` when the
 * function returns anything (a Promise, `true`, ...) or throws, coerces every answer to
 * `answer === true`, and passes on only the first answer (rekeys call the verifier again, each
 * call with its own callback).
 * @throws TypeError when given an `async` function (a programming error, caught at wiring time)
 */
export function strictHostVerifier(fn: HostVerifier): HostVerifier {
  if (typeof fn !== 'function' || fn.constructor.name === 'AsyncFunction') {
    throw new TypeError(
      'host verifier must be a plain function that returns undefined and answers through its callback',
    );
  }
  return (key, cb) => {
    let answered = false;
    const answer = (ok: unknown): void => {
      if (answered) return;
      answered = true;
      cb(ok === true);
    };
    let returned: unknown;
    try {
      returned = (fn as (key: Buffer, cb: (ok: unknown) => void) => unknown)(key, answer);
    } catch {
      answer(false);
      return undefined;
    }
    if (returned !== undefined) answer(false);
    return undefined;
  };
}
