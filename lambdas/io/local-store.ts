import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import {
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ByteSource } from './byte-source.ts';
import { LocalFileSource } from './local-file-source.ts';
import type {
  SnapshotStore,
  StoredBytes,
  StoredObject,
  StoredText,
  WriteCondition,
} from './snapshot-store.ts';
import { StorePathError } from './store-path-error.ts';
import { WriteConflictError } from './write-conflict-error.ts';

/**
 * A local folder laid out like the bucket, for `driftwatch run` and the demo. ETags are
 * `"<size>-<mtime ms>"`: they change when a file is rewritten, which is all the baseline cache
 * needs, without hashing every file on each listing.
 *
 * Nothing is read or written outside the folder: a key may not hold `.` or `..` segments, and a
 * symbolic link (to a snapshot, a part file or a folder such as `reports/`) is followed only when
 * its real path lies inside the folder; any other link is refused with a StorePathError naming it,
 * never skipped.
 */
export class LocalStore implements SnapshotStore {
  readonly location: string;
  private realRoot: Promise<string> | null = null;

  constructor(root: string) {
    this.location = resolve(root);
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    // Walk from the deepest existing folder of the prefix; the prefix may end mid-name.
    const slash = prefix.lastIndexOf('/');
    const folderKey = slash >= 0 ? prefix.slice(0, slash + 1) : '';
    const folder = await this.realPathWithin(folderKey, this.pathOf(folderKey));
    if (folder !== null) await this.walk(folderKey, folder, [folder], objects);
    return objects
      .filter((object) => object.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** @param ancestors the real paths of the folders walked down to this one (a link back to one is a loop). */
  private async walk(
    folderKey: string,
    folder: string,
    ancestors: readonly string[],
    into: StoredObject[],
  ): Promise<void> {
    const entries: Dirent[] = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const key = `${folderKey}${entry.name}`;
      let path = join(folder, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        path = (await this.realPathWithin(key, path, true))!;
        const info = await stat(path);
        isDirectory = info.isDirectory();
        isFile = info.isFile();
        if (isDirectory && ancestors.includes(path)) {
          throw new StorePathError(
            `${this.shown(key)} is a symbolic link to ${path}, a folder that holds it (a loop)`,
          );
        }
      }
      if (isDirectory) await this.walk(`${key}/`, path, [...ancestors, path], into);
      else if (isFile) {
        const info = await stat(path);
        into.push({ key, size: info.size, etag: etagOf(info), lastModified: info.mtime });
      }
    }
  }

  async getText(key: string): Promise<StoredText | null> {
    const path = await this.realPathWithin(key, this.pathOf(key));
    if (path === null) return null;
    return gone(
      Promise.all([readFile(path, 'utf8'), stat(path)]).then(([text, info]) => ({
        text,
        etag: etagOf(info),
      })),
    );
  }

  async getBytes(key: string): Promise<StoredBytes | null> {
    const path = await this.realPathWithin(key, this.pathOf(key));
    if (path === null) return null;
    return gone(
      Promise.all([readFile(path), stat(path)]).then(([bytes, info]) => ({ bytes, etag: etagOf(info) })),
    );
  }

  // A file has no content type; the parameter keeps the SnapshotStore signature.
  async putText(
    key: string,
    text: string,
    _contentType?: string,
    condition?: WriteCondition,
  ): Promise<{ readonly etag: string }> {
    return this.put(key, text, condition);
  }

  async putBytes(key: string, bytes: Uint8Array, _contentType?: string): Promise<{ readonly etag: string }> {
    return this.put(key, bytes);
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    // The key's folder may be a link: removed only inside the store (the link at the key itself
    // is removed, never what it points to).
    const folder = await this.realPathWithin(key, dirname(path));
    if (folder === null) return;
    await rm(join(folder, path.slice(path.lastIndexOf(sep) + 1)), { force: true });
  }

  /**
   * A condition is checked just before the rename: enough for one person's runs on one folder,
   * not a lock between processes racing on the same key (S3's conditional writes are atomic).
   */
  private async put(
    key: string,
    body: string | Uint8Array,
    condition?: WriteCondition,
  ): Promise<{ readonly etag: string }> {
    const path = this.pathOf(key);
    // The store folder itself is the user's to name, wherever it is: made when missing.
    await mkdir(this.location, { recursive: true });
    // The folders on the way may be links (a `reports/` linked elsewhere): checked before any is
    // made, and again once made, so nothing is created or written outside the store.
    const folder = await this.folderWithin(key, dirname(path));
    const target = join(folder, path.slice(path.lastIndexOf(sep) + 1));
    // Write then rename, so a reader (or a crash) never sees half a state.json. The temporary
    // name is new (`wx` fails on anything already there, a planted link included); the rename
    // replaces a link at the key itself rather than writing through it.
    const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, body, { flag: 'wx' });
      if (condition !== undefined) await this.assertCondition(key, target, condition);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { etag: etagOf(await stat(target)) };
  }

