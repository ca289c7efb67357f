/**
 * A one-shot timer that stops counting while any prompt is open. ssh2's own `readyTimeout` keeps
 * running through a host-key or passphrase prompt and would cut a user who reads the fingerprint
 * carefully (docs/security.md §1.5), so we set it to 0 and use this instead.
 */
export class PausableDeadline {
  private remainingMs: number;
  private startedAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pauses = 0;
  private finished = false;

  /**
   * @param budgetMs time allowed outside prompts, in ms; 0 or less means no deadline
   * @param onExpire called once when the budget is spent
   * @param now clock in ms
   */
  constructor(
    budgetMs: number,
    private readonly onExpire: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.remainingMs = budgetMs;
    if (budgetMs > 0) this.run();
    else this.finished = true;
  }

  /** Stops the clock until the returned function is called (once); pauses nest. */
  pause(): () => void {
    if (!this.finished && this.pauses++ === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.remainingMs -= this.now() - this.startedAt;
    }
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      if (!this.finished && --this.pauses === 0) this.run();
    };
  }

  /** Runs `prompt` with the clock stopped. */
  async during<T>(prompt: () => Promise<T>): Promise<T> {
    const resume = this.pause();
    try {
      return await prompt();
    } finally {
      resume();
    }
  }

  /** Stops for good without calling `onExpire`. */
  cancel(): void {
    this.finished = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.startedAt = this.now();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.finished = true;
        this.onExpire();
      },
      Math.max(0, this.remainingMs),
    );
  }
}
