import type { ProgressDto } from '@tongban/contracts';
import { api, buildUrl, upload } from '../../api/client';
import { parseApiError } from '../../api/errors';
import { tokenStore } from '../../api/token';
import type { CaseDocument, CaseMaterial, ClockView, CorrectionItem } from '../cases/cases.api';
import type { Page } from '../tasks/tasks.api';

export interface MyCaseRow {
  caseNo: string;
  itemCode: string;
  itemName: string;
  status: string;
  statusLabel: string;
  result: string | null;
  submittedAt: string | null;
  dueDate: string | null;
  updatedAt: string;
}

/** GET /applications/{caseNo}: the applicant's own view. */
export interface MyCase {
  caseNo: string;
  itemCode: string;
  itemName: string;
  department: { code: string; name: string };
  status: string;
  statusLabel: string;
  step: string | null;
  result?: string;
  resultReason?: string | null;
  queryCode: string | null;
  submittedAt: string | null;
  acceptedAt?: string;
  dueDate?: string;
  workingDaysLeft?: number;
  completedAt?: string;
  clock: ClockView;
  form: Record<string, unknown>;
  materials: CaseMaterial[];
  correction?: {
    noticeNo: string;
    stage: string;
    items: CorrectionItem[];
    deadline: string | null;
    opinion: string | null;
  };
  timeline: { at: string; type: string; title: string; detail?: unknown }[];
  documents: CaseDocument[];
  evaluation: { rating: number; at: string | null } | null;
  canWithdraw: boolean;
  canEvaluate: boolean;
}

export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
}

export interface ApplicationInput {
  itemCode: string;
  form: Record<string, unknown>;
  materials: { code: string; fileIds: string[] }[];
  submit: boolean;
}

export interface ApplicationCreated {
  caseNo: string;
  status: string;
  queryCode: string;
}

export function listMyCases(page: number, pageSize: number, signal?: AbortSignal): Promise<Page<MyCaseRow>> {
  return api.get<Page<MyCaseRow>>('/applications', { query: { page, pageSize }, signal });
}

export function getMyCase(caseNo: string, signal?: AbortSignal): Promise<MyCase> {
  return api.get<MyCase>(`/applications/${encodeURIComponent(caseNo)}`, { signal });
}

/** Silent: the form shows the API's message (incomplete form or materials) itself. */
export function createApplication(input: ApplicationInput, idempotencyKey: string): Promise<ApplicationCreated> {
  return api.post<ApplicationCreated>('/applications', input, {
    headers: { 'Idempotency-Key': idempotencyKey },
    silent: true,
  });
}

export function submitDraft(caseNo: string): Promise<ApplicationCreated> {
  return api.post<ApplicationCreated>(`/applications/${encodeURIComponent(caseNo)}/submit`);
}

export function answerCorrection(
  caseNo: string,
  body: { materials: { code: string; fileIds: string[] }[]; note?: string },
): Promise<unknown> {
  return api.post(`/applications/${encodeURIComponent(caseNo)}/corrections`, body);
}

export function withdraw(caseNo: string, reason: string): Promise<unknown> {
  return api.post(`/applications/${encodeURIComponent(caseNo)}/withdraw`, { reason });
}

export function evaluate(
  caseNo: string,
  body: { rating: number; comment?: string; channel?: '1' | '2' },
): Promise<unknown> {
  return api.post(`/applications/${encodeURIComponent(caseNo)}/evaluation`, body);
}

/** POST /files (multipart `file`) with progress; silent, the upload list shows the failure. */
export function uploadFile(file: Blob, onProgress: (percent: number) => void): Promise<UploadedFile> {
  return upload<UploadedFile>('/files', file, onProgress, { silent: true });
}

/** Public, silent: the progress page explains a wrong number or code itself. */
export function getProgress(caseNo: string, queryCode: string, signal?: AbortSignal): Promise<ProgressDto> {
  return api.get<ProgressDto>('/progress', { query: { caseNo, queryCode }, signal, auth: false, silent: true });
}

/** The case's QR code (PNG, protected) as an object URL for an <img>; the caller revokes it. */
export async function qrCodeUrl(caseNo: string, signal?: AbortSignal): Promise<string> {
  const token = tokenStore.get();
  const response = await fetch(buildUrl(`/applications/${encodeURIComponent(caseNo)}/qrcode`), {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    signal,
  });
  if (!response.ok) throw parseApiError(response.status, await response.text());
  return URL.createObjectURL(await response.blob());
}
