/** Canonical case lifecycle (DOMAIN.md §2). External code sets map to these values. */
export const CASE_STATUSES = [
  'draft',
  'submitted',
  'correction_required',
  'not_accepted',
  'accepted',
  'in_progress',
  'special_procedure',
  'completed',
  'voided',
  'withdrawn',
  'archived',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const TERMINAL_STATUSES: readonly CaseStatus[] = [
  'not_accepted',
  'completed',
  'voided',
  'withdrawn',
  'archived',
];

export const CASE_STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交', en: 'Submitted' },
  correction_required: { zh: '待补正', en: 'Correction required' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  accepted: { zh: '已受理', en: 'Accepted' },
  in_progress: { zh: '办理中', en: 'In progress' },
  special_procedure: { zh: '特别程序', en: 'Special procedure' },
  completed: { zh: '已办结', en: 'Completed' },
  voided: { zh: '已作废', en: 'Voided' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  archived: { zh: '已归档', en: 'Archived' },
};

export const CASE_RESULTS = ['approved', 'refused'] as const;
export type CaseResult = (typeof CASE_RESULTS)[number];

export const TASK_ACTIONS = [
  'accept',
  'notAccept',
  'requestCorrection',
  'acceptAndDecide',
  'approve',
  'refuse',
  'return',
  'startSpecialProcedure',
  'endSpecialProcedure',
  'void',
  'submit',
  'consolidate',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/**
 * The user-task steps of the approval flows, by the activity id used in the BPMN diagrams, and
 * the actions each allows. The API refuses any other action with ACTION_NOT_ALLOWED and the
 * console shows exactly these buttons.
 */
export const STEP_ACTIONS = {
  acceptance: ['accept', 'notAccept', 'requestCorrection', 'acceptAndDecide', 'void'],
  review: ['approve', 'return', 'requestCorrection', 'startSpecialProcedure', 'void'],
  decision: ['approve', 'refuse', 'return', 'startSpecialProcedure', 'void'],
  specialProcedure: ['endSpecialProcedure', 'void'],
  // Parallel approval (并联审批): one branch per department; voiding the case is the lead
  // department's act (at consolidation or POST /cases/:caseNo/void), never a branch's.
  branchReview: ['approve', 'requestCorrection', 'startSpecialProcedure'],
  branchDecision: ['approve', 'refuse', 'return', 'startSpecialProcedure'],
  branchSpecialProcedure: ['endSpecialProcedure'],
  consolidation: ['consolidate', 'void'],
} as const satisfies Record<string, readonly TaskAction[]>;
export type StepKey = keyof typeof STEP_ACTIONS;

export function allowedActionsFor(step: string): readonly TaskAction[] {
  return (STEP_ACTIONS as Record<string, readonly TaskAction[]>)[step] ?? [];
}

export const SLA_LEVELS = ['green', 'yellow', 'red'] as const;
export type SlaLevel = (typeof SLA_LEVELS)[number];
