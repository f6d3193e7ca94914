import { describe, expect, it } from 'vitest';
import { isTransient, makeRetry } from '../../lambdas/check/retry.ts';

const err = (name: string, status?: number, extra: object = {}) =>
  Object.assign(new Error(name), {
    name,
    ...(status ? { $metadata: { httpStatusCode: status } } : {}),
    ...extra,
  });

describe('isTransient', () => {
  it.each([
    ['a 5xx', err('SlowDown', 503)],
    ['throttling', err('ThrottlingException', 400)],
    ['a 429', err('Whatever', 429)],
    ['a dropped connection', err('Error', undefined, { code: 'ECONNRESET' })],
    ['an error the SDK marks retryable', err('X', 400, { $retryable: {} })],
  ])('treats %s as transient', (_what, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['access denied', err('AccessDenied', 403)],
    ['a missing key', err('NoSuchKey', 404)],
    ['a thrown string', 'a string'],
  ])('treats %s as final', (_what, error) => {
    expect(isTransient(error)).toBe(false);
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
