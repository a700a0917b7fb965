import { z } from 'zod';

/**
 * The anonymous progress answer (GET /api/v1/progress, by case number and query code): status,
 * step, dates and what happened when; the applicant only by a masked name, never numbers, phones,
 * opinions or materials.
 */
export const ProgressDto = z.object({
  caseNo: z.string(),
  itemName: z.string(),
  departmentName: z.string(),
  applicantName: z.string().nullable(),
  status: z.string(),
  statusLabel: z.string(),
  step: z.string().nullable(),
  result: z.string().nullable(),
  submittedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  dueDate: z.string().nullable(),
  completedAt: z.string().nullable(),
  timeline: z.array(z.object({ at: z.string().nullable(), type: z.string(), title: z.string() })),
});
export type ProgressDto = z.infer<typeof ProgressDto>;
