import type { TaskAction } from '@tongban/contracts';

/**
 * Whether the user may hand a task over (转办 / 委派): they can act on it (it has actions for them),
 * it is free or theirs, and it is not a delegated task waiting for their opinion (only `submit`),
 * which goes back to its owner instead.
 */
export function canReassign(
  task: { assignee: string | null; allowedActions: readonly TaskAction[] },
  username: string,
) {
  if (task.allowedActions.length === 0 || task.allowedActions.includes('submit')) return false;
  return !task.assignee || task.assignee === username;
}
