import type { Role } from './roles.js';

/**
 * Console areas and who may open them. The web menu and the API's route guards read this one
 * table, so a menu entry never leads to a page the API would refuse.
 */
export const CONSOLE_AREAS = [
  { key: 'portal', path: '/portal', roles: ['applicant'], label: { zh: '我的办事', en: 'My services' } },
  { key: 'tasks', path: '/tasks', roles: ['clerk', 'approver', 'lead'], label: { zh: '待办事项', en: 'Tasks' } },
  { key: 'cases', path: '/cases', roles: ['clerk', 'approver', 'lead'], label: { zh: '办件管理', en: 'Cases' } },
  {
    key: 'items',
    path: '/items',
    roles: ['item_manager', 'item_reviewer'],
    label: { zh: '事项管理', en: 'Service items' },
  },
  { key: 'designer', path: '/designer', roles: ['designer'], label: { zh: '流程设计', en: 'Process designer' } },
  { key: 'audit', path: '/audit', roles: ['auditor', 'auditadmin'], label: { zh: '审计', en: 'Audit' } },
  { key: 'calendar', path: '/calendar', roles: ['sysadmin'], label: { zh: '工作日历', en: 'Working-day calendar' } },
  { key: 'admin', path: '/admin', roles: ['sysadmin', 'secadmin'], label: { zh: '系统管理', en: 'Administration' } },
] as const satisfies readonly {
  key: string;
  path: string;
  roles: readonly Role[];
  label: { zh: string; en: string };
}[];

export type ConsoleAreaKey = (typeof CONSOLE_AREAS)[number]['key'];

export function areasForRoles(roles: readonly string[]): (typeof CONSOLE_AREAS)[number][] {
  return CONSOLE_AREAS.filter((a) => a.roles.some((r: string) => roles.includes(r)));
}
