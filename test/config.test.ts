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
