import type { SlaLevel, TaskAction } from '@tongban/contracts';
import { api } from '../../api/client';

export type TaskView = 'todo' | 'done' | 'completed';
export const TASK_VIEWS: readonly TaskView[] = ['todo', 'done', 'completed'];

/** One row of GET /tasks. */
export interface TaskRow {
  id: string;
  caseNo: string;
  itemName: string;
  applicantName: string | null;
  taskName: string;
  activityId: string;
  department: string;
  assignee: string | null;
  status: string;
  statusLabel: string;
  createdAt: string | null;
  closedAt: string | null;
  dueAt: string | null;
  workingDaysLeft: number | null;
  sla: SlaLevel | null;
  allowedActions: TaskAction[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface TaskFilters {
  q?: string;
  itemCode?: string;
  caseNo?: string;
  applicant?: string;
  /** Submitted on or after / on or before (Beijing dates, YYYY-MM-DD). */
  from?: string;
  to?: string;
  sla?: SlaLevel;
  sort?: 'dueAt' | '-dueAt';
}

export interface TaskQuery extends TaskFilters {
  view: TaskView;
  page: number;
  pageSize: number;
}

export function listTasks(query: TaskQuery, signal?: AbortSignal): Promise<Page<TaskRow>> {
  return api.get<Page<TaskRow>>('/tasks', { query: { sort: 'dueAt', ...query }, signal });
}

/** Silent: the list shows a 409 (someone else was faster) itself. */
export function claimTask(id: string): Promise<unknown> {
  return api.post(`/tasks/${encodeURIComponent(id)}/claim`, undefined, { silent: true });
}

export function unclaimTask(id: string): Promise<unknown> {
  return api.post(`/tasks/${encodeURIComponent(id)}/unclaim`, undefined, { silent: true });
}

export type ReassignKind = 'transfer' | 'delegate';

export interface Colleague {
  username: string;
  name: string;
  roles: string[];
}

/** Colleagues of the case's department who may take the task over (GET /tasks/{id}/colleagues). */
export function listColleagues(id: string, kind: ReassignKind, signal?: AbortSignal): Promise<{ items: Colleague[] }> {
  return api.get(`/tasks/${encodeURIComponent(id)}/colleagues`, { query: { kind }, signal, silent: true });
}

/** 转办 / 委派; silent: the dialog shows a 409 (someone was faster) itself. */
export function reassignTask(id: string, kind: ReassignKind, username: string): Promise<unknown> {
  return api.post(`/tasks/${encodeURIComponent(id)}/${kind}`, { userId: username }, { silent: true });
}

export interface WorkbenchCounts {
  todo: number;
  cases: Partial<Record<string, number>>;
}

export function getWorkbenchCounts(signal?: AbortSignal): Promise<WorkbenchCounts> {
  return api.get<WorkbenchCounts>('/workbench/counts', { signal, silent: true });
}
