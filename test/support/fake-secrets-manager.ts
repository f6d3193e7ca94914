import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSecretsManager {
  /** For AWS_ENDPOINT_URL_SECRETS_MANAGER. */
  readonly endpoint: string;
  /** GetSecretValue calls, by SecretId. */
  readonly reads: string[];
  stop(): Promise<void>;
}

/**
 * A local Secrets Manager endpoint for GetSecretValue as @aws-sdk/client-secrets-manager
 * sends it: AWS JSON 1.1, `POST /`, `X-Amz-Target: secretsmanager.GetSecretValue`.
 */
export async function startFakeSecretsManager(secrets: Record<string, string>): Promise<FakeSecretsManager> {
  const reads: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(payload));
      };
      if (target !== 'secretsmanager.GetSecretValue' || SecretId === undefined) {
        return reply(400, { __type: 'InvalidRequestException', message: `unsupported ${target}` });
      }
      reads.push(SecretId);
      const value = secrets[SecretId];
      if (value === undefined) {
        return reply(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
      }
      reply(200, {
        ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${SecretId}-AbCdEf`,
        Name: SecretId,
        SecretString: value,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reads,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
