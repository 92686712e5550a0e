/**
 * Retries with capped exponential backoff and full jitter (AWS Architecture Blog, «Exponential
 * Backoff And Jitter»): the eight ММО sources are read concurrently, so synchronised retries after
 * a shared 429 would hit the quota again together; a uniformly random delay spreads them out.
 */

export interface BackoffOptions {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  /** Cap of the exponential ceiling before jitter: base · 2^(attempt-1). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * Bound on the sum of all waits of one operation: a sync must finish in a predictable time even
   * when Google keeps asking to come back later, so a Retry-After beyond the budget ends the retries.
   */
  readonly maxTotalWaitMs: number;
  /** Injectable so tests run without real waiting and can see every delay. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Injectable for deterministic jitter in tests; [0, 1). */
  readonly random: () => number;
  /** Clock for Retry-After given as an HTTP date. */
  readonly now: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxTotalWaitMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

/** What the classifier says about a failed attempt. */
export type RetryDecision =
  { readonly retry: false } | { readonly retry: true; readonly retryAfterMs?: number };

/** The error of the last attempt, with how many attempts were made (for messages). */
export class RetriesExhausted extends Error {
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
    /** True when the wait budget, not the attempt count, ended the retries. */
    readonly budgetExceeded: boolean,
  ) {
    super(lastError instanceof Error ? lastError.message : String(lastError));
    this.name = 'RetriesExhausted';
  }
}

/**
 * Parses a Retry-After header: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns milliseconds to wait, or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Runs `attempt` until it succeeds, `classify` says the error is final, or the attempts or the wait
 * budget run out. A non-retryable error is rethrown as is; exhausted retries throw RetriesExhausted.
 */
export async function withBackoff<T>(
  attempt: (attemptNo: number) => Promise<T>,
  classify: (error: unknown) => RetryDecision,
  options: Partial<BackoffOptions> = {},
): Promise<T> {
  const o: BackoffOptions = { ...DEFAULT_BACKOFF, ...options };
  let waited = 0;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const decision = classify(error);
      if (!decision.retry) throw error;
      if (n >= o.maxAttempts) throw new RetriesExhausted(error, n, false);
      const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (n - 1));
      // The server's Retry-After is a floor: coming back earlier only earns another 429.
      const delay =
        decision.retryAfterMs !== undefined ? decision.retryAfterMs : Math.floor(o.random() * ceiling);
      if (waited + delay > o.maxTotalWaitMs) throw new RetriesExhausted(error, n, true);
      waited += delay;
      await o.sleep(delay);
    }
  }
}
