import { describe, expect, it } from 'vitest';
import { executionArnOf, executionName } from '../../lambdas/adapters/execution-name.ts';

describe('executionName', () => {
  it('is the same for the same snapshot version and differs by version and attempt', () => {
    const name = executionName('fraud-model', '2026-11-28T11', 'keys+etags v1');
    expect(executionName('fraud-model', '2026-11-28T11', 'keys+etags v1')).toBe(name);
    expect(name).toMatch(/^fraud-model-2026-11-28T11-[0-9a-f]{12}$/);
    expect(executionName('fraud-model', '2026-11-28T11', 'keys+etags v2')).not.toBe(name);
    expect(executionName('fraud-model', '2026-11-28T11', 'keys+etags v1', 2)).toBe(`${name}-r2`);
  });

  it('keeps to the 80 characters Step Functions allows, replacing other characters', () => {
    const long = executionName('m'.repeat(64), 'snapshot id with spaces/and:colons'.repeat(4), 'x', 20);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(long).toMatch(/-[0-9a-f]{12}-r20$/);
    // Names cut to the same prefix still differ by their hash.
    expect(executionName('m'.repeat(64), `${'a'.repeat(40)}1`, 'x')).not.toBe(
      executionName('m'.repeat(64), `${'a'.repeat(40)}2`, 'x'),
    );
  });
});

describe('executionArnOf', () => {
  it('names the execution of a state machine ARN and refuses other ARNs', () => {
    expect(executionArnOf('arn:aws:states:eu-west-1:123456789012:stateMachine:FanOut', 'e-1')).toBe(
      'arn:aws:states:eu-west-1:123456789012:execution:FanOut:e-1',
    );
    expect(() => executionArnOf('arn:aws:lambda:eu-west-1:1:function:f', 'e')).toThrow(
      /not a state machine ARN/,
    );
  });
});
