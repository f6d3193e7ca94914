import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  findMonitor,
  parseConfig,
  parseConfigText,
  parseDriftSettings,
} from '../lambdas/config.ts';
import { defaultDriftSettings } from '../lambdas/drift-settings.ts';

describe('parseConfig', () => {
  it('fills every default of a monitor from its name alone', () => {
    const config = parseConfig({ monitors: [{ name: 'fraud-model' }] }, 'test');
    expect(config.namespace).toBe('DriftWatch');
    expect(config.alertEmails).toEqual([]);
    expect(config.monitors[0]).toMatchObject({
      name: 'fraud-model',
      prefix: 'monitors/fraud-model/',
      format: 'auto',
      baseline: { mode: 'fixed' },
      maxSnapshotAge: 26 * 3_600_000,
      alertCooldown: 24 * 3_600_000,
      featureMetrics: [],
      schedule: { expression: 'rate(1 hour)', timeZone: 'UTC' },
    });
    expect(config.monitors[0].drift).toEqual(parseDriftSettings({}, 'defaults'));
  });

  it('reads durations in minutes, hours and days, a rolling baseline, an existing bucket and a cron schedule', () => {
    const config = parseConfig(
      {
        namespace: 'Team/Drift',
        alertEmails: ['ml-oncall@example.com'],
        slackWebhookSecretName: 'driftwatch/slack',
        monitors: [
          {
            name: 'churn',
            prefix: 'exports/churn/',
            bucket: 'data-lake-prod',
            format: 'parquet',
            baseline: { mode: 'rolling', snapshots: 7 },
            maxSnapshotAge: '90m',
            alertCooldown: '2d',
            featureMetrics: ['tenure'],
            schedule: { expression: 'cron(0 6 * * ? *)', timeZone: 'Europe/Berlin' },
            drift: { driftShare: 0.3, methods: { numeric: 'ks' } },
          },
        ],
      },
      'test',
    );
    expect(config.monitors[0]).toMatchObject({
      prefix: 'exports/churn/',
      bucket: 'data-lake-prod',
      baseline: { mode: 'rolling', snapshots: 7 },
      maxSnapshotAge: 90 * 60_000,
      alertCooldown: 2 * 86_400_000,
      schedule: { expression: 'cron(0 6 * * ? *)', timeZone: 'Europe/Berlin' },
      drift: { driftShare: 0.3, methods: { numeric: 'ks' } },
    });
  });

  it('names the path of every bad field', () => {
    const bad = {
      namespace: 'AWS/Lambda',
      alertEmails: ['not-an-email'],
      monitors: [
        { name: 'ok', maxSnapshotAge: '3 hours', baseline: { mode: 'rolling' } },
        {
          name: 'bad name',
          prefix: '/abs',
          drift: { driftShare: 2 },
          schedule: { expression: 'every hour' },
        },
      ],
    };
    let message = '';
    try {
      parseConfig(bad, 'driftwatch.config.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const path of [
      'namespace',
      'alertEmails.0',
      'monitors.0.maxSnapshotAge',
      'monitors.0.baseline.snapshots',
      'monitors.1.name',
      'monitors.1.prefix',
      'monitors.1.drift.driftShare',
      'monitors.1.schedule.expression',
    ]) {
      expect(message).toContain(`  ${path}: `);
    }
    expect(message.startsWith('driftwatch.config.json: invalid config')).toBe(true);
  });

  it('rejects two monitors with the same name, and unknown keys', () => {
    expect(() => parseConfig({ monitors: [{ name: 'a' }, { name: 'a' }] }, 'c')).toThrow(
      /monitors\.1\.name: duplicate monitor name "a"/,
    );
    expect(() => parseConfig({ monitors: [{ name: 'a', treshold: 1 }] }, 'c')).toThrow(
      /monitors\.0: .*treshold/,
    );
    expect(() => parseConfig({ monitors: [] }, 'c')).toThrow(/monitors: /);
  });

  it('reports JSON syntax errors and unknown monitors as config errors', () => {
    expect(() => parseConfigText('{', 'DRIFTWATCH_CONFIG')).toThrow(/DRIFTWATCH_CONFIG: not valid JSON/);
    const config = parseConfig({ monitors: [{ name: 'a' }, { name: 'b' }] }, 'c');
    expect(findMonitor(config, 'b').name).toBe('b');
    expect(() => findMonitor(config, 'z')).toThrow(
      'no monitor named "z" in the config; known monitors: "a", "b"',
    );
  });
});

