import { describe, expect, it } from 'vitest';
import { checkTargetOf, parseCheckEvent } from '../../lambdas/check/check-event.ts';
import { parseConfig } from '../../lambdas/config.ts';
import { objectCreated } from '../support/s3-object-created.ts';

const config = parseConfig(
  {
    monitors: [
      { name: 'fraud', trigger: 'upload' },
      {
        name: 'shared',
        trigger: 'upload',
        bucket: 'their-bucket',
        bucketEventBridge: true,
        prefix: 'ml/shared/',
      },
    ],
  },
  'test',
);

describe('the check event', () => {
  it("takes the schedule's {monitor}", () => {
    const target = checkTargetOf(parseCheckEvent({ monitor: 'fraud' }), config, 'stack-bucket');
    expect(target.monitor.name).toBe('fraud');
    expect(target.upload).toBeUndefined();
  });

  it("takes the upload rule's {monitor, event} and names the uploaded snapshot", () => {
    const event = {
      monitor: 'fraud',
      event: objectCreated('stack-bucket', 'monitors/fraud/snapshots/2026-12-06T10/_SUCCESS'),
    };
    expect(checkTargetOf(parseCheckEvent(event), config, 'stack-bucket').upload).toEqual({
      bucket: 'stack-bucket',
      key: 'monitors/fraud/snapshots/2026-12-06T10/_SUCCESS',
      snapshotId: '2026-12-06T10',
      completesSnapshot: true,
    });
  });

  it('maps a bare S3 event to the monitor whose bucket and snapshots/ folder hold the object', () => {
    const target = checkTargetOf(
      parseCheckEvent(objectCreated('their-bucket', 'ml/shared/snapshots/2026-12-06T10/part-0.csv')),
      config,
      'stack-bucket',
    );
    expect(target.monitor.name).toBe('shared');
    expect(target.upload).toMatchObject({ snapshotId: '2026-12-06T10', completesSnapshot: false });
  });

  it('refuses an upload outside the monitor the rule names, and objects in no monitor', () => {
    const misrouted = {
      monitor: 'fraud',
      event: objectCreated('their-bucket', 'monitors/fraud/snapshots/a.csv'),
    };
    expect(() => checkTargetOf(parseCheckEvent(misrouted), config, 'stack-bucket')).toThrow(
      /names monitor "fraud", whose snapshots are under s3:\/\/stack-bucket\/monitors\/fraud\/snapshots\//,
    );
    expect(() =>
      checkTargetOf(
        parseCheckEvent(objectCreated('stack-bucket', 'elsewhere/a.csv')),
        config,
        'stack-bucket',
      ),
    ).toThrow(/s3:\/\/stack-bucket\/elsewhere\/a\.csv is in no monitor's snapshots\/ folder/);
  });

  it('refuses other events, saying which shapes it takes', () => {
    expect(() => parseCheckEvent({ ...objectCreated('b', 'k'), 'detail-type': 'Object Deleted' })).toThrow(
      /must be \{"monitor": "<name>"\} or an S3 "Object Created" event/,
    );
    expect(() => parseCheckEvent({})).toThrow(/must be/);
  });
});
