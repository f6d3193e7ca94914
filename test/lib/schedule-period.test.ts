import { describe, expect, it } from 'vitest';
import { heartbeatWindow, schedulePeriodSeconds } from '../../lib/schedule-period.ts';

describe('schedulePeriodSeconds', () => {
  it.each([
    ['rate(1 minute)', 60],
    ['rate(5 minutes)', 300],
    ['rate(1 hour)', 3600],
    ['rate(2 days)', 172_800],
  ])('reads %s as %d s', (expression, seconds) => {
    expect(schedulePeriodSeconds(expression)).toBe(seconds);
  });

  it.each([
    ['cron(0 * * * ? *)', 3600],
    ['cron(0/15 * * * ? *)', 900],
    ['cron(0 6 * * ? *)', 86_400],
    ['cron(30 6,18 * * ? *)', 12 * 3600],
    // Weekdays at 09:00: Friday to Monday is the longest gap.
    ['cron(0 9 ? * MON-FRI *)', 3 * 86_400],
    ['cron(0 9 ? * 2-6 *)', 3 * 86_400],
    // Days 1, 3, …, 31: the longest gap is two days (29 → 1 after a 30-day month, 27 → 1 after February).
    ['cron(0 0 1/2 * ? *)', 2 * 86_400],
    ['cron(0 0 1 * ? *)', 31 * 86_400],
    ['cron(0 0 L * ? *)', 31 * 86_400],
  ])('reads %s as its longest gap, %d s', (expression, seconds) => {
    expect(schedulePeriodSeconds(expression)).toBe(seconds);
  });

  it('adds an hour for a time zone with daylight saving', () => {
    expect(schedulePeriodSeconds('cron(0 6 * * ? *)', 'Europe/Berlin')).toBe(25 * 3600);
  });

  it('has no period for a one-time schedule and names what it cannot read', () => {
    expect(schedulePeriodSeconds('at(2027-01-01T00:00:00)')).toBeNull();
    expect(() => schedulePeriodSeconds('cron(0 * * *)')).toThrow('six fields');
    expect(() => schedulePeriodSeconds('cron(61 * * * ? *)')).toThrow('"61" is not a value from 0 to 59');
  });
});

describe('heartbeatWindow', () => {
  it('alarms after two empty periods of one schedule period', () => {
    expect(heartbeatWindow('rate(1 hour)')).toEqual({ periodSeconds: 3600, evaluationPeriods: 2 });
    expect(heartbeatWindow('cron(0 9 ? * MON-FRI *)')).toEqual({
      periodSeconds: 259_200,
      evaluationPeriods: 2,
    });
  });

  it('has none where CloudWatch cannot look back far enough (7 days) or the schedule runs once', () => {
    expect(heartbeatWindow('rate(3 days)')).toEqual({ periodSeconds: 259_200, evaluationPeriods: 2 });
    expect(heartbeatWindow('rate(4 days)')).toBeNull();
    expect(heartbeatWindow('cron(0 0 1 * ? *)')).toBeNull();
    expect(heartbeatWindow('at(2027-01-01T00:00:00)')).toBeNull();
  });
});
