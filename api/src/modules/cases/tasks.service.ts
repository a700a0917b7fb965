import type { Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { CASE_STATUS_LABELS, TERMINAL_STATUSES, type CaseStatus, type TaskAction } from '@tongban/contracts';
import type { Db, Tx } from '../../db/knex.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import type { Actor } from '../../http/context.js';
import type { CamundaClient } from '../../integrations/camunda/index.js';
import { maskName } from '../../privacy.js';
import type { AuditService } from '../audit/index.js';
import { SPECIAL_PROCEDURE_KIND_LABELS, type SpecialProcedureKind } from '../documents/index.js';
import { chinaDate } from '../calendar/index.js';
import type { CaseEffects } from './case-effects.js';
import {
  actionNotAllowed,
  allowedActions,
  branchOf,
  canSeeCase,
  engineCall,
  inStaffScope,
  staffScope,
  STEP_ROLES,
  type SyncCase,
} from './case-support.js';
import { ofDepartments, type CaseRow, type CasesRepository, type TaskRow } from './cases.repository.js';
import type { CaseViews } from './case-views.js';
import type { CorrectionRequest, SpecialRequest } from './topics.service.js';

const Opinion = z.string().trim().max(2000);

/** The body each action takes, on top of `opinion`. */
export const ACTION_BODIES = {
  accept: z.object({ opinion: Opinion.optional() }),
  acceptAndDecide: z.object({ opinion: Opinion.optional() }),
  notAccept: z.object({ opinion: Opinion.min(2, 'state the reason') }),
  requestCorrection: z.object({
    opinion: Opinion.optional(),
    items: z
      .array(z.object({ materialCode: z.string().min(1).max(32), reason: z.string().trim().min(2).max(500) }))
      .min(1)
      .max(50),
  }),
  approve: z.object({ opinion: Opinion.optional() }),
  refuse: z.object({ opinion: Opinion.min(2, 'state the reason for refusal') }),
  return: z.object({
    opinion: Opinion.min(2, 'state why the case is returned'),
    toActivityId: z.string().max(64).optional(),
  }),
  startSpecialProcedure: z.object({
    opinion: Opinion.optional(),
    type: z.union([z.literal(1), z.literal(2)]),
    kind: z
      .enum(Object.keys(SPECIAL_PROCEDURE_KIND_LABELS) as [SpecialProcedureKind, ...SpecialProcedureKind[]])
      .optional(),
    reason: z.string().trim().min(2).max(1000),
    expectedDays: z.number().int().min(1).max(365),
  }),
  endSpecialProcedure: z.object({ opinion: Opinion.optional(), result: z.string().trim().min(1).max(1000) }),
  void: z.object({ opinion: Opinion.optional(), reason: z.string().trim().min(2).max(1000) }),
  submit: z.object({ opinion: Opinion.min(1, 'give your opinion') }),
  consolidate: z.object({ opinion: Opinion.optional() }),
} satisfies Record<TaskAction, z.ZodType>;

/** 《行政许可法》 Art. 42: an extension of at most 10 working days (joint handling 15). */
const MAX_EXTENSION_DAYS = 10;

/** Earlier steps a task may be returned to; the first is "the previous step". */
const RETURN_TARGETS: Record<string, string[]> = {
  review: ['acceptance'],
  decision: ['review', 'acceptance'],
  branchDecision: ['branchReview'],
};

export interface TaskListQuery {
  view: 'todo' | 'done' | 'completed';
  q?: string;
  itemCode?: string;
  sla?: 'green' | 'yellow' | 'red';
  /** Part of the case number. */
  caseNo?: string;
  /** Part of the applicant's name. */
  applicant?: string;
  /** Submitted on or after / on or before these Beijing dates (YYYY-MM-DD). */
  from?: string;
  to?: string;
  sort: 'dueAt' | '-dueAt' | 'createdAt' | '-createdAt';
  page: number;
  pageSize: number;
}

/** The instant a Beijing calendar date begins (China has no daylight saving time). */
const beijingDayStart = (date: string, addDays = 0) =>
  new Date(new Date(`${date}T00:00:00+08:00`).getTime() + addDays * 86_400_000);

export interface CaseListQuery {
  view: 'drafts' | 'correction' | 'special' | 'refused' | 'voided' | 'returned' | 'completed' | 'all';
  q?: string;
  itemCode?: string;
  page: number;
  pageSize: number;
}

/** Case views that are exactly one status. */
const VIEW_STATUS: Partial<Record<CaseListQuery['view'], CaseStatus>> = {
  correction: 'correction_required',
  special: 'special_procedure',
  voided: 'voided',
  completed: 'completed',
};

/** Working days left to the due date, in SQL, from the calendar table (Beijing dates). */
const DAYS_LEFT_SQL = `CASE WHEN c.due_at IS NULL OR c.clock_state NOT IN ('running','paused') THEN NULL
  WHEN coalesce(c.clock_paused_at, now()) > c.due_at THEN -(SELECT count(*) FROM work_calendar w
      WHERE w.is_workday AND w.date > ((c.due_at) AT TIME ZONE 'UTC' + interval '8 hours')::date AND w.date <= (coalesce(c.clock_paused_at, now()) AT TIME ZONE 'UTC' + interval '8 hours')::date)
  ELSE (SELECT count(*) FROM work_calendar w
      WHERE w.is_workday AND w.date > (coalesce(c.clock_paused_at, now()) AT TIME ZONE 'UTC' + interval '8 hours')::date AND w.date <= ((c.due_at) AT TIME ZONE 'UTC' + interval '8 hours')::date) END`;

/**
 * Each light of SLA_SQL on the task row's copies of its case's clock (migration 000800) and of the
 * date its light turns yellow (migration 000900): comparisons an index over the open tasks answers,
 * where SLA_SQL counts working days row by row.
 */
const TASK_LIGHT_SQL = {
  red: `t.clock_state IN ('running','paused') AND coalesce(t.clock_paused_at, now()) > t.due_at`,
  yellow: `t.clock_state IN ('running','paused') AND coalesce(t.clock_paused_at, now()) <= t.due_at
    AND (coalesce(t.clock_paused_at, now()) AT TIME ZONE 'UTC' + interval '8 hours')::date >= t.sla_yellow_from`,
  green: `t.clock_state IN ('running','paused') AND coalesce(t.clock_paused_at, now()) <= t.due_at
    AND (coalesce(t.clock_paused_at, now()) AT TIME ZONE 'UTC' + interval '8 hours')::date < t.sla_yellow_from`,
} as const;

/** Keeps the task rows of one SLA light ("due before now" first for red: the index over open tasks answers it). */
function withLight(b: Knex.QueryBuilder, sla: NonNullable<TaskListQuery['sla']>): Knex.QueryBuilder {
  if (sla === 'red') b.whereRaw('t.due_at < now()');
  return b.whereRaw(TASK_LIGHT_SQL[sla]);
}

const SLA_SQL = `CASE WHEN c.due_at IS NULL OR c.clock_state NOT IN ('running','paused') THEN NULL
  WHEN coalesce(c.clock_paused_at, now()) > c.due_at THEN 'red'
  WHEN (${DAYS_LEFT_SQL}) <= floor((c.promised_days + c.extension_days) * i.sla_yellow_ratio) THEN 'yellow' ELSE 'green' END`;

export function createTasksService(deps: {
  db: Db;
  repo: CasesRepository;
  engine: CamundaClient;
  effects: CaseEffects;
  views: CaseViews;
  audit: AuditService;
  /** The audit records of one case, oldest first (from the audit module). */
  auditTrail: (
    caseNo: string,
  ) => Promise<
    { at: Date; actorUsername: string | null; type: string; success: boolean; detail: Record<string, unknown> }[]
  >;
  syncCase: SyncCase;
  /** Parallel approval: who besides the case's department may see it, and what a branch action records. */
  parallel?: {
    participates(actor: Actor, c: CaseRow): Promise<boolean>;
    onTaskAction(
      trx: Tx,
      a: {
        task: TaskRow;
        c: CaseRow;
        actor: Actor;
        action: TaskAction;
        body: Record<string, unknown>;
        vars: Record<string, unknown>;
      },
    ): Promise<void>;
  };
}) {
  const { db, repo, engine, audit } = deps;
  const mayOpen = async (actor: Actor, c: CaseRow) =>
    canSeeCase(actor, c) || (actor.kind === 'staff' && !!(await deps.parallel?.participates(actor, c)));

  async function caseOfTask(trx: Tx, t: TaskRow): Promise<CaseRow> {
    return (await repo.findCaseById(trx, t.case_id)) as CaseRow;
  }

  /** Locks the task row; refuses what the actor may not touch (404 / 403 / 409). */
  async function lockTask(trx: Tx, actor: Actor, taskId: string): Promise<{ task: TaskRow; c: CaseRow }> {
    const seen = await repo.findTask(trx, taskId);
    if (!seen) throw notFound('任务');
    // Lock order everywhere: the case row first, then its task rows (a change of the case's due
    // date updates its task rows by trigger, and the task sync locks the case before the tasks).
    await repo.findCaseById(trx, seen.case_id, { forUpdate: true });
    const task = (await repo.findTask(trx, taskId, { forUpdate: true })) as TaskRow;
    const c = await caseOfTask(trx, task);
    // A task belongs to its department: the case's, or in a parallel case the branch's.
    if (!inStaffScope(actor, task.department_code)) throw forbidden('该业务不属于您所在的部门');
    const roles = STEP_ROLES[task.activity_id] ?? task.candidate_roles;
    const delegate = task.delegation_state === 'PENDING' && task.assignee === actor.username;
    if (!delegate && !actor.roles.some((r) => roles.includes(r))) throw forbidden('您的角色不能办理该环节');
    if (task.closed_at) throw new AppError('TASK_GONE', '任务已被处理', { status: c.status });
    return { task, c };
  }

  async function userOfDepartment(trx: Tx, username: string, department: string, roles: string[]): Promise<boolean> {
    const r = await trx('users as u')
      .join('user_departments as d', 'd.user_id', 'u.id')
      .join('user_roles as r', 'r.user_id', 'u.id')
      .where({ 'u.username': username, 'u.disabled': false, 'd.department_code': department })
      .whereIn('r.role_code', roles)
      .first('u.id');
    return !!r;
  }

  function rowsToTasks(rows: Record<string, unknown>[], actor: Actor) {
    return rows.map((r) => {
      const task = r as unknown as TaskRow & {
        case_no: string;
        item_name: string;
        applicant_name: string | null;
        applicant_kind: string;
        due_at: Date | null;
        days_left: number | null;
        sla: string | null;
        status: keyof typeof CASE_STATUS_LABELS;
        case_type: string;
      };
      return {
        id: task.task_id,
        caseNo: task.case_no,
        itemName: task.item_name,
        applicantName: task.applicant_kind === 'legal' ? task.applicant_name : maskName(task.applicant_name),
        taskName: task.name,
        activityId: task.activity_id,
        department: task.department_code,
        assignee: task.assignee,
        status: task.status,
        statusLabel: CASE_STATUS_LABELS[task.status]?.zh ?? task.status,
        createdAt: task.created_at ? new Date(task.created_at).toISOString() : null,
        closedAt: task.closed_at ? new Date(task.closed_at).toISOString() : null,
        dueAt: task.due_at ? new Date(task.due_at).toISOString() : null,
        workingDaysLeft: task.days_left === null || task.days_left === undefined ? null : Number(task.days_left),
        sla: task.sla,
        allowedActions:
          task.closed_at || (task.assignee && task.assignee !== actor.username && task.delegation_state !== 'PENDING')
            ? []
            : allowedActions(task, actor, task.case_type === 'instant'),
      };
    });
  }

  /** The rows of a task list (待办 / 已办 / 办结) with its filters, before ordering and paging. */
  /** 待办: the open tasks of the user's departments and roles, unclaimed or theirs, or claimed by them. */
  function todoOf(t: Knex.QueryBuilder, actor: Actor): Knex.QueryBuilder {
    const scope = staffScope(actor) ?? [];
    return t.whereNull('t.closed_at').where((w) =>
      w
        .where((own) =>
          own
            .whereIn('t.department_code', scope.length ? scope : ['-'])
            .whereRaw('t.candidate_roles && ?::text[]', [`{${actor.roles.join(',')}}`])
            .where((a) => a.whereNull('t.assignee').orWhere('t.assignee', actor.username)),
        )
        .orWhere('t.assignee', actor.username),
    );
  }

  function taskQuery(actor: Actor, q: Omit<TaskListQuery, 'sort' | 'page' | 'pageSize'>) {
    const base = db('case_tasks as t')
      .join('cases as c', 'c.id', 't.case_id')
      .join('service_items as i', 'i.code', 'c.item_code')
      .join('users as a', 'a.id', 'c.applicant_id');
    if (q.view === 'todo') {
      todoOf(base, actor);
    } else {
      // 已办 / 办结: tasks this user closed; one row per case, the latest.
      base
        .where('t.closed_by', actor.username)
        .whereRaw(
          't.closed_at = (SELECT max(t2.closed_at) FROM case_tasks t2 WHERE t2.case_id = t.case_id AND t2.closed_by = ?)',
          [actor.username],
        );
      if (q.view === 'done') base.whereNotIn('c.status', TERMINAL_STATUSES as string[]);
      else base.whereIn('c.status', TERMINAL_STATUSES as string[]);
    }
    if (q.itemCode) base.where('c.item_code', q.itemCode);
    if (q.q)
      base.where((w) =>
        w
          .whereILike('c.case_no', `%${q.q}%`)
          .orWhereILike('i.name', `%${q.q}%`)
          .orWhereILike('c.applicant_name', `%${q.q}%`),
      );
    // Every task row, open or closed, carries its case's clock and yellow date (triggers of
    // migrations 000800 and 000900): the same test as the unfiltered todo list's.
    if (q.sla) withLight(base, q.sla);
    if (q.caseNo) base.whereILike('c.case_no', `%${q.caseNo}%`);
    if (q.applicant) base.whereILike('c.applicant_name', `%${q.applicant}%`);
    if (q.from) base.where('c.submitted_at', '>=', beijingDayStart(q.from));
    if (q.to) base.where('c.submitted_at', '<', beijingDayStart(q.to, 1));
    return base;
  }

  async function complete(req: Request, actor: Actor, taskId: string, action: TaskAction, rawBody: unknown) {
    const parsed = ACTION_BODIES[action].safeParse(rawBody ?? {});
    let caseNo = '';
    await db.transaction(async (trx) => {
      const { task, c } = await lockTask(trx, actor, taskId);
      caseNo = c.case_no;
      // A branch of a parallel case: take the case row before anything refers to it, in the order
      // the worker topics of the other branches lock (case, then branch), so they cannot deadlock.
      if (branchOf(task)) await repo.findCase(trx, c.case_no, { forUpdate: true });
      if (task.assignee && task.assignee !== actor.username)
        throw new AppError('TASK_ALREADY_CLAIMED', `该任务已由 ${task.assignee} 签收`);
      const item = await deps.effects.item(trx, c.item_code);
      const allowed = allowedActions(task, actor, item.caseType === 'instant');
      if (!allowed.includes(action))
        throw actionNotAllowed(c.status, allowed, `「${task.name}」环节不能执行 ${action}`);
      if (!parsed.success) {
        throw new AppError(
          'VALIDATION_FAILED',
          '请求参数不正确',
          Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '(body)', i.message])),
        );
      }
      const body = parsed.data as Record<string, unknown> & { opinion?: string };
      const vars: Record<string, unknown> = { action };
      const eventPayload: Record<string, unknown> = {
        action,
        step: task.activity_id,
        stepName: task.name,
        opinion: body.opinion ?? null,
        ...(branchOf(task) ? { department: task.department_code } : {}),
      };

      switch (action) {
        case 'notAccept':
          await repo.updateCase(trx, c.id, { result_reason: body.opinion as string });
          // With the step too, for the notice should this transaction be lost (topics.service).
          vars.resultReason = body.opinion;
          break;
        case 'requestCorrection': {
          const items = (body as z.infer<typeof ACTION_BODIES.requestCorrection>).items;
          const unknown = items.filter((i) => !item.materials.some((m) => m.code === i.materialCode));
          if (unknown.length)
            throw new AppError('VALIDATION_FAILED', '补正材料不属于该事项', {
              items: unknown.map((u) => u.materialCode).join(', '),
            });
          const stage = task.activity_id === 'acceptance' ? 'acceptance' : 'handling';
          // One open correction per branch (per case outside parallel approval). In a parallel case
          // each department may ask while another's is open: the applicant gets one notice per
          // department and answers them in turn, each answer going back to the branch that asked.
          const branch = branchOf(task);
          if (await repo.openCorrection(trx, c.id, branch ? { branch } : {}))
            throw actionNotAllowed(c.status, allowed, '已有待申请人答复的补正告知，请在其补正后再提出');
          await repo.insertCorrection(trx, {
            branch_department: branchOf(task),
            case_id: c.id,
            stage,
            items,
            opinion: body.opinion ?? null,
            requested_by: actor.id,
          });
          vars.correctionStage = stage;
          // The request goes to the engine with the step too: should this transaction be lost after
          // the engine call (a crash between the two), the notice topic rebuilds the correction from
          // it instead of failing (topics.service, recoverCorrection). Not for a branch of a parallel
          // case, whose variables the branches share.
          if (!branch)
            vars.correctionRequest = {
              items,
              opinion: body.opinion ?? null,
              requestedBy: actor.username,
            } satisfies z.infer<typeof CorrectionRequest>;
          eventPayload.items = items;
          break;
        }
        case 'acceptAndDecide':
          vars.decision = 'approved';
          break;
        case 'approve':
          if (task.activity_id === 'decision' || task.activity_id === 'branchDecision') vars.decision = 'approved';
          break;
        case 'refuse':
          vars.decision = 'refused';
          // A branch's reason is the branch's; the consolidated reason is built from the branches.
          if (!branchOf(task)) {
            await repo.updateCase(trx, c.id, { result_reason: body.opinion as string });
            vars.resultReason = body.opinion;
          }
          break;
        case 'return': {
          const targets = RETURN_TARGETS[task.activity_id] ?? [];
          const to = (body.toActivityId as string | undefined) ?? targets[0];
          if (!to || !targets.includes(to))
            throw new AppError('VALIDATION_FAILED', '退回的环节不正确', {
              toActivityId: `one of: ${targets.join(', ')}`,
            });
          vars.returnTo = to;
          eventPayload.returnTo = to;
          break;
        }
        case 'startSpecialProcedure': {
          const sp = body as z.infer<typeof ACTION_BODIES.startSpecialProcedure>;
          if (sp.type === 1 && c.extension_days + sp.expectedDays > MAX_EXTENSION_DAYS) {
            throw new AppError(
              'DOMAIN_RULE',
              `延长审批期限累计不得超过 ${MAX_EXTENSION_DAYS} 个工作日（《行政许可法》第四十二条）`,
              {
                expectedDays: `at most ${MAX_EXTENSION_DAYS - c.extension_days}`,
              },
            );
          }
          const row = await repo.insertSpecial(trx, {
            case_id: c.id,
            type: sp.type,
            kind: sp.kind ?? (sp.type === 1 ? 'extension' : 'other'),
            reason: sp.reason,
            expected_days: sp.expectedDays,
            from_step: task.activity_id,
            started_by: actor.id,
            branch_department: branchOf(task),
          });
          vars.specialFrom = task.activity_id;
          vars.specialProcedureId = row.id;
          // As for a correction: the special.start topic rebuilds the row from this should the
          // transaction be lost after the engine call (not for a branch of a parallel case).
          if (!branchOf(task))
            vars.specialRequest = {
              type: sp.type,
              kind: row.kind,
              reason: sp.reason,
              expectedDays: sp.expectedDays,
              fromStep: task.activity_id,
              startedBy: actor.username,
            } satisfies z.infer<typeof SpecialRequest>;
          Object.assign(eventPayload, { type: sp.type, reason: sp.reason, expectedDays: sp.expectedDays });
          break;
        }
        case 'endSpecialProcedure': {
          const open = await repo.openSpecial(trx, c.id, branchOf(task));
          if (!open) throw actionNotAllowed(c.status, [], '没有进行中的特别程序');
          await repo.updateSpecial(trx, open.id, {
            ended_at: new Date(),
            ended_by: actor.id,
            result: body.result as string,
          });
          if (!branchOf(task)) vars.specialResult = { result: body.result as string, endedBy: actor.username };
          eventPayload.result = body.result;
          break;
        }
        case 'void':
          await repo.updateCase(trx, c.id, { termination: 'voided', termination_reason: body.reason as string });
          eventPayload.reason = body.reason;
          break;
      }

      await deps.parallel?.onTaskAction(trx, { task, c, actor, action, body, vars });
      if (action === 'void') {
        await engineCall(() =>
          engine.correlate(
            'CaseTerminated',
            c.process_instance_id as string,
            { termination: 'voided' },
            actor.username,
          ),
        );
      } else if (action === 'submit') {
        await engineCall(() => engine.resolve(task.task_id, { delegateOpinion: body.opinion ?? '' }, actor.username));
      } else {
        // No claim first: the task row lock above already keeps a second clerk out, the engine's
        // operation log names the clerk of the completion (X-Tongban-Actor), and the history takes
        // who completed a step from the task read model when the engine has no assignee.
        await engineCall(() => engine.complete(task.task_id, vars, actor.username));
      }
      if (action !== 'submit') await repo.closeTask(trx, task.task_id, action, actor.username);
      await repo.addEvent(trx, {
        caseId: c.id,
        type: action === 'return' ? 'task.returned' : 'task.completed',
        actorId: actor.id,
        applicantVisible: false,
        payload: eventPayload,
      });
      await audit.record(
        req,
        {
          type: `task.${action}`,
          success: true,
          caseNo: c.case_no,
          target: task.task_id,
          detail: { step: task.activity_id },
        },
        trx,
      );
    });
    await deps.syncCase(caseNo);
    return { caseNo, action };
  }

  return {
    complete,

    async listTasks(actor: Actor, q: TaskListQuery) {
      // `t.due_at` is the case's due date, copied into case_tasks by triggers (migration 000600).
      const order =
        q.sort === 'createdAt'
          ? 't.created_at ASC'
          : q.sort === '-createdAt'
            ? 't.created_at DESC'
            : q.sort === '-dueAt'
              ? 't.due_at DESC NULLS LAST'
              : 't.due_at ASC NULLS LAST, t.created_at ASC';
      // Unfiltered todo list (the common case): count and cut the page in case_tasks alone (partial
      // indexes over the open tasks), then join only the page's rows. Joining first made PostgreSQL
      // sort every case by due date (docs/benchmarks.md).
      // The SLA filters too: the task rows carry what decides the light (migrations 000800, 000900).
      const fast = q.view === 'todo' && !q.itemCode && !q.q && !q.caseNo && !q.applicant && !q.from && !q.to;
      const page = (b: Knex.QueryBuilder) => b.limit(q.pageSize).offset((q.page - 1) * q.pageSize);
      const ownTasks = (b: Knex.QueryBuilder) => {
        todoOf(b, actor);
        return q.sla ? withLight(b, q.sla) : b;
      };
      const base = fast
        ? db
            .from(page(ownTasks(db('case_tasks as t').select('t.*')).orderByRaw(order)).as('t'))
            .join('cases as c', 'c.id', 't.case_id')
            .join('service_items as i', 'i.code', 'c.item_code')
            .join('users as a', 'a.id', 'c.applicant_id')
        : taskQuery(actor, q);
      const counted = fast ? ownTasks(db('case_tasks as t')) : base.clone();
      if (!fast) page(base);
      // The count and the page are independent reads: on PostgreSQL they run on two connections at once.
      const [[{ count }], rows] = (await Promise.all([
        counted.count({ count: '*' }),
        base
          .select(
            't.*',
            'c.case_no',
            'c.status',
            'c.applicant_name',
            'a.kind as applicant_kind',
            'c.due_at',
            'i.name as item_name',
            'i.case_type',
            db.raw(`(${DAYS_LEFT_SQL}) AS days_left`),
            db.raw(`(${SLA_SQL}) AS sla`),
          )
          .orderByRaw(order),
      ])) as [[{ count: string | number }], Record<string, unknown>[]];
      return { items: rowsToTasks(rows, actor), total: Number(count), page: q.page, pageSize: q.pageSize };
    },

    async listCases(actor: Actor, q: CaseListQuery) {
      const scope = staffScope(actor);
      const base = db('cases as c')
        .join('service_items as i', 'i.code', 'c.item_code')
        .join('users as a', 'a.id', 'c.applicant_id');
      if (scope) ofDepartments(db, base, scope);
      const status = VIEW_STATUS[q.view];
      if (status) base.where('c.status', status);
      else if (q.view === 'drafts') {
        // 草稿箱: drafts this staff member keeps (e.g. entered for a walk-in applicant); an
        // applicant's own drafts are private until submitted.
        base.where('c.status', 'draft').where('c.applicant_id', actor.id);
      } else if (q.view === 'refused') base.where('c.result', 'refused');
      else if (q.view === 'returned') {
        base
          .whereNotIn('c.status', TERMINAL_STATUSES as string[])
          .whereExists(db('case_events as e').whereRaw('e.case_id = c.id').where('e.type', 'task.returned'));
      } else base.whereNot('c.status', 'draft');
      if (q.itemCode) base.where('c.item_code', q.itemCode);
      if (q.q)
        base.where((w) =>
          w
            .whereILike('c.case_no', `%${q.q}%`)
            .orWhereILike('i.name', `%${q.q}%`)
            .orWhereILike('c.applicant_name', `%${q.q}%`),
        );
      const [{ count }] = (await base.clone().count({ count: '*' })) as [{ count: string | number }];
      const rows = (await base
        .select(
          'c.*',
          'i.name as item_name',
          'a.kind as applicant_kind',
          db.raw(`(${DAYS_LEFT_SQL}) AS days_left`),
          db.raw(`(${SLA_SQL}) AS sla`),
        )
        .orderBy('c.updated_at', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)) as (CaseRow & {
        item_name: string;
        applicant_kind: string;
        days_left: number | null;
        sla: string | null;
      })[];
      return {
        items: rows.map((c) => ({
          caseNo: c.case_no,
          itemCode: c.item_code,
          itemName: c.item_name,
          applicantName: c.applicant_kind === 'legal' ? c.applicant_name : maskName(c.applicant_name),
          department: c.department_code,
          status: c.status,
          statusLabel: CASE_STATUS_LABELS[c.status].zh,
          result: c.result,
          submittedAt: c.submitted_at ? new Date(c.submitted_at).toISOString() : null,
          dueAt: c.due_at ? new Date(c.due_at).toISOString() : null,
          dueDate: c.due_at ? chinaDate(new Date(c.due_at)) : null,
          workingDaysLeft: c.days_left === null ? null : Number(c.days_left),
          sla: c.sla,
          updatedAt: new Date(c.updated_at).toISOString(),
        })),
        total: Number(count),
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async caseDetail(actor: Actor, caseNo: string) {
      const c = await repo.findCase(db, caseNo);
      if (!c || (c.status === 'draft' && c.applicant_id !== actor.id)) throw notFound('办件');
      if (!(await mayOpen(actor, c))) throw forbidden('该业务不属于您所在的部门');
      return deps.views.staffView(c, actor);
    },

    async claim(req: Request, actor: Actor, taskId: string) {
      let caseNo = '';
      await db.transaction(async (trx) => {
        const { task, c } = await lockTask(trx, actor, taskId);
        caseNo = c.case_no;
        if (task.assignee === actor.username) return;
        if (task.assignee) throw new AppError('TASK_ALREADY_CLAIMED', `该任务已由 ${task.assignee} 签收`);
        await engineCall(() => engine.claim(task.task_id, actor.username));
        await repo.setTaskAssignment(trx, task.task_id, { assignee: actor.username });
        await repo.addEvent(trx, {
          caseId: c.id,
          type: 'task.claimed',
          actorId: actor.id,
          applicantVisible: false,
          payload: { step: task.activity_id },
        });
        await audit.record(req, { type: 'task.claim', success: true, caseNo: c.case_no, target: task.task_id }, trx);
      });
      return { id: taskId, caseNo, assignee: actor.username };
    },

    async unclaim(req: Request, actor: Actor, taskId: string) {
      await db.transaction(async (trx) => {
        const { task, c } = await lockTask(trx, actor, taskId);
        if (task.assignee !== actor.username) throw actionNotAllowed(c.status, [], '只能释放自己签收的任务');
        await engineCall(() => engine.unclaim(task.task_id, actor.username));
        await repo.setTaskAssignment(trx, task.task_id, { assignee: null });
        await audit.record(req, { type: 'task.unclaim', success: true, caseNo: c.case_no, target: task.task_id }, trx);
      });
      return { id: taskId, assignee: null };
    },

    /** 转办 (transfer) hands the task over; 委派 (delegate) asks a colleague and gets it back. */
    async reassign(req: Request, actor: Actor, taskId: string, username: string, kind: 'transfer' | 'delegate') {
      let caseNo = '';
      await db.transaction(async (trx) => {
        const { task, c } = await lockTask(trx, actor, taskId);
        caseNo = c.case_no;
        if (task.assignee && task.assignee !== actor.username)
          throw new AppError('TASK_ALREADY_CLAIMED', `该任务已由 ${task.assignee} 签收`);
        if (username === actor.username)
          throw new AppError('VALIDATION_FAILED', '不能转给自己', { userId: 'is yourself' });
        const roles = kind === 'transfer' ? (STEP_ROLES[task.activity_id] ?? []) : ['clerk', 'approver', 'lead'];
        if (!(await userOfDepartment(trx, username, task.department_code, roles))) {
          throw new AppError('VALIDATION_FAILED', '目标人员不属于本部门或不具备办理该环节的角色', {
            userId: 'not eligible',
          });
        }
        if (kind === 'transfer') {
          await engineCall(() => engine.setAssignee(task.task_id, username, actor.username));
          await repo.setTaskAssignment(trx, task.task_id, { assignee: username });
        } else {
          if (!task.assignee) await engineCall(() => engine.claim(task.task_id, actor.username));
          await engineCall(() => engine.delegate(task.task_id, username, actor.username));
          await repo.setTaskAssignment(trx, task.task_id, {
            assignee: username,
            owner: actor.username,
            delegationState: 'PENDING',
          });
        }
        await repo.addEvent(trx, {
          caseId: c.id,
          type: `task.${kind === 'transfer' ? 'transferred' : 'delegated'}`,
          actorId: actor.id,
          applicantVisible: false,
          payload: { to: username, step: task.activity_id },
        });
        await audit.record(
          req,
          { type: `task.${kind}`, success: true, caseNo: c.case_no, target: task.task_id, detail: { to: username } },
          trx,
        );
      });
      await deps.syncCase(caseNo);
      return { id: taskId, assignee: username };
    },

    /** 作废 from any waiting point (also where no task is open, e.g. while waiting for corrections). */
    async voidCase(req: Request, actor: Actor, caseNo: string, reason: string) {
      await db.transaction(async (trx) => {
        const c = await repo.findCase(trx, caseNo, { forUpdate: true });
        if (!c) throw notFound('办件');
        if (!canSeeCase(actor, c)) throw forbidden('该业务不属于您所在的部门');
        if (!actor.roles.includes('lead')) throw forbidden('只有部门负责人可以作废办件');
        if (TERMINAL_STATUSES.includes(c.status) || c.status === 'draft' || c.termination)
          throw actionNotAllowed(c.status, [], '该办件已结束，不能作废');
        await repo.updateCase(trx, c.id, { termination: 'voided', termination_reason: reason });
        await repo.addEvent(trx, {
          caseId: c.id,
          type: 'void_requested',
          actorId: actor.id,
          applicantVisible: false,
          payload: { reason },
        });
        await engineCall(() =>
          engine.correlate(
            'CaseTerminated',
            c.process_instance_id as string,
            { termination: 'voided' },
            actor.username,
          ),
        );
        await audit.record(req, { type: 'case.void', success: true, caseNo, detail: { reason } }, trx);
      });
      await deps.syncCase(caseNo);
      return this.caseDetail(actor, caseNo);
    },

    /**
     * Colleagues who may take over the task: enabled users of the case's department with a role for the
     * step (转办) or any handling role (委派), the actor left out. The same rule `reassign` checks.
     */
    async colleagues(actor: Actor, taskId: string, kind: 'transfer' | 'delegate') {
      const { task, c } = await db.transaction((trx) => lockTask(trx, actor, taskId));
      if (task.assignee && task.assignee !== actor.username)
        throw new AppError('TASK_ALREADY_CLAIMED', `该任务已由 ${task.assignee} 签收`);
      const roles = kind === 'transfer' ? (STEP_ROLES[task.activity_id] ?? []) : ['clerk', 'approver', 'lead'];
      const users = await repo.colleagues(db, c.department_code, roles, actor.username);
      return { taskId, kind, department: c.department_code, items: users };
    },

    /** The numbers behind the console's menu and tabs: 待办 of the actor, and the case views of their departments. */
    async counts(actor: Actor) {
      const worker = actor.roles.some((r) => ['clerk', 'approver', 'lead'].includes(r));
      const [todoRow] = worker
        ? ((await taskQuery(actor, { view: 'todo' }).count({ count: '*' })) as [{ count: string | number }])
        : [{ count: 0 }];
      const scope = staffScope(actor);
      const views = await repo.caseViewCounts(db, {
        departments: scope,
        actorId: actor.id,
        terminal: TERMINAL_STATUSES as string[],
        statusViews: VIEW_STATUS as Record<string, string>,
      });
      return { todo: Number(todoRow.count), cases: views };
    },

    /** Engine activities + business events + operation log, one ordered list. */
    async history(actor: Actor, caseNo: string) {
      const c = await repo.findCase(db, caseNo);
      if (!c) throw notFound('办件');
      if (!(await mayOpen(actor, c))) throw forbidden('该业务不属于您所在的部门');
      const [allActs, allEvents, allOps, allEngineOps, closers] = await Promise.all([
        c.process_instance_id ? engine.historicActivities(c.process_instance_id).catch(() => []) : Promise.resolve([]),
        repo.events(db, c.id, false),
        deps.auditTrail(caseNo),
        // The engine's own user-operation log (claim, complete, delegate … with the acting clerk).
        c.process_instance_id ? engine.historicOperations(c.process_instance_id).catch(() => []) : Promise.resolve([]),
        repo.taskClosers(db, c.id),
      ]);
      // A participating department of a parallel case (not the lead) reads the case-level steps
      // and its own branch's events; other departments' opinions and the branch operation log are
      // the lead department's.
      const partial = !canSeeCase(actor, c);
      const acts = partial ? allActs.filter((a) => !a.activityId.startsWith('branch')) : allActs;
      const events = partial
        ? allEvents.filter((e) => {
            const dept = (e.payload as { department?: unknown }).department;
            return typeof dept === 'string' ? inStaffScope(actor, dept) : !String(e.type).startsWith('task.');
          })
        : allEvents;
      const ops = partial ? allOps.filter((o) => !o.type.startsWith('task.')) : allOps;
      // The engine's operation log names the other departments' handlers: the lead department's too.
      const engineOps = partial ? [] : allEngineOps;
      const entries = [
        ...acts
          .filter((a) => !['sequenceFlow', 'exclusiveGateway'].includes(a.activityType))
          .map((a) => ({
            source: 'engine' as const,
            at: new Date(a.startTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString(),
            endAt: a.endTime ? new Date(a.endTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString() : null,
            type: a.activityType,
            activityId: a.activityId,
            title: a.activityName ?? a.activityId,
            // A task completed without being claimed has no assignee in the engine: who closed it.
            actor: a.assignee ?? (a.taskId ? (closers.get(a.taskId) ?? null) : null),
            durationMs: a.durationInMillis,
            canceled: a.canceled,
          })),
        ...events.map((e) => ({
          source: 'event' as const,
          at: new Date(e.at).toISOString(),
          type: e.type,
          actor: e.actor_username,
          detail: e.payload,
        })),
        ...ops.map((o) => ({
          source: 'audit' as const,
          at: o.at.toISOString(),
          type: o.type,
          actor: o.actorUsername,
          success: o.success,
          detail: o.detail,
        })),
      ];
      entries.sort((a, b) => a.at.localeCompare(b.at));
      return {
        caseNo,
        processInstanceId: c.process_instance_id,
        processDefinitionId: c.process_definition_id,
        entries,
        // Kept apart from `entries`: one row per changed property, as the engine records it.
        engineOperations: engineOps.map((o) => ({
          at: new Date(o.timestamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString(),
          type: o.operationType,
          actor: o.userId,
          taskId: o.taskId,
          property: o.property,
          newValue: o.newValue,
        })),
      };
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
