import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable } from '../../lambdas/io/open-table.ts';
import { S3ByteSource } from '../../lambdas/io/s3-byte-source.ts';
import { S3Store } from '../../lambdas/io/s3-store.ts';
import { WriteConflictError } from '../../lambdas/io/write-conflict-error.ts';
import { type AwsEmulators, startAwsEmulators } from '../support/aws-emulators.ts';
import { featuresCsv, featuresParquet } from '../support/sample-tables.ts';

interface SentCommand {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

let aws: AwsEmulators;
let client: S3Client;
/** Every command the client sent, recorded by a middleware (each is one HTTP request). */
const sent: SentCommand[] = [];

beforeAll(async () => {
  aws = await startAwsEmulators({ bucket: 'store-test', topic: 'unused' });
  client = new S3Client(aws.clientConfig);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ name: context.commandName ?? '', input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});

afterAll(async () => {
  client?.destroy();
  await aws?.stop();
});

describe('S3Store', () => {
  it('lists 1,200 keys by following continuation tokens, sorted by key', async () => {
    const store = new S3Store(client, 'store-test');
    const keys = Array.from({ length: 1200 }, (_, i) => `list/k-${String(1199 - i).padStart(4, '0')}.csv`);
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(keys.slice(i, i + 100).map((key) => store.putText(key, 'a\n1\n', 'text/csv')));
    }
    sent.length = 0;
    const listed = await store.list('list/');
    expect(listed).toHaveLength(1200);
    expect(listed[0].key).toBe('list/k-0000.csv');
    expect(listed.at(-1)?.key).toBe('list/k-1199.csv');
    expect(sent.filter((c) => c.name === 'ListObjectsV2Command').length).toBeGreaterThanOrEqual(2);
    expect(listed.every((o) => o.etag.length > 2 && o.size === 4)).toBe(true);
  });

  it('returns null for a missing object and the ETag of what it wrote', async () => {
    const store = new S3Store(client, 'store-test');
    expect(await store.getText('nothing/here.json')).toBeNull();
    const { etag } = await store.putText('state/x.json', '{"a":1}', 'application/json');
    expect(await store.getText('state/x.json')).toEqual({ text: '{"a":1}', etag });
  });

  it('uploads text above 8 MiB in parts and reads it back whole', async () => {
    const store = new S3Store(client, 'store-test');
    const text = 'é'.repeat(4.5 * 1024 * 1024); // 9 MiB of UTF-8
    sent.length = 0;
    await store.putText('cache/profile-big.json', text, 'application/json');
    expect(sent.map((c) => c.name)).toEqual([
      'CreateMultipartUploadCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'CompleteMultipartUploadCommand',
    ]);
    expect((await store.getText('cache/profile-big.json'))?.text).toBe(text);
  });

  it('uploads bytes above 8 MiB in parts and reads them back whole', async () => {
    const store = new S3Store(client, 'store-test');
    const bytes = Uint8Array.from({ length: 9 * 1024 * 1024 }, (_, i) => (i * 31) & 0xff);
    sent.length = 0;
    expect(await store.getBytes('cache/profile-none.bin')).toBeNull();
    await store.putBytes('cache/profile-big.bin', bytes, 'application/octet-stream');
    expect(sent.map((c) => c.name).slice(1)).toEqual([
      'CreateMultipartUploadCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'CompleteMultipartUploadCommand',
    ]);
    const read = await store.getBytes('cache/profile-big.bin');
    expect(read?.bytes.byteLength).toBe(bytes.byteLength);
    expect(Buffer.compare(Buffer.from(read!.bytes), Buffer.from(bytes))).toBe(0);
  });

  it('sends a write condition as If-None-Match or If-Match, on single and multipart uploads', async () => {
    const store = new S3Store(client, 'store-test');
    sent.length = 0;
    const { etag } = await store.putText('cond/h.json', '[]', 'application/json', { ifNoneMatch: '*' });
    await store.putText('cond/h.json', '[1]', 'application/json', { ifMatch: etag });
    await store.putText('cond/big.json', 'x'.repeat(9 * 1024 * 1024), 'application/json', { ifMatch: etag });
    expect(sent.map((c) => [c.name, c.input.IfNoneMatch, c.input.IfMatch])).toEqual([
      ['PutObjectCommand', '*', undefined],
      ['PutObjectCommand', undefined, etag],
      ['CreateMultipartUploadCommand', undefined, undefined],
      ['UploadPartCommand', undefined, undefined],
      ['UploadPartCommand', undefined, undefined],
      ['CompleteMultipartUploadCommand', undefined, etag],
    ]);
  });

  it.each([
    ['PreconditionFailed', 412],
    ['ConditionalRequestConflict', 409],
  ])('turns S3 %s (%i) on a conditional write into a WriteConflictError', async (name, status) => {
    const failing = new S3Client(aws.clientConfig);
    // S3's answer to an unmet condition or a racing write, injected before the request is sent.
    failing.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error(`${name} (injected)`), { name, $metadata: { httpStatusCode: status } });
      },
      { step: 'initialize', name: 'conditionFails' },
    );
    const store = new S3Store(failing, 'store-test');
    await expect(
      store.putText('cond/h.json', '[2]', 'application/json', { ifMatch: '"stale"' }),
    ).rejects.toBeInstanceOf(WriteConflictError);
    failing.destroy();
  });

  it('links objects to the S3 console', () => {
    const store = new S3Store(client, 'store-test', { region: 'eu-west-1' });
    expect(store.link('monitors/m/reports/a b/report.html')).toBe(
      'https://s3.console.aws.amazon.com/s3/object/store-test?region=eu-west-1&prefix=monitors%2Fm%2Freports%2Fa%20b%2Freport.html',
    );
  });
});

