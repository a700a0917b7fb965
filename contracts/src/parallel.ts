import { z } from 'zod';

/** Parallel approval (并联审批): the state of one participating department's branch. */
export const BRANCH_STATUSES = [
  'pending',
  'in_progress',
  'correction',
  'special',
  'approved',
  'refused',
  'cancelled',
] as const;
export type BranchStatus = (typeof BRANCH_STATUSES)[number];

export const BRANCH_STATUS_LABELS: Record<BranchStatus, { zh: string; en: string }> = {
  pending: { zh: '待开始', en: 'Pending' },
  in_progress: { zh: '办理中', en: 'In progress' },
  correction: { zh: '待补正', en: 'Correction required' },
  special: { zh: '特别程序', en: 'Special procedure' },
  approved: { zh: '同意', en: 'Approved' },
  refused: { zh: '不同意', en: 'Refused' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const BranchClock = z.object({
  state: z.enum(['running', 'paused', 'stopped', 'not_started']),
  limitDays: z.number().int(),
  extensionDays: z.number().int(),
  pausedDays: z.number().int(),
  dueAt: z.string().nullable(),
  dueDate: z.string().nullable(),
  workingDaysLeft: z.number().int().nullable(),
  sla: z.enum(['green', 'yellow', 'red']).nullable(),
});
export type BranchClock = z.infer<typeof BranchClock>;

/** One row of `branches` in GET /api/v1/cases/:caseNo (staff; the lead department sees all). */
export const CaseBranchDto = z.object({
  department: z.object({ code: z.string(), name: z.string() }),
  memberItems: z.array(z.object({ code: z.string(), name: z.string() })),
  status: z.enum(BRANCH_STATUSES),
  statusLabel: z.string(),
  /** Activity id of the branch's open user task, if any (branchReview, branchDecision, …). */
  step: z.string().nullable(),
  /** Who holds the open task, else who last acted. */
  handler: z.string().nullable(),
  opinion: z.string().nullable(),
  result: z.enum(['approved', 'refused']).nullable(),
  resultReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  documentId: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  clock: BranchClock,
});
export type CaseBranchDto = z.infer<typeof CaseBranchDto>;

/** The applicant's per-department progress: no names, no opinions. */
export const DepartmentProgressDto = z.object({
  department: z.string(),
  items: z.array(z.string()),
  status: z.enum(BRANCH_STATUSES),
  statusLabel: z.string(),
  result: z.enum(['approved', 'refused']).nullable(),
  dueDate: z.string().nullable(),
});
export type DepartmentProgressDto = z.infer<typeof DepartmentProgressDto>;

export const SimulationDto = z.object({
  simulated: z.boolean(),
  prerequisiteMaterial: z.string().nullable(),
  formalizedAt: z.string().nullable(),
});
export type SimulationDto = z.infer<typeof SimulationDto>;
