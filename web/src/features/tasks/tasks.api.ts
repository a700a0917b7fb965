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

export interface TaskQuery {
  view: TaskView;
  q?: string;
  sla?: SlaLevel;
  sort?: 'dueAt' | '-dueAt';
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
