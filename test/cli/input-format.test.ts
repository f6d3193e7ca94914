import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.ts';

const CAPTURE = join(REPO, 'test', 'fixtures', 'capture');

describe('driftwatch check --input-format sagemaker-capture', () => {
  it('compares SageMaker capture records with their equivalent CSV: nothing drifted', async () => {
    const result = await runCli([
      'check',
      '--baseline',
      join(CAPTURE, 'equivalent.csv'),
      '--current',
      join(CAPTURE, 'capture-csv.jsonl'),
      '--input-format',
      'sagemaker-capture',
      '--capture-columns',
      'amount,age,device',
      '--format',
      'json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.status).toBe('ok');
    expect(report.current.rowCount).toBe(400);
    expect(report.features.map((feature: { name: string }) => feature.name)).toEqual([
      'amount',
      'age',
      'device',
      'prediction',
    ]);
    expect(report.dataset.driftedCount).toBe(0);
  });

  it('refuses --capture-columns without the capture format', async () => {
    const result = await runCli([
      'check',
      '--baseline',
      join(CAPTURE, 'equivalent.csv'),
      '--current',
      join(CAPTURE, 'equivalent.csv'),
      '--capture-columns',
      'a',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--capture-columns applies only to --input-format sagemaker-capture');
  });
});
