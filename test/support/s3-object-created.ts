/**
 * The Amazon S3 User Guide's EventBridge "Object Created" example event ("EventBridge event
 * message structure"), with our bucket and key. `sequence` makes each event's id unique and
 * `time` is the event's time (the example's by default).
 */
export function objectCreated(
  bucket: string,
  key: string,
  options: { readonly sequence?: number; readonly time?: string; readonly region?: string } = {},
): Record<string, unknown> {
  return {
    version: '0',
    id:
      options.sequence === undefined
        ? '17793124-05d4-b198-2fde-7ededc63b103'
        : `17793124-05d4-b198-2fde-${String(options.sequence).padStart(12, '0')}`,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '111122223333',
    time: options.time ?? '2021-11-12T00:00:00Z',
    region: options.region ?? 'ca-central-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key, size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', sequencer: '00617F08299329D189' },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '1.2.3.4',
      reason: 'PutObject',
    },
  };
}
