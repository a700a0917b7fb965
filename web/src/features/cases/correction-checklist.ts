/** The per-material checklist of a correction notice (补正清单): what was asked for, why, and whether it came. */

export type ChecklistState = 'answered' | 'waiting' | 'missing';

export interface ChecklistRow {
  code: string;
  name: string;
  reason: string;
  state: ChecklistState;
}

/**
 * One row per material the notice asked for, named from the item's materials: `answered` when the
 * applicant sent that material again, `waiting` while the notice is open, `missing` when the notice
 * was answered without it or expired.
 */
export function correctionChecklist(
  correction: {
    status: string;
    items: readonly { materialCode: string; reason: string }[];
    answeredMaterials?: readonly string[];
  } | null,
  materials: readonly { code: string; name: string }[],
): ChecklistRow[] {
  if (!correction) return [];
  const answered = new Set(correction.answeredMaterials ?? []);
  return correction.items.map((item) => ({
    code: item.materialCode,
    name: materials.find((m) => m.code === item.materialCode)?.name ?? item.materialCode,
    reason: item.reason,
    state: answered.has(item.materialCode) ? 'answered' : correction.status === 'open' ? 'waiting' : 'missing',
  }));
}
