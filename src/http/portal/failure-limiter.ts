/**
 * Failed link look-ups per client address, in memory, over a sliding window: past the limit an
 * address is refused until its oldest failure in the window ages out. Only failures are
 * counted, so a debtor opening a valid link is never slowed, however often. Each server
 * process keeps its own counts; guessing a 256-bit token needs far more tries than any of them
 * lets through.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 20,
    private readonly windowMs = 10 * 60 * 1000,
    private readonly maxAddresses = 100_000,
  ) {}

  /** Seconds until this address may try again, or 0 when it may now. */
  retryAfterSeconds(address: string, nowMs: number): number {
    const times = this.recent(address, nowMs);
    if (times.length < this.limit) return 0;
    return Math.max(1, Math.ceil((times[times.length - this.limit]! + this.windowMs - nowMs) / 1000));
  }

  recordFailure(address: string, nowMs: number): void {
    if (!this.failures.has(address) && this.failures.size >= this.maxAddresses) this.forgetOld(nowMs);
    const times = this.recent(address, nowMs);
    times.push(nowMs);
    // Only the last `limit` failures decide anything.
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    this.failures.set(address, times);
  }

  private recent(address: string, nowMs: number): number[] {
    const times = this.failures.get(address);
    if (!times) return [];
    const kept = times.filter((t) => t > nowMs - this.windowMs);
    if (kept.length === 0) this.failures.delete(address);
    else if (kept.length !== times.length) this.failures.set(address, kept);
    return kept;
  }

  // Past its size the table sheds addresses whose failures all aged out, then the oldest ones.
  private forgetOld(nowMs: number): void {
    for (const address of [...this.failures.keys()]) this.recent(address, nowMs);
    const excess = this.failures.size - Math.floor(this.maxAddresses / 2);
    if (excess <= 0) return;
    let dropped = 0;
    for (const address of this.failures.keys()) {
      if (dropped++ >= excess) break;
      this.failures.delete(address);
    }
  }
}
