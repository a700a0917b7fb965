import type { Role } from '@tongban/contracts';

/** The buttons of one user row, by the separated duties of the API. */
export type UserAction = 'toggleDisabled' | 'departments' | 'roles' | 'unlock' | 'resetPassword';

/** sysadmin: create users, name, departments, disable; secadmin: roles, unlock, password reset. */
export function userActions(roles: readonly Role[], row?: { locked: boolean }): UserAction[] {
  const actions: UserAction[] = [];
  if (roles.includes('sysadmin')) actions.push('toggleDisabled', 'departments');
  if (roles.includes('secadmin')) {
    actions.push('roles');
    if (!row || row.locked) actions.push('unlock');
    actions.push('resetPassword');
  }
  return actions;
}

export function canCreateUser(roles: readonly Role[]): boolean {
  return roles.includes('sysadmin');
}

/**
 * Field → problem from an API error's details (VALIDATION_FAILED, PASSWORD_POLICY, …), keyed by the
 * form's field names: the first path segment, without a `body.` prefix; `(body)` and unknown
 * fields are left out.
 */
export function formFieldErrors(details: unknown, fields: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return result;
  for (const [key, problem] of Object.entries(details as Record<string, unknown>)) {
    const field = key.replace(/^body\./, '').split('.')[0] ?? '';
    if (!fields.includes(field)) continue;
    const text =
      typeof problem === 'string'
        ? problem
        : Array.isArray(problem) && problem.every((p) => typeof p === 'string')
          ? problem.join('; ')
          : null;
    if (text) result[field] = result[field] ? `${result[field]}; ${text}` : text;
  }
  return result;
}
