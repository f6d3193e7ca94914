import { describe, expect, it } from 'vitest';
import { completesSnapshot } from '../lambdas/upload-trigger.ts';

const folder = 'monitors/fraud/snapshots/';

describe('completesSnapshot', () => {
  it.each([
    ['a single file in snapshots/', `${folder}2026-12-06T10.parquet`, true],
    ["a folder's _SUCCESS marker", `${folder}2026-12-06T10/_SUCCESS`, true],
    ['a part file in a snapshot folder', `${folder}2026-12-06T10/part-00000.parquet`, false],
    ['a marker in a nested folder', `${folder}2026-12-06T10/day=1/_SUCCESS`, false],
    ['a writer leftover at the top level', `${folder}.part-0.crc`, false],
    ['a _SUCCESS directly in snapshots/', `${folder}_SUCCESS`, false],
    ['a key outside the folder', 'monitors/fraud/reports/2026-12-06T10/report.json', false],
    ['the folder marker itself', folder, false],
  ])('%s: %s → %s', (_, key, expected) => {
    expect(completesSnapshot(key, folder)).toBe(expected);
  });
});