  private async assertCondition(key: string, target: string, condition: WriteCondition): Promise<void> {
    const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    const held = 'ifMatch' in condition ? info !== null && etagOf(info) === condition.ifMatch : info === null;
    if (!held) {
      throw new WriteConflictError(
        `${this.shown(key)} changed since it was read: another writer got there first`,
      );
    }
  }

  source(object: StoredObject): ByteSource {
    return new LocalFileSource(this.pathOf(object.key), this.pathOf(object.key));
  }

  link(key: string): string {
    return this.pathOf(key);
  }

  private pathOf(key: string): string {
    const parts = key.split('/').filter((part) => part !== '');
    const bad = parts.find((part) => part === '..' || part === '.' || part.includes('\0'));
    if (bad !== undefined) {
      throw new StorePathError(
        `key "${key}" of the store folder ${this.location}: "${bad === '.' || bad === '..' ? bad : 'NUL'}" is not allowed in a key (keys name objects in the folder, never a way out of it)`,
      );
    }
    const path = resolve(this.location, ...parts);
    return key.endsWith('/') ? join(path, sep) : path;
  }

  /**
   * The real path of a key's file or folder, or null when nothing is there; a StorePathError when
   * it resolves outside the store (through a link anywhere on the way).
   * @param linked the path is a link: a dangling one is an error, not a missing object
   */
  private async realPathWithin(key: string, path: string, linked = false): Promise<string | null> {
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (!linked) return null;
      const target = await readlink(path).catch(() => '?');
      throw new StorePathError(`${this.shown(key)} is a symbolic link to ${target}, which does not exist`);
    }
    await this.assertWithin(key, real);
    return real;
  }

  /** A key's folder, made if missing, once its nearest existing folder is known to lie inside. */
  private async folderWithin(key: string, folder: string): Promise<string> {
    let existing = folder;
    for (;;) {
      const linked = (await lstat(existing).catch(() => null))?.isSymbolicLink() === true;
      if ((await this.realPathWithin(key, existing, linked)) !== null) break;
      existing = dirname(existing);
    }
    await mkdir(folder, { recursive: true });
    return (await this.realPathWithin(key, folder))!;
  }

  private async assertWithin(key: string, real: string): Promise<void> {
    this.realRoot ??= realpath(this.location);
    let root: string;
    try {
      root = await this.realRoot;
    } catch (error) {
      // Not there yet (nothing to escape to): asked again once it is made.
      this.realRoot = null;
      throw error;
    }
    if (real === root || real.startsWith(root + sep)) return;
    throw new StorePathError(
      `${this.shown(key)} leads to ${real}, outside the store folder ${root}: a symbolic link in the store may only point inside it (copy the data in, or point --store at a folder holding both)`,
    );
  }

  private shown(key: string): string {
    return `${this.location}${sep}${key}`;
  }
}

function etagOf(info: { size: number; mtimeMs: number }): string {
  return `"${info.size}-${Math.round(info.mtimeMs)}"`;
}

/** A file removed between finding and reading it is missing, as it would be a moment later. */
async function gone<T>(reading: Promise<T>): Promise<T | null> {
  try {
    return await reading;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
