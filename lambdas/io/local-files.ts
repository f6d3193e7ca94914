import type { Stats } from 'node:fs';
import { readdir, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SnapshotFormatError } from '../core/errors.ts';
import type { ByteSource } from './byte-source.ts';
import { detectFormat, type TableFormatName } from './format.ts';
import { LocalFileSource } from './local-file-source.ts';
import { isWriterLeftover, isWriterMarker } from './writer-leftovers.ts';

export interface LocalSourcesOptions {
  /** Read every file as this format whatever its name (`--input-format`). @default by extension */
  readonly format?: TableFormatName;
  /**
   * Told the files of a folder that are skipped though no writer leaves them as markers (hidden
   * files such as `.DS_Store`), so a caller can say so; called once per folder with at least one.
   */
  readonly onSkipped?: (folder: string, names: readonly string[]) => void;
}

/**
 * The data files at a local path: the file itself, or a folder's data files sorted by name
 * (code-unit order, so `part-00010` follows `part-00009`). Nested folders are not read.
 * A symbolic link is read as what it points to (the paths are the user's own choice, so unlike a
 * store folder there is no boundary to keep): a link to a folder is a subfolder, a dangling link
 * an error naming it.
 * @throws SnapshotFormatError for a missing path, an unknown file in the folder, a subfolder,
 * a dangling link, or a folder with no data files.
 */
export async function localSources(path: string, options: LocalSourcesOptions = {}): Promise<ByteSource[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new SnapshotFormatError(path, null, 'no such file or folder', { cause: error });
  }
  if (info.isFile()) {
    detectFormat(path, options.format);
    return [new LocalFileSource(path)];
  }
  const entries = await readdir(path, { withFileTypes: true });
  const names = entries.map((entry) => entry.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const sources: ByteSource[] = [];
  const skipped: string[] = [];
  for (const name of names) {
    if (isWriterLeftover(name)) {
      if (!isWriterMarker(name)) skipped.push(name);
      continue;
    }
    const filePath = join(path, name);
    const entry = entries.find((candidate) => candidate.name === name)!;
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await linkTarget(filePath)).isDirectory())) {
      throw new SnapshotFormatError(
        filePath,
        null,
        'is a folder; nested folders (e.g. Hive partitions like date=2026-01-01/) are not read — point at the folder holding the part files',
      );
    }
    detectFormat(filePath, options.format);
    sources.push(new LocalFileSource(filePath));
  }
  if (skipped.length > 0) options.onSkipped?.(path, skipped);
  if (sources.length === 0) {
    throw new SnapshotFormatError(
      path,
      null,
      names.length === 0
        ? 'the folder is empty; expected data files'
        : 'the folder has no data files, only writer marker files (_SUCCESS, .crc, hidden files)',
    );
  }
  return sources;
}

/** What a link in a table folder points to; a dangling link is bad input naming it. */
async function linkTarget(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    const target = await readlink(path).catch(() => '?');
    throw new SnapshotFormatError(path, null, `is a symbolic link to ${target}, which does not exist`, {
      cause: error,
    });
  }
}
