import { describe, expect, it } from 'vitest';
import { parseRetryAfter, RetriesExhausted, withBackoff } from '../../src/sources/backoff.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-09-02T10:00:00Z');
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 30 ', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 02 Sep 2024 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 02 Sep 2024 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('withBackoff', () => {
  it('draws each delay uniformly below the capped exponential ceiling (full jitter)', async () => {
    const sleeps: number[] = [];
    const draws = [0, 0.999, 0.5, 0.25, 0.9, 0.9];
    let attempts = 0;
    const run = withBackoff(
      async () => {
        attempts++;
        throw new Error('503');
      },
      () => ({ retry: true }),
      {
        maxAttempts: 6,
        baseDelayMs: 100,
        maxDelayMs: 600,
        maxTotalWaitMs: 10_000,
        sleep: async (ms) => void sleeps.push(ms),
        random: () => draws.shift()!,
      },
    );
    await expect(run).rejects.toBeInstanceOf(RetriesExhausted);
    expect(attempts).toBe(6);
    // Ceilings 100, 200, 400, 600 (capped), 600.
    expect(sleeps).toEqual([0, 199, 200, 150, 540]);
  });

  it('rethrows a final error at once', async () => {
    const err = new Error('404');
    let attempts = 0;
    await expect(
      withBackoff(
        async () => {
          attempts++;
          throw err;
        },
        () => ({ retry: false }),
        { sleep: async () => {} },
      ),
    ).rejects.toBe(err);
    expect(attempts).toBe(1);
  });

  it('keeps the total wait within the budget', async () => {
    const sleeps: number[] = [];
    const run = withBackoff(
      async () => {
        throw new Error('429');
      },
      () => ({ retry: true, retryAfterMs: 4000 }),
      { maxAttempts: 10, maxTotalWaitMs: 10_000, sleep: async (ms) => void sleeps.push(ms) },
    );
    const e = await run.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RetriesExhausted);
    expect((e as RetriesExhausted).budgetExceeded).toBe(true);
    expect((e as RetriesExhausted).attempts).toBe(3);
    expect(sleeps).toEqual([4000, 4000]);
  });
});
