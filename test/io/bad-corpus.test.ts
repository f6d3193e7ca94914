import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SnapshotFormatError } from '../../lambdas/core/errors.ts';
import { localSources } from '../../lambdas/io/local-files.ts';
import { openTable } from '../../lambdas/io/open-table.ts';
import { collect, fixture } from './fixture-truth.ts';

// test/fixtures/bad/README.md is the contract: every file is listed, and every listed reader
// error is what openTable + reading actually raise (`<...>` stands for a library message, `…`
// for an elided tail, `<dir>` for the corpus folder).
const BAD = fixture('bad');
const readme = readFileSync(fixture('bad', 'README.md'), 'utf8');
const [errorsSection, fineSection] = readme.split('## Read without error');

function tableRows(section: string): [string, string][] {
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split(' | ');
      const file = cells[0].replace(/^\| `|`$/g, '').replace(/\/$/, '');
      return [file, cells[cells.length - 1].replace(/ \|$/, '')];
    });
}

const errorRows = tableRows(errorsSection);
const expectedByFile = new Map<string, string>();
for (const [file, outcome] of errorRows) {
  const sameAs = /^same as `(.+)`$/.exec(outcome);
  const messages = [...outcome.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  expectedByFile.set(
    file,
    sameAs ? expectedByFile.get(sameAs[1])!.replace(sameAs[1], file) : messages.at(-1)!,
  );
}

function messagePattern(file: string, message: string): RegExp {
  const withDir = message.startsWith(file) ? `<dir>/${message}` : message;
  const escaped = withDir
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/<dir>/g, BAD.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .replace(/<[^>]+>/g, '.+')
    .replace(/…/g, '.*');
  return new RegExp(`^${escaped}$`);
}

describe('the bad-input corpus', () => {
  it('lists every file of the corpus in its README', () => {
    const listed = new Set(
      [...tableRows(errorsSection), ...tableRows(fineSection)].flatMap(([f]) =>
        f.split(' / ').map((x) => x.replace(/`/g, '')),
      ),
    );
    const present = readdirSync(BAD).filter((name) => name !== 'README.md');
    expect(present.filter((name) => !listed.has(name))).toEqual([]);
  });

  it.each([...expectedByFile])('%s fails with the message its README row gives', async (file, message) => {
    const error = await (async () => {
      const reader = await openTable(await localSources(fixture('bad', file)));
      await collect(reader);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotFormatError);
    expect((error as Error).message).toMatch(messagePattern(file, message));
  });

  it.each(tableRows(fineSection).flatMap(([f]) => f.split(' / ').map((x) => x.replace(/`/g, ''))))(
    '%s reads without error',
    async (file) => {
      await collect(await openTable(await localSources(fixture('bad', file))));
    },
  );
});
