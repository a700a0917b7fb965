import type { TaskAction } from '@tongban/contracts';

/** Earlier steps a task may be returned to, the first being the previous step (as the API allows). */
export const RETURN_TARGETS: Readonly<Record<string, readonly string[]>> = {
  review: ['acceptance'],
  decision: ['review', 'acceptance'],
};

/** The kinds of special procedure the API knows (SPECIAL_PROCEDURE_KIND_LABELS). */
export const SPECIAL_KINDS = [
  'hearing',
  'tender',
  'auction',
  'inspection',
  'test',
  'quarantine',
  'appraisal',
  'expert_review',
  'public_notice',
  'other',
] as const;

/** Actions whose opinion is required (at least 2 characters; `submit` at least 1). */
export const OPINION_REQUIRED: readonly TaskAction[] = ['notAccept', 'refuse', 'return', 'submit'];

/** What the action dialog collects, whatever the action. */
export interface ActionFormValues {
  opinion?: string;
  /** requestCorrection: material code → reason, for the ticked materials. */
  corrections?: Record<string, { checked?: boolean; reason?: string }>;
  toActivityId?: string;
  type?: 1 | 2;
  kind?: string;
  reason?: string;
  expectedDays?: number;
  result?: string;
}

const text = (value: string | undefined) => (value ?? '').trim();

/**
 * The body POST /tasks/{id}/actions/{action} takes (ACTION_BODIES in the API): `opinion` when
 * given, plus exactly the fields of that action. Empty optional fields are left out.
 */
export function buildActionBody(action: TaskAction, values: ActionFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const opinion = text(values.opinion);
  if (opinion) body.opinion = opinion;
  switch (action) {
    case 'requestCorrection':
      body.items = Object.entries(values.corrections ?? {})
        .filter(([, entry]) => entry?.checked)
        .map(([materialCode, entry]) => ({ materialCode, reason: text(entry.reason) }));
      break;
    case 'return':
      if (values.toActivityId) body.toActivityId = values.toActivityId;
      break;
    case 'startSpecialProcedure':
      body.type = values.type ?? 1;
      if (values.kind) body.kind = values.kind;
      body.reason = text(values.reason);
      body.expectedDays = Number(values.expectedDays);
      break;
    case 'endSpecialProcedure':
      body.result = text(values.result);
      break;
    case 'void':
      body.reason = text(values.reason);
      break;
    default:
      break;
  }
  return body;
}
