import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../db/knex.js';
import { createFileStore, sha256Hex } from './file-store.js';

/** Either the database or an open transaction of the caller. */
type Queryable = Db | Tx;

export type FilePurpose = 'material' | 'document';

export interface FileRecord {
  id: string;
  ownerId: string;
  caseId: string | null;
  purpose: FilePurpose;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  /** Relative to the files directory. */
  storagePath: string;
  createdAt: Date;
}

type Row = {
  id: string;
  owner_id: string;
  case_id: string | null;
  purpose: FilePurpose;
  name: string;
  size: string | number;
  mime: string;
  sha256: string;
  storage_path: string;
  created_at: Date;
};

// Ids usually come from a request body: anything that is not a UUID cannot name a file, and
// PostgreSQL would answer it with a type error instead of "not found".
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const validIds = (ids: readonly string[]) => [...new Set(ids)].filter((id) => UUID.test(id));

const toRecord = (r: Row): FileRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  caseId: r.case_id,
  purpose: r.purpose,
  name: r.name,
  size: Number(r.size),
  mime: r.mime,
  sha256: r.sha256,
  storagePath: r.storage_path,
  createdAt: new Date(r.created_at),
});

export interface NewFile {
  ownerId: string;
  caseId?: string | null;
  purpose: FilePurpose;
  name: string;
  mime: string;
  bytes: Buffer;
}

/**
 * The `files` table and the bytes behind it. Every function takes the query runner first, so the
 * case flow can run them inside its own transaction.
 */
export function createFilesRepository(filesDir: string) {
  const store = createFileStore(filesDir);

  /** Writes the bytes, then the row; the bytes are removed again when the row cannot be written. */
  async function create(q: Queryable, f: NewFile): Promise<FileRecord> {
    const id = randomUUID();
    const storagePath = await store.write(id, f.bytes);
    try {
      const [row] = (await q('files')
        .insert({
          id,
          owner_id: f.ownerId,
          case_id: f.caseId ?? null,
          purpose: f.purpose,
          name: f.name,
          size: f.bytes.length,
          mime: f.mime,
          sha256: sha256Hex(f.bytes),
          storage_path: storagePath,
        })
        .returning('*')) as Row[];
      return toRecord(row as Row);
    } catch (err) {
      await store.remove(storagePath);
      throw err;
    }
  }

  return {
    create,

    absolutePath: (file: FileRecord) => store.absolutePath(file.storagePath),

    async findById(q: Queryable, id: string): Promise<FileRecord | null> {
      if (!UUID.test(id)) return null;
      const row = (await q('files').where({ id }).first()) as Row | undefined;
      return row ? toRecord(row) : null;
    },

    /**
     * The user's own uploaded materials among `ids` that no case uses yet, locked until the
     * caller's transaction ends so two applications cannot both attach the same file.
     */
    async findOwnedUnattached(trx: Tx, ids: readonly string[], ownerId: string): Promise<FileRecord[]> {
      const wanted = validIds(ids);
      if (wanted.length === 0) return [];
      const rows = (await trx('files')
        .whereIn('id', wanted)
        .andWhere({ owner_id: ownerId, purpose: 'material' })
        .whereNull('case_id')
        .forUpdate()) as Row[];
      return rows.map(toRecord);
    },

    /** The files among `ids`, in no particular order (unknown ids are left out). */
    async findMany(q: Queryable, ids: readonly string[]): Promise<FileRecord[]> {
      const wanted = validIds(ids);
      if (wanted.length === 0) return [];
      return ((await q('files').whereIn('id', wanted)) as Row[]).map(toRecord);
    },

    /** The material files of a case that the user uploaded. */
    async materialIdsOfCase(q: Queryable, caseId: string, ownerId: string): Promise<string[]> {
      return (await q('files')
        .where({ case_id: caseId, owner_id: ownerId, purpose: 'material' })
        .pluck('id')) as string[];
    },

    /** Releases a case's material files except `keep`, so they may be used again (draft edits, draft deletion). */
    async detachMaterials(q: Queryable, caseId: string, keep: readonly string[] = []): Promise<void> {
      const query = q('files').where({ case_id: caseId, purpose: 'material' });
      const kept = validIds(keep);
      if (kept.length) query.whereNotIn('id', kept);
      await query.update({ case_id: null });
    },

    /** Attaches still-unattached files to the case; returns how many were attached. */
    async attachToCase(trx: Tx, ids: readonly string[], caseId: string): Promise<number> {
      const wanted = validIds(ids);
      if (wanted.length === 0) return 0;
      return trx('files').whereIn('id', wanted).whereNull('case_id').update({ case_id: caseId });
    },

    /** Stores a generated document (a notice PDF) of the case; returns the file id. */
    async storeGenerated(
      trx: Queryable,
      g: { ownerId: string; caseId: string; name: string; bytes: Buffer; mime: string },
    ): Promise<string> {
      const file = await create(trx, { ...g, purpose: 'document' });
      return file.id;
    },
  };
}

export type FilesRepository = ReturnType<typeof createFilesRepository>;
