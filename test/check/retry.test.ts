import { describe, expect, it } from 'vitest';
import { isTransient, makeRetry } from '../../lambdas/check/retry.ts';

const err = (name: string, status?: number, extra: object = {}) =>
  Object.assign(new Error(name), {
    name,
    ...(status ? { $metadata: { httpStatusCode: status } } : {}),
    ...extra,
  });

describe('isTransient', () => {
  it('treats throttling, 5xx, 429 and dropped connections as transient, other 4xx as final', () => {
    expect(isTransient(err('SlowDown', 503))).toBe(true);
    expect(isTransient(err('ThrottlingException', 400))).toBe(true);
    expect(isTransient(err('Whatever', 429))).toBe(true);
    expect(isTransient(err('Error', undefined, { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(err('X', 400, { $retryable: {} }))).toBe(true);
    expect(isTransient(err('AccessDenied', 403))).toBe(false);
    expect(isTransient(err('NoSuchKey', 404))).toBe(false);
    expect(isTransient('a string')).toBe(false);
  });
});

describe('makeRetry', () => {
  it('backs off exponentially with jitter, capped, and gives up after the last attempt', async () => {
    const waits: number[] = [];
    const retry = makeRetry({
      attempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 300,
      random: () => 0.999,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    let calls = 0;
    await expect(
      retry('op', async () => {
        calls++;
        throw err('SlowDown', 503);
      }),
    ).rejects.toThrow('SlowDown');
    expect(calls).toBe(5);
    expect(waits).toEqual([99, 199, 299, 299]);
  });

  it('returns the first success', async () => {
    let calls = 0;
    const retry = makeRetry({ sleep: async () => {} });
    const value = await retry('op', async () => {
      if (++calls < 3) throw err('InternalError', 500);
      return 'done';
    });
    expect([value, calls]).toEqual(['done', 3]);
  });
});
