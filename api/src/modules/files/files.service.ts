import { fileTypeFromBuffer } from 'file-type';
import type { Db } from '../../db/knex.js';
import { AppError, notFound } from '../../errors.js';
import type { Actor } from '../../http/context.js';
import type { FileRecord, FilesRepository } from './files.repository.js';

/** What applicants may upload, by the type detected from the bytes (never the name or header). */
export const ALLOWED_FILE_TYPES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png'];

/** Decides whether someone other than the owner may read a file (e.g. staff handling its case). */
export type FileReadAuthoriser = (actor: Actor, file: FileRecord) => Promise<boolean>;

export interface FileDto {
  id: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
}

export const toFileDto = (f: FileRecord): FileDto => ({
  id: f.id,
  name: f.name,
  size: f.size,
  mime: f.mime,
  sha256: f.sha256,
});

const MAX_NAME = 255;
// Bidirectional overrides can disguise "gpj.exe" as "exe.jpg" in a file list.
const INVISIBLE = new Set([0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const isUnsafe = (cp: number) => cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || INVISIBLE.has(cp);

/**
 * The name to show and to offer on download: the last path segment, without control or
 * direction-override characters, at most 255 characters with the extension kept.
 */
export function sanitiseFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const chars = [...base].filter((c) => !isUnsafe(c.codePointAt(0) as number));
  let name = chars.join('').trim();
  if (name === '' || name === '.' || name === '..') return 'file';
  const all = [...name];
  if (all.length > MAX_NAME) {
    const ext = /\.[^.\s]{1,10}$/.exec(name)?.[0] ?? '';
    name = all.slice(0, MAX_NAME - ext.length).join('') + ext;
  }
  return name;
}

export function createFilesService(deps: { db: Db; repo: FilesRepository; canRead?: FileReadAuthoriser }) {
  const { db, repo, canRead } = deps;
  return {
    /** Stores an applicant's material after checking its real type. */
    async upload(actor: Actor, upload: { originalName: string; bytes: Buffer }): Promise<FileDto> {
      const detected = await fileTypeFromBuffer(upload.bytes);
      if (!detected || !ALLOWED_FILE_TYPES.includes(detected.mime)) {
        throw new AppError('UNSUPPORTED_FILE_TYPE', '仅支持上传 PDF、JPEG 或 PNG 文件', {
          file: `${detected ? `detected ${detected.mime}` : 'unrecognised content'}; allowed: ${ALLOWED_FILE_TYPES.join(', ')}`,
        });
      }
      const file = await repo.create(db, {
        ownerId: actor.id,
        purpose: 'material',
        name: sanitiseFileName(upload.originalName),
        mime: detected.mime,
        bytes: upload.bytes,
      });
      return toFileDto(file);
    },

    /**
     * The file when the actor may read it. Anyone else gets the same answer as for an unknown
     * id, so file ids cannot be probed.
     */
    async findReadable(actor: Actor, id: string): Promise<FileRecord & { absolutePath: string }> {
      const file = await repo.findById(db, id);
      const allowed = !!file && (file.ownerId === actor.id || (!!canRead && (await canRead(actor, file))));
      if (!file || !allowed) throw notFound('文件');
      return { ...file, absolutePath: repo.absolutePath(file) };
    },
  };
}

export type FilesService = ReturnType<typeof createFilesService>;
