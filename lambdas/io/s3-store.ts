import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { ByteSource } from './byte-source.ts';
import { S3ByteSource, type S3Call } from './s3-byte-source.ts';
import type {
  SnapshotStore,
  StoredBytes,
  StoredObject,
  StoredText,
  WriteCondition,
} from './snapshot-store.ts';
import { WriteConflictError } from './write-conflict-error.ts';

/**
 * Objects above this go up in parts: a cached baseline profile keeps up to a million values per
 * numeric column (tens of MB), and one request that large is slow to retry after a blip.
 * S3's smallest part is 5 MiB.
 */
const MULTIPART_PART_BYTES = 8 * 1024 * 1024;

/** A bucket as a SnapshotStore. Every call goes through `call`, which retries transient failures. */
export class S3Store implements SnapshotStore {
  readonly location: string;
  private readonly call: S3Call;

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    options: { call?: S3Call; region?: string } = {},
  ) {
    this.location = `s3://${bucket}`;
    this.call = options.call ?? ((_label, operation) => operation());
    this.region = options.region;
  }

  private readonly region: string | undefined;

  async list(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    let token: string | undefined;
    // ListObjectsV2 returns at most 1,000 keys per page.
    do {
      const page = await this.call(`ListObjectsV2 ${this.location}/${prefix}`, () =>
        this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
        ),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        objects.push({
          key: item.Key,
          size: item.Size ?? 0,
          etag: item.ETag ?? '',
          lastModified: item.LastModified ?? new Date(0),
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async getText(key: string): Promise<StoredText | null> {
    try {
      return await this.call(`GetObject ${this.location}/${key}`, async () => {
        const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
        const text = (await response.Body?.transformToString('utf-8')) ?? '';
        return { text, etag: response.ETag ?? '' };
      });
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async getBytes(key: string): Promise<StoredBytes | null> {
    try {
      return await this.call(`GetObject ${this.location}/${key}`, async () => {
        const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
        const bytes = (await response.Body?.transformToByteArray()) ?? new Uint8Array(0);
        return { bytes, etag: response.ETag ?? '' };
      });
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async putText(
    key: string,
    text: string,
    contentType: string,
    condition?: WriteCondition,
  ): Promise<{ readonly etag: string }> {
    const ContentType = contentType.includes('charset') ? contentType : `${contentType}; charset=utf-8`;
    return this.put(key, Buffer.from(text, 'utf8'), ContentType, condition);
  }

  async putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<{ readonly etag: string }> {
    return this.put(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType);
  }

  async delete(key: string): Promise<void> {
    await this.call(`DeleteObject ${this.location}/${key}`, () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })),
    );
  }

  private async put(
    key: string,
    body: Buffer,
    ContentType: string,
    condition?: WriteCondition,
  ): Promise<{ readonly etag: string }> {
    const conditions = conditionHeaders(condition);
    if (body.byteLength > MULTIPART_PART_BYTES) return this.putInParts(key, body, ContentType, conditions);
    const response = await conflicts(`${this.location}/${key}`, () =>
      this.call(`PutObject ${this.location}/${key}`, () =>
        this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType, ...conditions }),
        ),
      ),
    );
    return { etag: response.ETag ?? '' };
  }

  private async putInParts(
    key: string,
    body: Buffer,
    ContentType: string,
    conditions: ConditionHeaders = {},
  ): Promise<{ readonly etag: string }> {
    const name = `${this.location}/${key}`;
    const { UploadId } = await this.call(`CreateMultipartUpload ${name}`, () =>
      this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType })),
    );
    try {
      const parts: { ETag: string; PartNumber: number }[] = [];
      for (let offset = 0; offset < body.byteLength; offset += MULTIPART_PART_BYTES) {
        const PartNumber = parts.length + 1;
        const part = await this.call(`UploadPart ${name} #${PartNumber}`, () =>
          this.client.send(
            new UploadPartCommand({
              Bucket: this.bucket,
              Key: key,
              UploadId,
              PartNumber,
              Body: body.subarray(offset, offset + MULTIPART_PART_BYTES),
            }),
          ),
        );
        parts.push({ ETag: part.ETag ?? '', PartNumber });
      }
      const done = await conflicts(name, () =>
        this.call(`CompleteMultipartUpload ${name}`, () =>
          this.client.send(
            new CompleteMultipartUploadCommand({
              Bucket: this.bucket,
              Key: key,
              UploadId,
              MultipartUpload: { Parts: parts },
              ...conditions,
            }),
          ),
        ),
      );
      return { etag: done.ETag ?? '' };
    } catch (error) {
      // Unfinished uploads are billed until aborted (or a lifecycle rule removes them).
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId }))
        .catch(() => {});
      throw error;
    }
  }

  source(object: StoredObject): ByteSource {
    return new S3ByteSource(this.client, this.bucket, object.key, { size: object.size, call: this.call });
  }

  link(key: string): string {
    const region = this.region ? `region=${encodeURIComponent(this.region)}&` : '';
    return `https://s3.console.aws.amazon.com/s3/object/${encodeURIComponent(this.bucket)}?${region}prefix=${encodeURIComponent(key)}`;
  }
}

type ConditionHeaders = { IfMatch?: string; IfNoneMatch?: string };

function conditionHeaders(condition: WriteCondition | undefined): ConditionHeaders {
  if (condition === undefined) return {};
  return 'ifMatch' in condition ? { IfMatch: condition.ifMatch } : { IfNoneMatch: condition.ifNoneMatch };
}

/**
 * S3 conditional writes ("How to prevent object overwrites with conditional writes", Amazon S3
 * User Guide, https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html; the
 * PutObject and CompleteMultipartUpload API references): an unmet `If-Match` or `If-None-Match`
 * answers 412 PreconditionFailed and writes nothing; a write racing another on the same key may
 * answer 409 ConditionalRequestConflict, after which the documented remedy is to read the ETag
 * again and retry. Both mean "read again and redo the change".
 */
async function conflicts<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = (error as { name?: string }).name;
    if (code === 'PreconditionFailed' || code === 'ConditionalRequestConflict') {
      throw new WriteConflictError(
        `${name} changed since it was read (${code}): another writer got there first`,
      );
    }
    throw error;
  }
}