describe('S3ByteSource', () => {
  it('reads two of seven Parquet columns with ranged GETs only, fetching no more than their chunks and the footer', async () => {
    const store = new S3Store(client, 'store-test');
    // Many rows so the column chunks dominate the file and the footer is small beside them.
    const bytes = featuresParquet(60_000, 5, false);
    await client.send(
      new PutObjectCommand({ Bucket: 'store-test', Key: 'parquet/features.parquet', Body: bytes }),
    );
    // What the two columns occupy, by the file's own footer: the most a projected read needs.
    const metadata = parquetMetadata(bytes.buffer as ArrayBuffer);
    const wanted = ['device', 'is_new_customer'];
    const chunkBytes = metadata.row_groups
      .flatMap((group) => group.columns)
      .filter((chunk) => wanted.includes(chunk.meta_data!.path_in_schema[0]))
      .reduce((sum, chunk) => sum + Number(chunk.meta_data!.total_compressed_size), 0);
    const footerBytes = metadata.metadata_length + 8;
    const [object] = await store.list('parquet/');
    sent.length = 0;
    const source = store.source(object) as S3ByteSource;
    const reader = await openTable([source]);
    let rows = 0;
    for await (const batch of reader.batches(wanted)) rows += batch.rowCount;

    expect(rows).toBe(60_000);
    const gets = sent.filter((c) => c.name === 'GetObjectCommand');
    expect(gets.length).toBe(source.rangeGets);
    expect(gets.length).toBeGreaterThan(0);
    expect(
      gets.every((c) => typeof c.input.Range === 'string' && /^bytes=\d+-\d+$/.test(c.input.Range)),
    ).toBe(true);
    expect(sent.filter((c) => c.name === 'HeadObjectCommand')).toHaveLength(0);
    expect(source.streamGets).toBe(0);
    // Slack: the reader checks the leading and trailing magic and length words in their own reads.
    expect(source.bytesRead).toBeLessThanOrEqual(chunkBytes + footerBytes + 16);
    expect(source.bytesRead).toBeLessThan(object.size * 0.25);
  });

  it('streams a CSV object with whole GETs, never ranges', async () => {
    const store = new S3Store(client, 'store-test');
    await store.putText('csv/features.csv', featuresCsv(1000, 6, false), 'text/csv');
    const [object] = await store.list('csv/');
    sent.length = 0;
    const source = store.source(object) as S3ByteSource;
    const reader = await openTable([source]);
    let rows = 0;
    for await (const batch of reader.batches()) rows += batch.rowCount;
    expect(rows).toBe(1000);
    // The CSV reader may stream once for the header and once for the rows: whole passes either way.
    expect(source.streamGets).toBeGreaterThanOrEqual(1);
    expect(source.bytesRead).toBe(object.size * source.streamGets);
    expect(source.rangeGets).toBe(0);
    expect(sent.filter((c) => c.name === 'GetObjectCommand').every((c) => c.input.Range === undefined)).toBe(
      true,
    );
  });

  it('asks S3 for the size when it was not listed, and returns nothing for an empty range', async () => {
    const source = new S3ByteSource(client, 'store-test', 'csv/features.csv');
    const size = await source.size();
    expect(size).toBeGreaterThan(0);
    expect((await source.readRange(size, size + 10)).byteLength).toBe(0);
    const tail = new Uint8Array(await source.readRange(size - 5, size + 100));
    expect(tail.byteLength).toBe(5);
  });
});
