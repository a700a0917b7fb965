import type { MessageKey } from '../../i18n/messages';

/** What the API accepts as material files (POST /files): PDF, JPEG, PNG up to 20 MB. */
export const UPLOAD_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
};
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const UPLOAD_ACCEPT = Object.entries(UPLOAD_TYPES)
  .flatMap(([mime, extensions]) => [mime, ...extensions])
  .join(',');

/** Why a file cannot be sent, checked before uploading; null when it may go. */
export function uploadProblem(file: { name: string; type: string; size: number }): MessageKey | null {
  const name = file.name.toLowerCase();
  const typeOk =
    Object.hasOwn(UPLOAD_TYPES, file.type) ||
    (file.type === '' && Object.values(UPLOAD_TYPES).some((exts) => exts.some((ext) => name.endsWith(ext))));
  if (!typeOk) return 'apply.fileType';
  if (file.size > MAX_UPLOAD_BYTES) return 'apply.fileSize';
  return null;
}

/** The five satisfaction levels, best first: 5 = 非常满意 … 1 = 非常不满意. */
export const RATINGS = [5, 4, 3, 2, 1] as const;
export type Rating = (typeof RATINGS)[number];

/** A reason is required for the two lowest levels. */
export function evaluationProblem(rating: number | undefined, comment: string | undefined): MessageKey | null {
  if (rating === undefined) return null;
  if (rating <= 2 && (comment ?? '').trim() === '') return 'mycase.commentRequired';
  return null;
}

/** The `materials` of an application: one entry per material that has files, in the item's order. */
export function materialsBody(
  order: readonly string[],
  uploads: Readonly<Record<string, readonly string[] | undefined>>,
): { code: string; fileIds: string[] }[] {
  return order
    .filter((code) => (uploads[code]?.length ?? 0) > 0)
    .map((code) => ({ code, fileIds: [...(uploads[code] ?? [])] }));
}

/** A fresh Idempotency-Key (UUID v4), also where crypto.randomUUID is missing (plain http). */
export function newIdempotencyKey(): string {
  const cryptoApi = globalThis.crypto;
  if (typeof cryptoApi?.randomUUID === 'function') return cryptoApi.randomUUID();
  const bytes = new Uint8Array(16);
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(bytes);
  else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * After a failed send: keep the key when no answer came (the case may exist; the retry must not
 * make a second one), take a new one when the API answered (nothing was created).
 */
export function keyAfterFailure(key: string, status: number): string {
  return status === 0 ? key : newIdempotencyKey();
}
