import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ByteSource } from './byte-source.ts';
import { LocalFileSource } from './local-file-source.ts';
import type { SnapshotStore, StoredBytes, StoredObject, StoredText } from './snapshot-store.ts';

/**
 * A local folder laid out like the bucket, for `driftwatch run` and the demo. ETags are
 * `"<size>-<mtime ms>"`: they change when a file is rewritten, which is all the baseline cache
 * needs, without hashing every file on each listing.
 */
export class LocalStore implements SnapshotStore {
  readonly location: string;

  constructor(root: string) {
    this.location = resolve(root);
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    // Walk from the deepest existing folder of the prefix; the prefix may end mid-name.
    const slash = prefix.lastIndexOf('/');
    const folderKey = slash >= 0 ? prefix.slice(0, slash + 1) : '';
    await this.walk(folderKey, objects);
    return objects
      .filter((object) => object.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private async walk(folderKey: string, into: StoredObject[]): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(this.pathOf(folderKey), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const key = `${folderKey}${entry.name}`;
      if (entry.isDirectory()) await this.walk(`${key}/`, into);
      else if (entry.isFile()) {
        const info = await stat(this.pathOf(key));
        into.push({ key, size: info.size, etag: etagOf(info), lastModified: info.mtime });
      }
    }
  }

  async getText(key: string): Promise<StoredText | null> {
    const path = this.pathOf(key);
    try {
      const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
      return { text, etag: etagOf(info) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async getBytes(key: string): Promise<StoredBytes | null> {
    const path = this.pathOf(key);
    try {
      const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
      return { bytes, etag: etagOf(info) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  // A file has no content type; the parameter keeps the SnapshotStore signature.
  async putText(key: string, text: string, _contentType?: string): Promise<{ readonly etag: string }> {
    return this.put(key, text);
  }

  async putBytes(key: string, bytes: Uint8Array, _contentType?: string): Promise<{ readonly etag: string }> {
    return this.put(key, bytes);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private async put(key: string, body: string | Uint8Array): Promise<{ readonly etag: string }> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename, so a reader (or a crash) never sees half a state.json.
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, body);
    await rename(temporary, path);
    return { etag: etagOf(await stat(path)) };
  }

  source(object: StoredObject): ByteSource {
    return new LocalFileSource(this.pathOf(object.key), this.pathOf(object.key));
  }

  link(key: string): string {
    return this.pathOf(key);
  }

  private pathOf(key: string): string {
    const path = resolve(this.location, ...key.split('/').filter((part) => part !== ''));
    if (path !== this.location && !path.startsWith(this.location + sep)) {
      throw new Error(`key "${key}" leaves the store folder ${this.location}`);
    }
    return key.endsWith('/') ? join(path, sep) : path;
  }
}

function etagOf(info: { size: number; mtimeMs: number }): string {
  return `"${info.size}-${Math.round(info.mtimeMs)}"`;
}
