import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { S3Call } from './s3-byte-source.ts';
import { S3Store } from './s3-store.ts';

/**
 * The one S3 client every Lambda uses, from the SDK's standard settings (region, credentials,
 * AWS_ENDPOINT_URL_S3) plus `config` (tests pass an emulator's endpoint).
 *
 * `followRegionRedirects`: a monitor's own `bucket` may live in another region than the stack.
 * S3 answers a request signed for the wrong region with 301 PermanentRedirect; with this flag
 * the SDK retries it in the region S3 names ("Amazon S3 region redirects", AWS SDK for
 * JavaScript v3 developer guide, migrate-s3). It costs one extra request per client and bucket
 * only when the regions differ.
 */
export function createS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...config, followRegionRedirects: true });
}

/** Where a monitor's data is read from and its reports, cache and state are written to. */
export interface MonitorStores {
  /** The stack's bucket: reports, cache (partial profiles included), state. */
  readonly stateStore: S3Store;
  /** The monitor's own `bucket` if it names one (read only), else the stack's bucket. */
  readonly dataStore: S3Store;
}

/** The stores of one monitor, every call through `call` (retries). */
export async function monitorStores(options: {
  readonly client: S3Client;
  readonly stateBucket: string;
  readonly dataBucket: string | undefined;
  readonly call: S3Call;
}): Promise<MonitorStores> {
  const { client, stateBucket, dataBucket, call } = options;
  const region = await client.config.region();
  const stateStore = new S3Store(client, stateBucket, { call, region });
  const dataStore = dataBucket === undefined ? stateStore : new S3Store(client, dataBucket, { call, region });
  return { stateStore, dataStore };
}
