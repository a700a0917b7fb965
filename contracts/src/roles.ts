/** Staff and applicant roles (PRODUCT.md "Who uses it"). The code names are part of the API. */
export const ROLES = [
  'applicant',
  'clerk',
  'approver',
  'lead',
  'designer',
  'item_manager',
  'item_reviewer',
  'auditor',
  'sysadmin',
  'secadmin',
  'auditadmin',
] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'applicant');

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  clerk: { zh: '综合窗口人员', en: 'Window clerk' },
  approver: { zh: '审批人员', en: 'Approver' },
  lead: { zh: '部门负责人', en: 'Department lead' },
  designer: { zh: '流程设计人员', en: 'Process designer' },
  item_manager: { zh: '事项管理员', en: 'Item manager' },
  item_reviewer: { zh: '事项审核人员', en: 'Item reviewer' },
  auditor: { zh: '审计人员', en: 'Auditor' },
  sysadmin: { zh: '系统管理员', en: 'System administrator' },
  secadmin: { zh: '安全管理员', en: 'Security administrator' },
  auditadmin: { zh: '审计管理员', en: 'Audit administrator' },
};

export const USER_KINDS = ['staff', 'person', 'legal'] as const;
export type UserKind = (typeof USER_KINDS)[number];

/** Roles whose work is bounded by the departments they belong to (department scope). */
export const DEPARTMENT_SCOPED_ROLES: readonly Role[] = ['clerk', 'approver', 'lead'];
