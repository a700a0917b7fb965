import { TASK_ACTIONS } from '@tongban/contracts';
import type { MessageKey } from '../../i18n/messages';

/** Business event and operation-log types with a translated title. */
export const HISTORY_TYPES = [
  'draft_saved',
  'submitted',
  'accepted',
  'not_accepted',
  'correction_requested',
  'correction_submitted',
  'correction_received',
  'correction_expired',
  'special_started',
  'special_ended',
  'decided',
  'completed',
  'voided',
  'withdrawn',
  'withdraw_requested',
  'void_requested',
  'evaluated',
  'task.completed',
  'task.returned',
  'task.claimed',
  'task.transferred',
  'task.delegated',
  'task.claim',
  'task.unclaim',
  'task.transfer',
  'task.delegate',
  'case.void',
  'application.submit',
  'application.withdraw',
  'application.evaluate',
  'application.correction',
  'application.draft.update',
  'application.draft.delete',
] as const;
export type HistoryType = (typeof HISTORY_TYPES)[number];

/**
 * The dictionary key of a history entry's title: the engine names its own activities (null: show
 * that name); `task.<action>` in the operation log is the action; other known types have a key.
 */
export function historyTitleKey(entry: { source: string; type: string }): MessageKey | null {
  if (entry.source === 'engine') return null;
  if ((HISTORY_TYPES as readonly string[]).includes(entry.type)) return `history.${entry.type as HistoryType}`;
  const action = entry.type.startsWith('task.') ? entry.type.slice(5) : '';
  if ((TASK_ACTIONS as readonly string[]).includes(action)) return `action.${action as (typeof TASK_ACTIONS)[number]}`;
  return null;
}
