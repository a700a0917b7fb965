import type { CaseStatus } from '@tongban/contracts';
import type { Knex } from 'knex';
import type { Db, Tx } from '../../db/knex.js';

type Exec = Db | Tx;

export interface CaseRow {
  id: string;
  case_no: string;
  item_code: string;
  department_code: string;
  applicant_id: string;
  applicant_name: string | null;
  status: CaseStatus;
  result: 'approved' | 'refused' | null;
  result_reason: string | null;
  channel: string;
  query_code: string | null;
  process_instance_id: string | null;
  process_definition_id: string | null;
  form: Record<string, unknown>;
  materials: { code: string; fileIds: string[] }[];
  submitted_at: Date | null;
  accepted_at: Date | null;
  acceptance_notice_no: string | null;
  decision_notice_no: string | null;
  due_at: Date | null;
  completed_at: Date | null;
  promised_days: number | null;
  day_unit: 'working' | 'natural' | null;
  extension_days: number;
  clock_state: 'running' | 'paused' | 'stopped' | null;
  clock_paused_at: Date | null;
  /** Bumped by every task sync that writes (migration 001000): a sync's engine read is current while it is unchanged. */
  task_sync_seq: number;
  termination: string | null;
  termination_reason: string | null;
  current_step: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface TaskRow {
  task_id: string;
  case_id: string;
  activity_id: string;
  name: string;
  department_code: string;
  candidate_roles: string[];
  assignee: string | null;
  owner: string | null;
  delegation_state: string | null;
  created_at: Date;
  closed_at: Date | null;
  closed_action: string | null;
  closed_by: string | null;
}

export interface CorrectionRow {
  id: string;
  case_id: string;
  stage: 'acceptance' | 'handling';
  items: { materialCode: string; reason: string }[];
  opinion: string | null;
  notice_no: string | null;
  deadline_at: Date | null;
  requested_by: string;
  requested_at: Date;
  answered_at: Date | null;
  answer: unknown;
  status: 'open' | 'answered' | 'expired' | 'cancelled';
  /** Parallel approval: the department whose branch asked (its answer goes back there). */
  branch_department?: string | null;
}

export interface SpecialRow {
  id: string;
  case_id: string;
  type: 1 | 2;
  kind: string;
  reason: string;
  expected_days: number;
  from_step: string;
  notice_no: string | null;
  started_by: string;
  started_at: Date;
  ended_by: string | null;
  ended_at: Date | null;
  result: string | null;
  branch_department?: string | null;
}

export interface DocumentRow {
  id: string;
  case_id: string;
  type: string;
  title: string;
  notice_no: string;
  file_id: string;
  ref_key: string;
  created_at: Date;
}

export interface EventRow {
  id: string;
  case_id: string;
  type: string;
  actor_id: string | null;
  actor_username: string | null;
  actor_name: string | null;
  at: Date;
  applicant_visible: boolean;
  payload: Record<string, unknown>;
}

const jsonb = (v: unknown) => JSON.stringify(v);

/**
 * Limits a query over `cases as c` to the cases of these departments: the cases they lead, and the
 * parallel cases in which they have a branch (a participating department's view of the case).
 */
export function ofDepartments(exec: Exec, query: Knex.QueryBuilder, departments: string[]): Knex.QueryBuilder {
  const depts = departments.length ? departments : ['-'];
  return query.where((w) =>
    w
      .whereIn('c.department_code', depts)
      .orWhereExists(exec('case_branches as b').whereRaw('b.case_id = c.id').whereIn('b.department_code', depts)),
  );
}

export function createCasesRepository(db: Db) {
  return {
    db,

    /** Atomic next serial in a scope and period (case numbers per item and day, notices per type and year). */
    async nextSerial(trx: Exec, scope: string, period: string): Promise<number> {
      const r = await trx.raw(
        `INSERT INTO counters (scope, period, last) VALUES (?, ?, 1)
         ON CONFLICT (scope, period) DO UPDATE SET last = counters.last + 1 RETURNING last`,
        [scope, period],
      );
      return (r.rows[0] as { last: number }).last;
    },

    async insertCase(
      trx: Tx,
      row: Partial<CaseRow> & Pick<CaseRow, 'case_no' | 'item_code' | 'department_code' | 'applicant_id' | 'status'>,
    ): Promise<CaseRow> {
      const [created] = await trx('cases')
        .insert({ ...row, form: jsonb(row.form ?? {}), materials: jsonb(row.materials ?? []) })
        .returning('*');
      return created as CaseRow;
    },

    async findCase(exec: Exec, caseNo: string, opts: { forUpdate?: boolean } = {}): Promise<CaseRow | null> {
      const q = exec('cases').where({ case_no: caseNo }).first();
      if (opts.forUpdate) q.forUpdate();
      return ((await q) as CaseRow | undefined) ?? null;
    },

    async findCaseById(exec: Exec, id: string, opts: { forUpdate?: boolean } = {}): Promise<CaseRow | null> {
      const q = exec('cases').where({ id });
      if (opts.forUpdate) q.forUpdate();
      return ((await q.first()) as CaseRow | undefined) ?? null;
    },

    async updateCase(exec: Exec, id: string, patch: Partial<CaseRow>): Promise<void> {
      const p: Record<string, unknown> = { ...patch, updated_at: exec.fn.now() };
      if (patch.form) p.form = jsonb(patch.form);
      if (patch.materials) p.materials = jsonb(patch.materials);
      await exec('cases').where({ id }).update(p);
    },

    /** Open cases changed since `since`: the ones whose task list may lag behind the engine. */
    async recentOpenCases(since: Date, limit: number): Promise<string[]> {
      return (await db('cases')
        .whereNotNull('process_instance_id')
        .whereNotIn('status', ['not_accepted', 'completed', 'voided', 'withdrawn', 'archived'])
        .where('updated_at', '>=', since)
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .pluck('case_no')) as string[];
    },

    async deleteCase(exec: Exec, id: string): Promise<void> {
      await exec('cases').where({ id }).del();
    },

    async addEvent(
      exec: Exec,
      e: {
        caseId: string;
        type: string;
        actorId?: string | null;
        applicantVisible?: boolean;
        payload?: Record<string, unknown>;
        dedupeKey?: string | null;
        at?: Date;
      },
    ): Promise<void> {
      await exec('case_events')
        .insert({
          case_id: e.caseId,
          type: e.type,
          actor_id: e.actorId ?? null,
          applicant_visible: e.applicantVisible ?? true,
          payload: jsonb(e.payload ?? {}),
          dedupe_key: e.dedupeKey ?? null,
          ...(e.at ? { at: e.at } : {}),
        })
        .onConflict('dedupe_key')
        .ignore();
    },

    async events(exec: Exec, caseId: string, applicantOnly: boolean): Promise<EventRow[]> {
      const q = exec('case_events as e')
        .leftJoin('users as u', 'u.id', 'e.actor_id')
        .where('e.case_id', caseId)
        .select('e.*', 'u.username as actor_username', 'u.name as actor_name')
        .orderBy([{ column: 'e.at' }, { column: 'e.id' }]);
      if (applicantOnly) q.where('e.applicant_visible', true);
      return (await q) as EventRow[];
    },

    // Idempotency keys (portal submissions).
    async claimIdempotencyKey(
      trx: Tx,
      userId: string,
      key: string,
      hash: string,
    ): Promise<{ fresh: boolean; hash: string; status: number | null; response: unknown }> {
      const inserted = await trx('idempotency_keys')
        .insert({ user_id: userId, key, request_hash: hash })
        .onConflict(['user_id', 'key'])
        .ignore()
        .returning('key');
      if (inserted.length > 0) return { fresh: true, hash, status: null, response: null };
      const row = (await trx('idempotency_keys').where({ user_id: userId, key }).first()) as {
        request_hash: string;
        status_code: number | null;
        response: unknown;
      };
      return { fresh: false, hash: row.request_hash, status: row.status_code, response: row.response };
    },

    async saveIdempotentResponse(
      trx: Tx,
      userId: string,
      key: string,
      status: number,
      response: unknown,
    ): Promise<void> {
      await trx('idempotency_keys')
        .where({ user_id: userId, key })
        .update({ status_code: status, response: jsonb(response) });
    },

    // Task read model.
    async openTasks(exec: Exec, caseId: string): Promise<TaskRow[]> {
      return (await exec('case_tasks')
        .where({ case_id: caseId })
        .whereNull('closed_at')
        .orderBy('created_at')) as TaskRow[];
    },

    async findTask(exec: Exec, taskId: string, opts: { forUpdate?: boolean } = {}): Promise<TaskRow | null> {
      const q = exec('case_tasks').where({ task_id: taskId }).first();
      if (opts.forUpdate) q.forUpdate();
      return ((await q) as TaskRow | undefined) ?? null;
    },

    async upsertTask(exec: Exec, t: Omit<TaskRow, 'closed_at' | 'closed_action' | 'closed_by'>): Promise<void> {
      await exec.raw(
        `INSERT INTO case_tasks (task_id, case_id, activity_id, name, department_code, candidate_roles, assignee, owner, delegation_state, created_at)
         VALUES (?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?)
         ON CONFLICT (task_id) DO UPDATE SET assignee = EXCLUDED.assignee, owner = EXCLUDED.owner, delegation_state = EXCLUDED.delegation_state
         WHERE case_tasks.closed_at IS NULL`,
        [
          t.task_id,
          t.case_id,
          t.activity_id,
          t.name,
          t.department_code,
          `{${t.candidate_roles.join(',')}}`,
          t.assignee,
          t.owner,
          t.delegation_state,
          t.created_at,
        ],
      );
    },

    async closeTask(exec: Exec, taskId: string, action: string | null, by: string | null): Promise<void> {
      await exec('case_tasks')
        .where({ task_id: taskId })
        .whereNull('closed_at')
        .update({ closed_at: exec.fn.now(), closed_action: action, closed_by: by });
    },

    /** A task sync wrote: bump the sync sequence, and set the current step when it changed. */
    async markSynced(exec: Exec, caseId: string, step?: string | null): Promise<void> {
      const patch: Record<string, unknown> = { task_sync_seq: exec.raw('task_sync_seq + 1') };
      if (step !== undefined) Object.assign(patch, { current_step: step, updated_at: exec.fn.now() });
      await exec('cases').where({ id: caseId }).update(patch);
    },

    /** Who completed each closed task of a case (task id → username). */
    async taskClosers(exec: Exec, caseId: string): Promise<Map<string, string>> {
      const rows = (await exec('case_tasks')
        .where({ case_id: caseId })
        .whereNotNull('closed_by')
        .select('task_id', 'closed_by')) as { task_id: string; closed_by: string }[];
      return new Map(rows.map((r) => [r.task_id, r.closed_by]));
    },

    async closeTasksNotIn(exec: Exec, caseId: string, openIds: string[]): Promise<void> {
      const q = exec('case_tasks').where({ case_id: caseId }).whereNull('closed_at');
      if (openIds.length) q.whereNotIn('task_id', openIds);
      await q.update({ closed_at: exec.fn.now() });
    },

    async setTaskAssignment(
      exec: Exec,
      taskId: string,
      a: { assignee: string | null; owner?: string | null; delegationState?: string | null },
    ): Promise<void> {
      await exec('case_tasks')
        .where({ task_id: taskId })
        .update({
          assignee: a.assignee,
          ...(a.owner !== undefined ? { owner: a.owner } : {}),
          ...(a.delegationState !== undefined ? { delegation_state: a.delegationState } : {}),
        });
    },

    /** Enabled staff of a department holding one of the roles (for 转办 / 委派), without `except`. */
    async colleagues(
      exec: Exec,
      department: string,
      roles: string[],
      except: string,
    ): Promise<{ username: string; name: string; roles: string[] }[]> {
      const rows = (await exec('users as u')
        .join('user_departments as d', 'd.user_id', 'u.id')
        .join('user_roles as r', 'r.user_id', 'u.id')
        .where({ 'u.disabled': false, 'u.kind': 'staff', 'd.department_code': department })
        .whereIn('r.role_code', roles.length ? roles : ['-'])
        .whereNot('u.username', except)
        .groupBy('u.username', 'u.name')
        .orderBy('u.username')
        .select('u.username', 'u.name', exec.raw('array_agg(DISTINCT r.role_code ORDER BY r.role_code) AS roles'))) as {
        username: string;
        name: string;
        roles: string[];
      }[];
      return rows.map((r) => ({ username: r.username, name: r.name, roles: r.roles }));
    },

    /**
     * How many cases each console view holds, in one pass over the departments' cases (null: all).
     * `statusViews` are the views that are one status; 草稿箱 counts the actor's own drafts.
     */
    async caseViewCounts(
      exec: Exec,
      q: { departments: string[] | null; actorId: string; terminal: string[]; statusViews: Record<string, string> },
    ): Promise<Record<string, number>> {
      const filters: [string, string, string[]][] = [
        ...Object.entries(q.statusViews).map(([view, status]): [string, string, string[]] => [
          view,
          'c.status = ?',
          [status],
        ]),
        ['refused', "c.result = 'refused'", []],
        ['drafts', "c.status = 'draft' AND c.applicant_id = ?", [q.actorId]],
        [
          'returned',
          `c.status <> ALL(?::text[]) AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'task.returned')`,
          [`{${q.terminal.join(',')}}`],
        ],
        ['all', "c.status <> 'draft'", []],
      ];
      const query = exec('cases as c').select(
        filters.map(([view, where, bindings]) =>
          exec.raw(`count(*) FILTER (WHERE ${where}) AS ??`, [...bindings, view]),
        ),
      );
      if (q.departments) ofDepartments(exec, query, q.departments);
      const row = ((await query) as Record<string, string | number>[])[0] ?? {};
      return Object.fromEntries(filters.map(([view]) => [view, Number(row[view] ?? 0)]));
    },

    // Corrections.
    async insertCorrection(
      exec: Exec,
      c: Pick<CorrectionRow, 'case_id' | 'stage' | 'items' | 'opinion' | 'requested_by' | 'branch_department'>,
    ): Promise<CorrectionRow> {
      const [row] = await exec('corrections')
        .insert({ ...c, items: jsonb(c.items) })
        .returning('*');
      return row as CorrectionRow;
    },

    /**
     * The open correction of a case, the oldest first (in a parallel case several departments may
     * each have one open; the applicant answers them in the order they were asked). `branch` keeps
     * to one department's; `issued` to those whose notice has gone out.
     */
    async openCorrection(
      exec: Exec,
      caseId: string,
      opts: { branch?: string; issued?: boolean } = {},
    ): Promise<CorrectionRow | null> {
      const q = exec('corrections').where({ case_id: caseId, status: 'open' });
      if (opts.branch) q.where('branch_department', opts.branch);
      if (opts.issued) q.whereNotNull('notice_no');
      return ((await q.orderBy('requested_at', 'asc').first()) as CorrectionRow | undefined) ?? null;
    },

    /** The correction the applicant sees: the one to answer now if any, else the latest. */
    async latestCorrection(exec: Exec, caseId: string): Promise<CorrectionRow | null> {
      const open = (await exec('corrections')
        .where({ case_id: caseId, status: 'open' })
        .whereNotNull('notice_no')
        .orderBy('requested_at', 'asc')
        .first()) as CorrectionRow | undefined;
      if (open) return open;
      return (
        ((await exec('corrections').where({ case_id: caseId }).orderBy('requested_at', 'desc').first()) as
          CorrectionRow | undefined) ?? null
      );
    },

    async updateCorrection(exec: Exec, id: string, patch: Partial<CorrectionRow>): Promise<void> {
      const p: Record<string, unknown> = { ...patch };
      if (patch.answer !== undefined) p.answer = jsonb(patch.answer);
      await exec('corrections').where({ id }).update(p);
    },

    // Special procedures.
    async insertSpecial(
      exec: Exec,
      s: Pick<
        SpecialRow,
        'case_id' | 'type' | 'kind' | 'reason' | 'expected_days' | 'from_step' | 'started_by' | 'branch_department'
      > &
        Partial<Pick<SpecialRow, 'id'>>,
    ): Promise<SpecialRow> {
      const [row] = await exec('special_procedures').insert(s).returning('*');
      return row as SpecialRow;
    },

    async findSpecial(exec: Exec, id: string): Promise<SpecialRow | null> {
      return ((await exec('special_procedures').where({ id }).first()) as SpecialRow | undefined) ?? null;
    },

    /** The open special procedure of the case, or of one parallel branch when `branchDepartment` is given. */
    async openSpecial(exec: Exec, caseId: string, branchDepartment?: string | null): Promise<SpecialRow | null> {
      return (
        ((await exec('special_procedures')
          .where({ case_id: caseId })
          .modify((q) => {
            if (branchDepartment) q.where({ branch_department: branchDepartment });
          })
          .whereNull('ended_at')
          .orderBy('started_at', 'desc')
          .first()) as SpecialRow | undefined) ?? null
      );
    },

    async specials(exec: Exec, caseId: string): Promise<SpecialRow[]> {
      return (await exec('special_procedures').where({ case_id: caseId }).orderBy('started_at')) as SpecialRow[];
    },

    async updateSpecial(exec: Exec, id: string, patch: Partial<SpecialRow>): Promise<void> {
      await exec('special_procedures').where({ id }).update(patch);
    },

    // Clock pauses.
    async openPause(
      exec: Exec,
      caseId: string,
      reason: 'correction' | 'special',
      refId: string,
      at: Date,
    ): Promise<void> {
      await exec('clock_pauses')
        .insert({ case_id: caseId, reason, ref_id: refId, started_at: at })
        .onConflict('ref_id')
        .ignore();
    },

    async closePause(exec: Exec, refId: string, at: Date): Promise<void> {
      await exec('clock_pauses').where({ ref_id: refId }).whereNull('ended_at').update({ ended_at: at });
    },

    async pauses(exec: Exec, caseId: string): Promise<{ reason: string; started_at: Date; ended_at: Date | null }[]> {
      return (await exec('clock_pauses').where({ case_id: caseId }).orderBy('started_at')) as {
        reason: string;
        started_at: Date;
        ended_at: Date | null;
      }[];
    },

    // Documents.
    async insertDocument(exec: Exec, d: Omit<DocumentRow, 'id' | 'created_at'>): Promise<void> {
      await exec('documents').insert(d);
    },

    async documentByRef(exec: Exec, refKey: string): Promise<DocumentRow | null> {
      return ((await exec('documents').where({ ref_key: refKey }).first()) as DocumentRow | undefined) ?? null;
    },

    async documents(exec: Exec, caseId: string): Promise<DocumentRow[]> {
      return (await exec('documents').where({ case_id: caseId }).orderBy('created_at')) as DocumentRow[];
    },

    async findDocument(exec: Exec, caseId: string, id: string): Promise<DocumentRow | null> {
      return ((await exec('documents').where({ case_id: caseId, id }).first()) as DocumentRow | undefined) ?? null;
    },

    // Worker topic executions: one result per external task id.
    async topicResult(exec: Exec, taskId: string): Promise<unknown | null> {
      const r = (await exec('topic_executions').where({ task_id: taskId }).first('result')) as
        { result: unknown } | undefined;
      return r?.result ?? null;
    },

    async saveTopicResult(exec: Exec, taskId: string, topic: string, caseNo: string, result: unknown): Promise<void> {
      await exec('topic_executions').insert({ task_id: taskId, topic, case_no: caseNo, result: jsonb(result) });
    },

    // Evaluations.
    async insertEvaluation(
      exec: Exec,
      e: {
        case_id: string;
        user_id: string;
        rating: number;
        dimensions: Record<string, number>;
        tags: string[];
        comment: string | null;
        channel: string;
        ip: string;
      },
    ): Promise<'ok' | 'duplicate'> {
      const r = await exec.raw(
        `INSERT INTO evaluations (case_id, user_id, rating, dimensions, tags, comment, channel, ip)
         VALUES (?, ?, ?, ?::jsonb, ?::text[], ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
        [
          e.case_id,
          e.user_id,
          e.rating,
          jsonb(e.dimensions),
          `{${e.tags.map((t) => `"${t.replace(/["\\]/g, '')}"`).join(',')}}`,
          e.comment,
          e.channel,
          e.ip,
        ],
      );
      return r.rows.length ? 'ok' : 'duplicate';
    },

    async evaluation(exec: Exec, caseId: string, userId: string): Promise<{ rating: number; created_at: Date } | null> {
      return (
        ((await exec('evaluations').where({ case_id: caseId, user_id: userId }).first('rating', 'created_at')) as
          { rating: number; created_at: Date } | undefined) ?? null
      );
    },
  };
}

export type CasesRepository = ReturnType<typeof createCasesRepository>;
