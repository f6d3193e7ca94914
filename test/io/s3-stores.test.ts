import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noRetry } from '../../lambdas/adapters/retry.ts';
import { createS3Client, monitorStores } from '../../lambdas/io/s3-stores.ts';

const BUCKET_REGION = 'eu-central-1';
const BUCKET = 'data-in-frankfurt';

/** The region a SigV4 request was signed for: `Credential=<key>/<date>/<region>/s3/aws4_request`. */
function signedRegion(request: IncomingMessage): string | undefined {
  return /Credential=[^/]+\/\d+\/([^/]+)\/s3\//.exec(request.headers.authorization ?? '')?.[1];
}

/**
 * A bucket in another region, answering as S3 does (Amazon S3 API reference, "Error
 * responses": PermanentRedirect, 301, with the bucket's region in `x-amz-bucket-region`)
 * to any request signed for another region, and listing one object to a request signed for its own.
 */
let server: Server;
let endpoint: string;
const signedFor: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const region = signedRegion(request) ?? '';
    signedFor.push(region);
    if (region !== BUCKET_REGION) {
      response.writeHead(301, { 'content-type': 'application/xml', 'x-amz-bucket-region': BUCKET_REGION });
      response.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message></Error>',
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'application/xml' });
    response.end(
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${BUCKET}</Name><Prefix>m/snapshots/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>m/snapshots/2026-12-01.csv</Key><LastModified>2026-12-01T00:00:00.000Z</LastModified><ETag>"abc"</ETag><Size>42</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>`,
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((closed) => server.close(() => closed()));
});

const clientConfig = () => ({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

describe('the S3 client every Lambda uses', () => {
  it('reads a monitor bucket in another region by following S3 region redirects', async () => {
    signedFor.length = 0;
    const { dataStore } = await monitorStores({
      client: createS3Client(clientConfig()),
      stateBucket: 'stack-bucket',
      dataBucket: BUCKET,
      call: noRetry,
    });
    const listed = await dataStore.list('m/snapshots/');
    expect(listed.map((object) => object.key)).toEqual(['m/snapshots/2026-12-01.csv']);
    expect(signedFor).toEqual(['us-east-1', BUCKET_REGION]);
  });

  it('is what a default SDK client is not: one fails on the same bucket with PermanentRedirect', async () => {
    const { dataStore } = await monitorStores({
      client: new S3Client(clientConfig()),
      stateBucket: 'stack-bucket',
      dataBucket: BUCKET,
      call: noRetry,
    });
    await expect(dataStore.list('m/snapshots/')).rejects.toMatchObject({ name: 'PermanentRedirect' });
  });
});

describe('monitor stores', () => {
  it('read data from the stack bucket when the monitor names none, and write state there always', async () => {
    const stores = await monitorStores({
      client: createS3Client(clientConfig()),
      stateBucket: 'stack-bucket',
      dataBucket: undefined,
      call: noRetry,
    });
    expect(stores.dataStore).toBe(stores.stateStore);
    expect(stores.stateStore.location).toBe('s3://stack-bucket');
  });
});
