import type { Response } from 'express';
import type { AppConfig } from '../../config.js';
import type { Db } from '../../db/knex.js';
import type { ApiRouter } from '../../http/router.js';
import { createFilesRepository, type FileRecord } from './files.repository.js';
import { registerFileRoutes, sendFile } from './files.routes.js';
import { createFilesService, type FileReadAuthoriser } from './files.service.js';

/**
 * Uploads checked by content, downloads for owners and authorised staff, and the storage the
 * case flow uses for materials and generated documents.
 */
export function createFilesModule(deps: {
  db: Db;
  config: Pick<AppConfig, 'files'>;
  /** Lets others than the owner read a file (the case flow passes its staff case-access check). */
  canRead?: FileReadAuthoriser;
}) {
  const repository = createFilesRepository(deps.config.files.dir);
  const service = createFilesService({ db: deps.db, repo: repository, canRead: deps.canRead });
  return {
    repository,
    service,
    /** Streams the file as a download; the caller has checked access. */
    send: (res: Response, file: FileRecord) => sendFile(res, file, repository.absolutePath(file)),
    registerRoutes: (router: ApiRouter) =>
      registerFileRoutes(router, service, { maxBytes: deps.config.files.maxBytes }),
  };
}

export type FilesModule = ReturnType<typeof createFilesModule>;
export { createFilesRepository, type FileRecord, type FilePurpose, type FilesRepository } from './files.repository.js';
export {
  ALLOWED_FILE_TYPES,
  sanitiseFileName,
  toFileDto,
  type FileDto,
  type FileReadAuthoriser,
  type FilesService,
} from './files.service.js';
export { registerFileRoutes, sendFile, attachmentHeader } from './files.routes.js';
