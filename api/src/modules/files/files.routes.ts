import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { state, type Actor } from '../../http/context.js';
import type { ApiRouter } from '../../http/router.js';
import type { FileRecord } from './files.repository.js';
import type { FilesService } from './files.service.js';

const FileDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  mime: z.string(),
  sha256: z.string(),
});

const actorOf = (a: Actor | undefined) => a as Actor;

/** RFC 6266: an ASCII fallback for old clients, the exact UTF-8 name in `filename*`. */
export function attachmentHeader(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Streams a stored file as a download. Also for other routes that serve files after their own
 * access check (e.g. a case's notices).
 */
export async function sendFile(res: Response, file: FileRecord, absolutePath: string): Promise<void> {
  const stream = createReadStream(absolutePath);
  // A missing blob surfaces here, before any header is sent, as a logged 500.
  await once(stream, 'open');
  res.status(200).set({
    'Content-Type': file.mime,
    'Content-Length': String(file.size),
    'Content-Disposition': attachmentHeader(file.name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  });
  await pipeline(stream, res);
}

/**
 * Multer runs inside the handler (the router has no middleware slot), so the access rule is
 * checked before any of the body is read.
 */
function createUploadReader(maxBytes: number) {
  const single = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 6 },
    // Browsers send the file name as raw UTF-8; busboy's default would read it as Latin-1.
    defParamCharset: 'utf8',
  }).single('file');

  return (req: Request, res: Response) =>
    new Promise<Express.Multer.File>((resolve, reject) => {
      single(req, res, (err: unknown) => {
        if (err instanceof multer.MulterError) {
          if (err.code === 'LIMIT_FILE_SIZE') {
            reject(new AppError('FILE_TOO_LARGE', `文件不能超过 ${maxBytes} 字节`, { file: `max ${maxBytes} bytes` }));
          } else {
            reject(new AppError('VALIDATION_FAILED', '上传内容不正确', { [err.field ?? 'file']: err.code }));
          }
        } else if (err) {
          // busboy's parse errors (truncated or malformed multipart bodies).
          reject(new AppError('VALIDATION_FAILED', '上传内容不正确', { '(body)': 'malformed multipart body' }));
        } else if (!req.file) {
          reject(
            new AppError('VALIDATION_FAILED', '请选择要上传的文件', { file: 'required (multipart field "file")' }),
          );
        } else {
          resolve(req.file);
        }
      });
    });
}

export function registerFileRoutes(router: ApiRouter, files: FilesService, opts: { maxBytes: number }): void {
  const readUpload = createUploadReader(opts.maxBytes);

  router.add({
    method: 'post',
    path: '/api/v1/files',
    summary:
      'Upload a material file: multipart/form-data with one part `file`; PDF, JPEG or PNG as detected from the content',
    tags: ['files'],
    access: { kind: 'authenticated' },
    success: { status: 201, description: 'The stored file', schema: FileDtoSchema },
    errors: [400, 413, 415],
    handler: async ({ req, res, actor }) => {
      const upload = await readUpload(req, res);
      const file = await files.upload(actorOf(actor), { originalName: upload.originalname, bytes: upload.buffer });
      state(req).audit = {
        type: 'file.upload',
        target: file.id,
        detail: { mime: file.mime, size: file.size, sha256: file.sha256 },
      };
      return file;
    },
  });

  router.add({
    method: 'get',
    path: '/api/v1/files/:id',
    summary: 'Download a file (its owner, or staff allowed to read its case)',
    tags: ['files'],
    access: { kind: 'authenticated' },
    params: z.object({ id: z.uuid() }),
    success: { status: 200, description: 'The file bytes, as an attachment', contentType: 'application/octet-stream' },
    errors: [404],
    handler: async ({ res, actor, params }) => {
      const file = await files.findReadable(actorOf(actor), params.id);
      await sendFile(res, file, file.absolutePath);
      return undefined;
    },
  });
}
