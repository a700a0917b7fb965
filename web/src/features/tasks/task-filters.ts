import type { SlaLevel } from '@tongban/contracts';
import type { TaskFilters } from './tasks.api';

/** What the filter bar of the task list holds (dates as YYYY-MM-DD strings from the range picker). */
export interface FilterForm {
  itemCode?: string;
  caseNo?: string;
  applicant?: string;
  range?: [string, string] | null;
  sla?: SlaLevel | '';
  sort?: 'dueAt' | '-dueAt';
}

const text = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** The query of GET /tasks for the filter bar: empty fields left out, the date range split. */
export function filtersToQuery(form: FilterForm, q?: string): TaskFilters {
  const query: TaskFilters = {
    q: text(q),
    itemCode: form.itemCode || undefined,
    caseNo: text(form.caseNo),
    applicant: text(form.applicant),
    from: form.range?.[0] || undefined,
    to: form.range?.[1] || undefined,
    sla: form.sla || undefined,
    sort: form.sort ?? 'dueAt',
  };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as TaskFilters;
}

/** How many filters (beyond the default due-date order) are in force, for the "filters (n)" label. */
export function activeFilterCount(filters: TaskFilters): number {
  return (['itemCode', 'caseNo', 'applicant', 'from', 'sla'] as const).filter((key) => filters[key] !== undefined)
    .length;
}
