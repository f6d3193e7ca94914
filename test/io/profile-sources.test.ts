import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localSources } from '../../lambdas/io/local-files.ts';
import { profileSources } from '../../lambdas/io/profile-sources.ts';

describe('profileSources with compareOnly', () => {
  it('reads a table again in full when a column with numbers turns out categorical', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'profile-sources-'));
    const path = join(dir, 'mixed.csv');
    // `code` starts with numbers (written two ways: the first text is the label) and then words
    // are the majority: a categorical column whose numbers a compare-only read leaves out.
    const rows = ['code,x'];
    for (let i = 0; i < 3000; i++) {
      const code = i < 500 ? (i % 2 === 0 ? '1.50' : '1.5') : `w${i % 7}`;
      rows.push(`${code},${(i * 7919) % 1013}`);
    }
    await writeFile(path, `${rows.join('\n')}\n`);
    const full = await profileSources(await localSources(path), {});
    const lean = await profileSources(await localSources(path), { profilerOptions: { compareOnly: true } });
    const code = (profile: typeof full) => profile.columns.find((c) => c.name === 'code');
    expect(code(lean)?.categories).toEqual(code(full)?.categories);
    expect(code(lean)?.categories.counts.get('1.50')).toBe(500);
    expect(lean.columns.map((c) => c.name)).toEqual(['code', 'x']);
  });

  it('leaves the numbers of a numeric column out of its table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'profile-sources-'));
    const path = join(dir, 'numbers.csv');
    const rows = ['x'];
    for (let i = 0; i < 3000; i++) rows.push(String((i * 7919) % 1013));
    await writeFile(path, `${rows.join('\n')}\n`);
    const full = await profileSources(await localSources(path), {});
    const lean = await profileSources(await localSources(path), { profilerOptions: { compareOnly: true } });
    expect(full.columns[0].categories.counts.size).toBeGreaterThan(0);
    expect(lean.columns[0].categories.counts.size).toBe(0);
    expect(lean.columns[0].numbers).toEqual(full.columns[0].numbers);
  });
});
