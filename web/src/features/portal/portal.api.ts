import { api, upload } from '../../api/client';
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

export function evaluate(caseNo: string, body: { rating: number; comment?: string }): Promise<unknown> {
  return api.post(`/applications/${encodeURIComponent(caseNo)}/evaluation`, body);
}

/** POST /files (multipart `file`) with progress; silent, the upload list shows the failure. */
export function uploadFile(file: Blob, onProgress: (percent: number) => void): Promise<UploadedFile> {
  return upload<UploadedFile>('/files', file, onProgress, { silent: true });
}
