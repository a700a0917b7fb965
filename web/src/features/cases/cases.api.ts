import type { SlaLevel, TaskAction } from '@tongban/contracts';
import { api } from '../../api/client';
import type { Page } from '../tasks/tasks.api';

export type CaseView = 'correction' | 'special' | 'refused' | 'voided' | 'returned' | 'completed' | 'all';
export const CASE_VIEWS: readonly CaseView[] = [
  'correction',
  'special',
  'refused',
  'voided',
  'returned',
  'completed',
  'all',
];

export interface CaseRow {
  caseNo: string;
  itemCode: string;
  itemName: string;
  applicantName: string | null;
  department: string;
  status: string;
  statusLabel: string;
  result: string | null;
  submittedAt: string | null;
  dueAt: string | null;
  dueDate: string | null;
  workingDaysLeft: number | null;
  sla: SlaLevel | null;
  updatedAt: string;
}

export interface ClockView {
  state: 'not_started' | 'running' | 'paused' | 'stopped' | (string & {});
  acceptedAt: string | null;
  limitDays: number | null;
  dayUnit: string | null;
  extensionDays: number;
  pausedDays: number;
  dueAt: string | null;
  workingDaysLeft: number | null;
  sla: SlaLevel | null;
  pauses: { startedAt: string; endedAt: string | null; reason: string }[];
}

export interface FileRef {
  id: string;
  name: string;
  size: number;
  mime: string;
  url: string;
}

export interface CaseMaterial {
  code: string;
  name: string;
  required: boolean;
  files: FileRef[];
}

export interface CaseDocument {
  id: string;
  type: string;
  title: string;
  noticeNo: string | null;
  createdAt: string | null;
  url: string;
}

export interface CorrectionItem {
  materialCode: string;
  reason: string;
}

export interface CaseTask {
  id: string;
  activityId: string;
  name: string;
  assignee: string | null;
  owner: string | null;
  delegationState: string | null;
  createdAt: string | null;
  allowedActions: TaskAction[];
}

export interface SpecialProcedure {
  id: string;
  type: number;
  kind: string;
  reason: string;
  expectedDays: number;
  fromStep: string;
  noticeNo: string | null;
  startedAt: string | null;
  endedAt: string | null;
  result: string | null;
}

/** GET /cases/{caseNo} (the staff view). */
export interface CaseDetail {
  caseNo: string;
  itemCode: string;
  itemName: string;
  caseType: string;
  department: { code: string; name: string };
  status: string;
  statusLabel: string;
  result: string | null;
  resultReason: string | null;
  termination: string | null;
  terminationReason: string | null;
  applicant: { name: string | null; kind: string; phone: string | null; idNumber: string | null };
  submittedAt: string | null;
  acceptedAt: string | null;
  completedAt: string | null;
  clock: ClockView;
  form: Record<string, unknown>;
  materials: CaseMaterial[];
  correction: {
    noticeNo: string | null;
    stage: string;
    status: string;
    items: CorrectionItem[];
    deadline: string | null;
    answeredAt: string | null;
    requestedAt?: string | null;
    opinion?: string | null;
    /** Codes of the materials the applicant sent again in the answer. */
    answeredMaterials?: string[];
    answerNote?: string | null;
  } | null;
  specialProcedures: SpecialProcedure[];
  documents: CaseDocument[];
  tasks: CaseTask[];
  diagram: { processDefinitionId: string | null; activeActivityIds: string[]; completedActivityIds: string[] };
}

export interface HistoryEntry {
  /** engine: activity instances; event: business events; audit: the API's operation log. */
  source: 'engine' | 'event' | 'audit';
  at: string;
  endAt?: string | null;
  type: string;
  activityId?: string;
  title?: string;
  actor: string | null;
  canceled?: boolean;
  success?: boolean;
  detail?: unknown;
}

export function listCases(
  query: { view: CaseView; q?: string; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<Page<CaseRow>> {
  return api.get<Page<CaseRow>>('/cases', { query: { ...query }, signal });
}

export function getCase(caseNo: string, signal?: AbortSignal): Promise<CaseDetail> {
  return api.get<CaseDetail>(`/cases/${encodeURIComponent(caseNo)}`, { signal });
}

/** One row of the engine's user-operation log (one per changed property). */
export interface EngineOperation {
  at: string;
  type: string;
  actor: string | null;
  taskId: string | null;
  property: string | null;
  newValue: string | null;
}

export interface CaseHistory {
  entries: HistoryEntry[];
  engineOperations?: EngineOperation[];
}

export function getHistory(caseNo: string, signal?: AbortSignal): Promise<CaseHistory> {
  return api.get<CaseHistory>(`/cases/${encodeURIComponent(caseNo)}/history`, { signal });
}

/** Silent: the action dialog shows 400/409/422 next to the form. */
export function takeAction(taskId: string, action: TaskAction, body: Record<string, unknown>): Promise<unknown> {
  return api.post(`/tasks/${encodeURIComponent(taskId)}/actions/${action}`, body, { silent: true });
}
