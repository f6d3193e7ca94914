import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One PutMetricData call as the fake received it. */
export interface RecordedMetricCall {
  readonly target: string;
  readonly gzipped: boolean;
  readonly namespace: string;
  readonly metricData: readonly RecordedDatum[];
}

export interface RecordedDatum {
  readonly MetricName: string;
  readonly Dimensions?: readonly { Name: string; Value: string }[];
  /** Epoch seconds, as the AWS JSON 1.0 protocol sends it. */
  readonly Timestamp?: number;
  readonly Value?: number;
  readonly Unit?: string;
}

export interface FakeCloudWatch {
  /** `http://127.0.0.1:<port>`, for AWS_ENDPOINT_URL_CLOUDWATCH or a client's `endpoint`. */
  readonly endpoint: string;
  readonly calls: RecordedMetricCall[];
  /** Makes the next `count` requests fail with a 500 (or the given error). */
  failNext(count: number, error?: { status: number; type: string; message: string }): void;
  stop(): Promise<void>;
}

/**
 * A local CloudWatch endpoint speaking what @aws-sdk/client-cloudwatch sends (FIELD-NOTES.md):
 * AWS JSON 1.0, `POST /`, `X-Amz-Target: GraniteServiceVersion20100801.<Op>`, bodies of 10 KiB
 * or more gzipped. It records PutMetricData calls, answers `{}`, and rejects what real
 * CloudWatch rejects that matters here: more than 1,000 metrics, NaN/Infinity values.
 */
export async function startFakeCloudWatch(): Promise<FakeCloudWatch> {
  const calls: RecordedMetricCall[] = [];
  let failures: { count: number; error: { status: number; type: string; message: string } } = {
    count: 0,
    error: { status: 500, type: 'InternalServiceError', message: 'injected failure' },
  };
  const server: Server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown, errorCode?: string) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        ...(errorCode
          ? { 'x-amzn-query-error': `${errorCode};${status >= 500 ? 'Receiver' : 'Sender'}` }
          : {}),
      });
      response.end(JSON.stringify(body));
    };
    const fail = (status: number, type: string, message: string) =>
      reply(status, { __type: `com.amazonaws.cloudwatch#${type}`, message }, type);
    try {
      const raw = await readBody(request);
      const gzipped = request.headers['content-encoding'] === 'gzip';
      const target = String(request.headers['x-amz-target'] ?? '');
      if (failures.count > 0) {
        failures.count--;
        return fail(failures.error.status, failures.error.type, failures.error.message);
      }
      if (!target.endsWith('.PutMetricData')) return fail(400, 'UnknownOperationException', target);
      const text = (gzipped ? gunzipSync(raw) : raw).toString('utf8');
      // JSON.parse turns NaN/Infinity into errors already: the SDK would send them as strings.
      const body = JSON.parse(text) as { Namespace?: string; MetricData?: RecordedDatum[] };
      const data = body.MetricData ?? [];
      if (data.length > 1000)
        return fail(
          400,
          'InvalidParameterValue',
          'The collection MetricData must not have a size greater than 1000.',
        );
      for (const datum of data) {
        if (datum.Value !== undefined && (typeof datum.Value !== 'number' || !Number.isFinite(datum.Value))) {
          return fail(
            400,
            'InvalidParameterValue',
            `The value ${String(datum.Value)} for parameter MetricData.member.Value is invalid.`,
          );
        }
      }
      calls.push({ target, gzipped, namespace: body.Namespace ?? '', metricData: data });
      reply(200, {});
    } catch (error) {
      fail(400, 'SerializationException', String(error));
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    failNext(count, error) {
      failures = { count, error: error ?? failures.error };
    },
    stop: () =>
      new Promise<void>((done, reject) => server.close((error) => (error ? reject(error) : done()))),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The data of one metric name put since the `since`-th recorded call, in order. */
export function metricDataPut(cloudWatch: FakeCloudWatch, name: string, since = 0) {
  return cloudWatch.calls
    .slice(since)
    .flatMap((call) => call.metricData)
    .filter((datum) => datum.MetricName === name);
}