describe('the fanOut limits of a monitor', () => {
  const monitorWith = (fanOut: unknown) =>
    parseConfig({ monitors: [{ name: 'm', fanOut }] }, 'test').monitors[0].fanOut;

  it('default to 2 GiB and 64 part files', () => {
    expect(parseConfig({ monitors: [{ name: 'm' }] }, 'test').monitors[0].fanOut).toEqual({
      maxBytes: 2 * 1024 ** 3,
      maxParts: 64,
    });
  });

  it('read sizes in KB, MB, GB and TB as powers of 1024, fractions included', () => {
    expect(monitorWith({ maxBytes: '512KB' }).maxBytes).toBe(512 * 1024);
    expect(monitorWith({ maxBytes: '1.5GB', maxParts: 10 })).toEqual({
      maxBytes: 1.5 * 1024 ** 3,
      maxParts: 10,
    });
    expect(monitorWith({ maxBytes: '300MB' }).maxBytes).toBe(300 * 1024 ** 2);
    expect(monitorWith({ maxBytes: '1TB' }).maxBytes).toBe(1024 ** 4);
  });

  it('name the path of a bad size, count or key', () => {
    expect(() => monitorWith({ maxBytes: '2 GB' })).toThrow(
      /monitors\.0\.fanOut\.maxBytes: expected a size like/,
    );
    expect(() => monitorWith({ maxBytes: 2048 })).toThrow(/monitors\.0\.fanOut\.maxBytes: /);
    expect(() => monitorWith({ maxBytes: '0MB' })).toThrow(
      /monitors\.0\.fanOut\.maxBytes: must be larger than zero/,
    );
    expect(() => monitorWith({ maxParts: 0 })).toThrow(/monitors\.0\.fanOut\.maxParts: /);
    expect(() => monitorWith({ maxParts: 2.5 })).toThrow(/monitors\.0\.fanOut\.maxParts: /);
    expect(() => monitorWith({ maxPart: 3 })).toThrow(/monitors\.0\.fanOut: .*maxPart/);
  });
});

describe('the default drift settings', () => {
  it('are what the schema gives for an empty settings object, field for field', () => {
    expect(defaultDriftSettings()).toStrictEqual(parseDriftSettings({}, 'defaults'));
  });

  it('are a fresh object each time, so one check building on them cannot change the next', () => {
    const first = defaultDriftSettings();
    first.include.push('x');
    first.features.set('y', { method: 'ks' });
    expect(defaultDriftSettings()).toStrictEqual(parseDriftSettings({}, 'defaults'));
  });
});

