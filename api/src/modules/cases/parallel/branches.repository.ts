import type { BranchStatus } from '@tongban/contracts';
import type { Db, Tx } from '../../../db/knex.js';

type Exec = Db | Tx;

export interface ParallelSetting {
  item_code: string;
  kind: 'item' | 'bundle';
  refusal_policy: 'cancel_rest' | 'finish_all';
  simulation_allowed: boolean;
  prerequisite_material: string | null;
  members: { itemCode: string; name: string }[];
  participants: {
    department_code: string;
    position: number;
    promised_days: number;
    day_unit: 'working' | 'natural';
    member_items: string[];
  }[];
}

export interface ParallelCaseRow {
  case_id: string;
  refusal_policy: 'cancel_rest' | 'finish_all';
  simulated: boolean;
  prerequisite_material: string | null;
  formalized_at: Date | null;
}

export interface BranchRow {
  id: string;
  case_id: string;
  department_code: string;
  department_name?: string;
  position: number;
  member_items: string[];
  status: BranchStatus;
  handler: string | null;
  opinion: string | null;
  result: 'approved' | 'refused' | null;
  result_reason: string | null;
  cancel_reason: string | null;
  document_id: string | null;
  promised_days: number;
  day_unit: 'working' | 'natural';
  extension_days: number;
  started_at: Date | null;
  due_at: Date | null;
  clock_state: 'running' | 'paused' | 'stopped' | null;
  clock_paused_at: Date | null;
  completed_at: Date | null;
}

export interface BranchPauseRow {
  reason: 'correction' | 'special';
  ref_id: string;
  started_at: Date;
  ended_at: Date | null;
}

/** Tables of parallel approval: item settings, the case's branches and their clock pauses. */
export function createBranchesRepository() {
  return {
    async setting(exec: Exec, itemCode: string): Promise<ParallelSetting | null> {
      const row = (await exec('parallel_items').where({ item_code: itemCode }).first()) as
        Omit<ParallelSetting, 'participants'> | undefined;
      if (!row) return null;
      const participants = (await exec('parallel_participants')
        .where({ item_code: itemCode })
        .orderBy('position')) as ParallelSetting['participants'];
      return { ...row, participants };
    },

    async insertParallelCase(trx: Tx, row: Omit<ParallelCaseRow, 'formalized_at'>): Promise<void> {
      await trx('parallel_cases').insert(row).onConflict('case_id').merge();
    },

    async parallelCase(exec: Exec, caseId: string, forUpdate = false): Promise<ParallelCaseRow | null> {
      const q = exec('parallel_cases').where({ case_id: caseId }).first();
      if (forUpdate) q.forUpdate();
      return ((await q) as ParallelCaseRow | undefined) ?? null;
    },

    async updateParallelCase(exec: Exec, caseId: string, patch: Partial<ParallelCaseRow>): Promise<void> {
      await exec('parallel_cases').where({ case_id: caseId }).update(patch);
    },

    async replaceBranches(
      trx: Tx,
      caseId: string,
      rows: Pick<BranchRow, 'department_code' | 'position' | 'member_items' | 'promised_days' | 'day_unit'>[],
    ): Promise<void> {
      await trx('case_branches').where({ case_id: caseId }).del();
      await trx('case_branches').insert(
        rows.map((r) => ({ ...r, case_id: caseId, member_items: `{${r.member_items.join(',')}}` })),
      );
    },

    async branches(exec: Exec, caseId: string): Promise<BranchRow[]> {
      return (await exec('case_branches as b')
        .join('departments as d', 'd.code', 'b.department_code')
        .where('b.case_id', caseId)
        .select('b.*', 'd.name as department_name')
        .orderBy('b.position')) as BranchRow[];
    },

    async branch(exec: Exec, caseId: string, department: string, forUpdate = false): Promise<BranchRow | null> {
      const q = exec('case_branches').where({ case_id: caseId, department_code: department }).first();
      if (forUpdate) q.forUpdate();
      return ((await q) as BranchRow | undefined) ?? null;
    },

    async departments(exec: Exec, caseId: string): Promise<string[]> {
      return (await exec('case_branches').where({ case_id: caseId }).pluck('department_code')) as string[];
    },

    async updateBranch(exec: Exec, id: string, patch: Partial<BranchRow>): Promise<void> {
      const { department_name: _ignored, ...rest } = patch;
      await exec('case_branches').where({ id }).update(rest);
    },

    async openPause(exec: Exec, branchId: string, reason: 'correction' | 'special', refId: string, at: Date) {
      await exec('branch_pauses')
        .insert({ branch_id: branchId, reason, ref_id: refId, started_at: at })
        .onConflict('ref_id')
        .ignore();
    },

    async closePause(exec: Exec, refId: string, at: Date): Promise<void> {
      await exec('branch_pauses').where({ ref_id: refId }).whereNull('ended_at').update({ ended_at: at });
    },

    async closeAllPauses(exec: Exec, branchId: string, at: Date): Promise<void> {
      await exec('branch_pauses').where({ branch_id: branchId }).whereNull('ended_at').update({ ended_at: at });
    },

    async pauses(exec: Exec, branchId: string): Promise<BranchPauseRow[]> {
      return (await exec('branch_pauses').where({ branch_id: branchId }).orderBy('started_at')) as BranchPauseRow[];
    },

    /** Approvers and leads of a department (to tell them their branch was cancelled). */
    async departmentStaff(exec: Exec, department: string): Promise<string[]> {
      return (await exec('users as u')
        .join('user_departments as d', 'd.user_id', 'u.id')
        .join('user_roles as r', 'r.user_id', 'u.id')
        .where({ 'd.department_code': department, 'u.disabled': false })
        .whereIn('r.role_code', ['approver', 'lead'])
        .distinct('u.id')
        .pluck('u.id')) as string[];
    },

    async itemNames(exec: Exec, codes: string[]): Promise<Map<string, string>> {
      if (!codes.length) return new Map();
      const rows = (await exec('service_items').whereIn('code', codes).select('code', 'name')) as {
        code: string;
        name: string;
      }[];
      return new Map(rows.map((r) => [r.code, r.name]));
    },

    async departmentName(exec: Exec, code: string): Promise<string> {
      const r = (await exec('departments').where({ code }).first('name')) as { name: string } | undefined;
      return r?.name ?? code;
    },
  };
}

export type BranchesRepository = ReturnType<typeof createBranchesRepository>;
