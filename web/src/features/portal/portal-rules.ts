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

/** Where the public portal pages live. */
export const SERVICES_PATH = '/services';
export const PROGRESS_PATH = '/progress';
export const serviceGuidePath = (code: string) => `${SERVICES_PATH}/${encodeURIComponent(code)}`;
export const applyPath = (itemCode: string) => `/portal/apply?${new URLSearchParams({ item: itemCode }).toString()}`;

export type Audience = 'person' | 'legal';
export type Browse = 'theme' | 'department';

/** The item list's state, kept in the address so a filtered list can be shared and the back button works. */
export interface ServicesQuery {
  audience: Audience;
  by: Browse;
  /** Theme code or department code, by `by`; empty: all. */
  group: string;
  q: string;
}

export function parseServicesQuery(search: string): ServicesQuery {
  const params = new URLSearchParams(search);
  const audience: Audience = params.get('audience') === 'legal' ? 'legal' : 'person';
  const by: Browse = params.get('by') === 'department' ? 'department' : 'theme';
  const group = (params.get(by) ?? '').slice(0, 32);
  return { audience, by, group, q: (params.get('q') ?? '').slice(0, 100) };
}

export function servicesSearch(query: ServicesQuery): string {
  const params = new URLSearchParams({ audience: query.audience, by: query.by });
  if (query.group) params.set(query.by, query.group);
  if (query.q.trim()) params.set('q', query.q.trim());
  return `?${params.toString()}`;
}

/** The API filter of the item list for that state. */
export function itemFilter(query: ServicesQuery): {
  audience: Audience;
  theme?: string;
  department?: string;
  q?: string;
} {
  return {
    audience: query.audience,
    ...(query.group ? { [query.by]: query.group } : {}),
    ...(query.q.trim() ? { q: query.q.trim() } : {}),
  };
}

/** Case number (≤ 50 characters) and six-digit query code (查询密码), as the progress link carries them. */
export const QUERY_CODE_PATTERN = /^\d{6}$/;

export function parseProgressQuery(search: string): { caseNo: string; queryCode: string } {
  const params = new URLSearchParams(search);
  return {
    caseNo: (params.get('caseNo') ?? '').trim().slice(0, 50),
    // `queryCode` is what the case's QR code carries; `code` is accepted from hand-written links.
    queryCode: (params.get('queryCode') ?? params.get('code') ?? '').trim().slice(0, 6),
  };
}

/** The address of the public progress page of a case, prefilled (what its QR code opens). */
export function progressLink(origin: string, caseNo: string, queryCode: string): string {
  return `${origin}${PROGRESS_PATH}?${new URLSearchParams({ caseNo, queryCode }).toString()}`;
}

/** What the progress form says before asking the API; null when it may ask. */
export function progressProblem(caseNo: string, queryCode: string): MessageKey | null {
  if (!caseNo.trim()) return 'progress.caseNoRequired';
  if (!QUERY_CODE_PATTERN.test(queryCode.trim())) return 'progress.queryCodeFormat';
  return null;
}

/** How the progress page explains a failed lookup: the API answers 404 alike for a wrong code and an unknown case. */
export function progressErrorKey(status: number): MessageKey {
  if (status === 404) return 'progress.notFound';
  if (status === 429) return 'progress.rateLimited';
  if (status === 400) return 'progress.queryCodeFormat';
  return 'progress.failed';
}

/** Who may apply for an item from its guide: a visitor is sent to sign in first, staff cannot apply. */
export function applyAccess(user: { roles: readonly string[]; kind: string } | null, audience: readonly string[]) {
  if (!user) return 'login' as const;
  if (!user.roles.includes('applicant')) return 'notApplicant' as const;
  const own: Audience = user.kind === 'legal' ? 'legal' : 'person';
  return audience.includes(own) ? ('apply' as const) : ('wrongAudience' as const);
}

/** 材料 counts as the guide lists them: 原件 n 份 · 复印件 n 份. */
export function materialCopies(material: { originals?: unknown; copies?: unknown }): {
  originals: number;
  copies: number;
} {
  const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0);
  return { originals: count(material.originals), copies: count(material.copies) };
}

/** 评价渠道 (DOMAIN.md §4): 2 mobile for a phone browser (also WeChat), else 1 PC. */
export function evaluationChannel(userAgent: string): '1' | '2' {
  return /Mobi|Android|iPhone|iPad|MicroMessenger/i.test(userAgent) ? '2' : '1';
}