describe('schedule expressions and time zones', () => {
  const problemOf = (schedule: unknown): string => {
    try {
      parseConfig({ monitors: [{ name: 'm', schedule }] }, 'driftwatch.config.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    return '';
  };

  it.each([
    'rate(1 minute)',
    'rate(1 hour)',
    'rate(5 hours)',
    'rate(2 days)',
    'cron(0 6 * * ? *)',
    'cron(0/15 8-17 ? * MON-FRI *)',
    'cron(0 0 L * ? 2027)',
    'at(2027-01-31T06:00:00)',
  ])('accepts %s', (expression) => {
    expect(problemOf({ expression })).toBe('');
  });

  it.each([
    ['rate(0 minutes)', /positive integer/],
    ['rate(-1 hours)', /positive integer/],
    ['rate(1.5 hours)', /positive integer/],
    ['rate(1 hours)', /singular unit: rate\(1 hour\)/],
    ['rate(5 hour)', /plural unit: rate\(5 hours\)/],
    ['rate(1 week)', /minute\|minutes/],
    ['cron(0 6 * * ?)', /six fields .* got 5/],
    ['cron(0 6 * * * *)', /one of cron day-of-month and day-of-week must be "\?"/],
    ['cron(0 6 * * ? * *)', /got 7/],
    ['at(2027-02-30T06:00:00)', /not a calendar date/],
    ['at(tomorrow)', /at\(yyyy-mm-ddThh:mm:ss\)/],
    ['every hour', /rate\(<n> <unit>\), cron\(<6 fields>\) or at/],
  ])('refuses %s, naming the field', (expression, problem) => {
    const message = problemOf({ expression });
    expect(message).toMatch(/monitors\.0\.schedule\.expression: /);
    expect(message).toMatch(problem);
  });

  it('accepts canonical IANA time zones and UTC, refuses unknown ones and points aliases to the canonical name', () => {
    for (const timeZone of ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata'])
      expect(problemOf({ expression: 'cron(0 6 * * ? *)', timeZone })).toBe('');
    expect(problemOf({ timeZone: 'Mars/Olympus' })).toMatch(
      /monitors\.0\.schedule\.timeZone: "Mars\/Olympus" is not an IANA time zone/,
    );
    expect(problemOf({ timeZone: 'europe/london' })).toMatch(/use "Europe\/London"/);
    expect(problemOf({ timeZone: '' })).toMatch(/monitors\.0\.schedule\.timeZone: /);
  });
});

describe('monitor prefixes and buckets', () => {
  const messageOf = (monitors: unknown[]): string => {
    try {
      parseConfig({ monitors }, 'c');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    return '';
  };

  it.each([
    ['', /must not be empty/],
    ['/', /must not be empty/],
    ['/abs/', /must not start with "\/"/],
    ['a//b/', /must not contain "\/\/"/],
    ['monitors/x/../', /"\." or "\.\." segments/],
    ['./m/', /"\." or "\.\." segments/],
    ['m/*/', /"\*" or "\?"/],
  ])('refuses the prefix %j, naming the field', (prefix, problem) => {
    expect(messageOf([{ name: 'a', prefix }])).toMatch(
      new RegExp(`monitors\\.0\\.prefix: .*${problem.source}`),
    );
  });

  it('adds the trailing "/" a prefix is missing', () => {
    expect(parseConfig({ monitors: [{ name: 'a', prefix: 'exports/a' }] }, 'c').monitors[0].prefix).toBe(
      'exports/a/',
    );
  });

  it('refuses two monitors on one prefix, spelled alike or not, and prefixes that nest', () => {
    expect(
      messageOf([
        { name: 'a', prefix: 'shared/' },
        { name: 'b', prefix: 'shared' },
      ]),
    ).toMatch(/monitors\.1\.prefix: "shared\/" is also the prefix of monitors\.0 \("a"\)/);
    expect(messageOf([{ name: 'a' }, { name: 'b', prefix: 'monitors/a/' }])).toMatch(
      /monitors\.1\.prefix: "monitors\/a\/" is also the prefix of monitors\.0/,
    );
    expect(
      messageOf([
        { name: 'outer', prefix: 'team/' },
        { name: 'inner', prefix: 'team/inner/' },
      ]),
    ).toMatch(/monitors\.1\.prefix: "team\/inner\/" and the prefix "team\/" of monitors\.0 \("outer"\) nest/);
    expect(
      messageOf([
        { name: 'a', prefix: 'team/a/' },
        { name: 'ab', prefix: 'team/ab/' },
      ]),
    ).toBe('');
  });

  it.each([
    ['Data-Lake', /lowercase letters, digits/],
    ['ab', /3 to 63 characters/],
    ['-lake', /starts and ends with a letter or digit/],
    ['data..lake', /no two adjacent periods/],
    ['192.168.5.4', /IP address/],
    ['xn--lake', /prefix "xn--" is reserved/],
    ['lake-s3alias', /suffix "-s3alias" is reserved/],
  ])('refuses the bucket name %j as a config error naming the field', (bucket, problem) => {
    expect(messageOf([{ name: 'a', bucket }])).toMatch(
      new RegExp(`monitors\\.0\\.bucket: .*${problem.source}`),
    );
  });

  it('keeps baseline profiles in the cache unless a monitor says not to', () => {
    const config = parseConfig({ monitors: [{ name: 'a' }, { name: 'b', cacheProfiles: false }] }, 'c');
    expect(config.monitors.map((m) => m.cacheProfiles)).toEqual([true, false]);
  });
});
