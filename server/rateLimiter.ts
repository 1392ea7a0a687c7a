/** How many units a caller may spend at once, and how fast the allowance comes back. */
export interface TokenBucketOptions {
  /** The bucket's size: the largest burst. */
  burst: number;
  /** Units added back per second, up to `burst`. */
  perSecond: number;
}

interface Bucket {
  units: number;
  updatedAt: number;
}

/** Past this many callers, buckets that have refilled completely are forgotten. */
const PRUNE_ABOVE = 10_000;

/**
 * One token bucket per caller (an owner, or an address for requests without a token). A caller
 * that spends faster than `perSecond` for longer than `burst` allows is refused until its bucket
 * refills; nobody else is affected.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: TokenBucketOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes `cost` units from `caller`'s bucket. Returns 0 when allowed, otherwise how many ms to
   * wait before the same request would be (nothing is taken then).
   */
  take(caller: string, cost = 1): number {
    const now = this.now();
    const bucket = this.refilled(caller, now);
    if (bucket.units >= cost) {
      bucket.units -= cost;
      return 0;
    }
    const missing = Math.min(cost, this.options.burst) - bucket.units;
    return Math.max(1, Math.ceil((missing / this.options.perSecond) * 1000));
  }

  private refilled(caller: string, now: number): Bucket {
    const { burst, perSecond } = this.options;
    let bucket = this.buckets.get(caller);
    if (bucket === undefined) {
      if (this.buckets.size >= PRUNE_ABOVE) this.forgetFullBuckets(now);
      bucket = { units: burst, updatedAt: now };
      this.buckets.set(caller, bucket);
      return bucket;
    }
    const elapsedMs = Math.max(0, now - bucket.updatedAt);
    bucket.units = Math.min(burst, bucket.units + (elapsedMs / 1000) * perSecond);
    bucket.updatedAt = now;
    return bucket;
  }

  /**
   * A full bucket is the same as no bucket; dropping those keeps the map bounded. If too many are
   * still in use, the oldest half goes (those callers start again with a full bucket), so the
   * scan runs at most once per `PRUNE_ABOVE / 2` new callers.
   */
  private forgetFullBuckets(now: number): void {
    const { burst, perSecond } = this.options;
    for (const [caller, bucket] of this.buckets) {
      const units = bucket.units + ((now - bucket.updatedAt) / 1000) * perSecond;
      if (units >= burst) this.buckets.delete(caller);
    }
    for (const caller of this.buckets.keys()) {
      if (this.buckets.size < PRUNE_ABOVE / 2) break;
      this.buckets.delete(caller);
    }
  }
}
