import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The bytes of uploaded and generated files on disk, under `<files dir>/<first 2 hex of id>/<id>`:
 * the two-character fan-out keeps any one directory small. Names are ids only, so nothing a
 * client sends ever becomes part of a path.
 */
export function createFileStore(dir: string) {
  const relativePath = (id: string) => path.posix.join(id.slice(0, 2), id);
  return {
    relativePath,
    absolutePath: (storagePath: string) => path.join(dir, storagePath),

    /** Writes the bytes for a new id; `wx` refuses to overwrite, so an id is never reused. */
    async write(id: string, bytes: Buffer): Promise<string> {
      const rel = relativePath(id);
      await mkdir(path.join(dir, path.dirname(rel)), { recursive: true });
      await writeFile(path.join(dir, rel), bytes, { flag: 'wx', mode: 0o640 });
      return rel;
    },

    /** Best-effort clean-up after a failed insert; a leftover blob without a row is harmless. */
    async remove(storagePath: string): Promise<void> {
      await rm(path.join(dir, storagePath), { force: true });
    },
  };
}

export type FileStore = ReturnType<typeof createFileStore>;

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
