import { randomInt } from 'node:crypto';
import { STEP_ACTIONS, type TaskAction } from '@tongban/contracts';
import type { Db, Tx } from '../../db/knex.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../http/context.js';
import { translateEngineError, type CamundaClient, type EngineTask } from '../../integrations/camunda/index.js';
import type { Logger } from '../../logger.js';
import type { AuditService } from '../audit/index.js';
import { chinaDate } from '../calendar/index.js';
import type { CaseEffects, ItemInfo } from './case-effects.js';
import type { CaseRow, CasesRepository, SpecialRow, TaskRow } from './cases.repository.js';

/** The role whose members may work each step; the engine's candidate groups are `<role>:<department>`. */
export const STEP_ROLES: Record<string, string[]> = {
  acceptance: ['clerk'],
  review: ['approver'],
  decision: ['lead'],
  specialProcedure: ['approver', 'lead'],
  branchReview: ['approver'],
  branchDecision: ['lead'],
  branchSpecialProcedure: ['approver', 'lead'],
  consolidation: ['lead'],
};

/** User tasks inside a department's branch of a parallel case: their department is the branch's. */
export const BRANCH_STEPS: readonly string[] = ['branchReview', 'branchDecision', 'branchSpecialProcedure'];

/** The department whose branch a task belongs to, or null for a task of the case as a whole. */
export const branchOf = (task: Pick<TaskRow, 'activity_id' | 'department_code'>): string | null =>
  BRANCH_STEPS.includes(task.activity_id) ? task.department_code : null;

export const STEP_NAMES: Record<string, string> = {
  acceptance: '受理',
  review: '审核',
  decision: '批准',
  specialProcedure: '特别程序',
  branchReview: '部门审查',
  branchDecision: '部门决定',
  branchSpecialProcedure: '部门特别程序',
  consolidation: '汇总',
};

/** Staff who see every department's cases (auditing); everyone else is limited to their departments. */
const CROSS_DEPARTMENT_ROLES = ['auditor', 'auditadmin'];

export function staffScope(actor: Actor): string[] | null {
  return actor.roles.some((r) => CROSS_DEPARTMENT_ROLES.includes(r)) ? null : actor.departments.map((d) => d.code);
}

/** Whether a department is in the staff member's scope (cross-department roles see every one). */
export function inStaffScope(actor: Actor, department: string): boolean {
  const scope = staffScope(actor);
  return scope === null || scope.includes(department);
}

export function canSeeCase(actor: Actor, c: Pick<CaseRow, 'department_code' | 'applicant_id'>): boolean {
  if (actor.kind !== 'staff') return c.applicant_id === actor.id;
  const scope = staffScope(actor);
  return scope === null || scope.includes(c.department_code);
}

/**
 * A user task a designer added to a flow (an id the platform has no actions for): it is worked by
 * the roles of its candidate groups, completed with 通过 (`approve`) and goes on along its outgoing
 * flow; a lead may void the case from it as from any step.
 */
export const DESIGNED_STEP_ACTIONS: readonly TaskAction[] = ['approve', 'void'];

/** Roles and department of `<role>:<department>` candidate groups (the first department named). */
export function fromCandidateGroups(
  groups: string[],
  caseDepartment: string,
): { roles: string[]; department: string | null } {
  const roles = new Set<string>();
  let department: string | null = null;
  for (const g of groups) {
    const [role, dept] = g.split(':');
    if (!role) continue;
    roles.add(role);
    if (dept && (department === null || dept === caseDepartment)) department = dept;
  }
  return { roles: [...roles], department };
}

/**
 * The actions this actor may take on this task now: the step's actions (shared with the
 * console), less what the actor's roles or the item do not allow.
 */
export function allowedActions(
  task: Pick<TaskRow, 'activity_id' | 'assignee' | 'delegation_state' | 'owner' | 'candidate_roles'>,
  actor: Actor,
  instant: boolean,
): TaskAction[] {
  if (task.delegation_state === 'PENDING') return task.assignee === actor.username ? ['submit'] : [];
  const step = (STEP_ACTIONS as Record<string, readonly TaskAction[]>)[task.activity_id] ?? DESIGNED_STEP_ACTIONS;
  const roles = STEP_ROLES[task.activity_id] ?? task.candidate_roles ?? [];
  if (!actor.roles.some((r) => roles.includes(r))) return [];
  return step.filter((a) => {
    if (a === 'void') return actor.roles.includes('lead');
    if (a === 'acceptAndDecide') return instant;
    return true;
  });
}

export const newQueryCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** 办件编号: implementation code + yyyyMMdd (Beijing date) + a 4-digit serial per item and day. */
export async function nextCaseNo(repo: CasesRepository, trx: Tx, itemCode: string, now: Date): Promise<string> {
  const day = chinaDate(now).replace(/-/g, '');
  const serial = await repo.nextSerial(trx, `case:${itemCode}`, day);
  return `${itemCode}${day}${String(serial).padStart(4, '0')}`;
}

const NOTICE_ABBR: Record<string, string> = {
  acceptance: '受',
  not_acceptance: '不受',
  correction: '补',
  special: '特',
  approval_decision: '准许',
  refusal_decision: '不许',
  simulated_decision: '模拟',
};

/** Notice numbers per type and year, e.g. 石龙受〔2026〕第000012号. */
export async function nextNoticeNo(
  repo: CasesRepository,
  trx: Tx,
  prefix: string,
  type: string,
  now: Date,
): Promise<string> {
  const year = chinaDate(now).slice(0, 4);
  const serial = await repo.nextSerial(trx, `notice:${type}`, year);
  return `${prefix}${NOTICE_ABBR[type] ?? type}〔${year}〕第${String(serial).padStart(6, '0')}号`;
}

/**
 * The special procedure (特别程序) a worker topic is about: the flow variable `specialProcedureId`.
 * With `department`, only that branch's (a parallel case); otherwise DOMAIN_RULE.
 */
/** The user row id of a username an engine record names (an actor, a variable); undefined if unknown. */
export async function userOf(exec: Tx | Db, username: string): Promise<{ id: string } | undefined> {
  return (await exec('users').where({ username }).first('id')) as { id: string } | undefined;
}

export async function specialOfTask(
  repo: CasesRepository,
  trx: Tx,
  variables: Record<string, unknown>,
  department?: string,
): Promise<SpecialRow> {
  const id = String(variables.specialProcedureId ?? '');
  const sp = id ? await repo.findSpecial(trx, id) : null;
  if (!sp || (department !== undefined && sp.branch_department !== department))
    throw new AppError('DOMAIN_RULE', '特别程序记录不存在');
  return sp;
}

/** The notice of a special procedure (特别程序告知书), with the due date it leaves; once per procedure. */
export function issueSpecialNotice(
  effects: Pick<CaseEffects, 'issueDocument'>,
  trx: Tx,
  c: CaseRow,
  item: ItemInfo,
  n: { sp: SpecialRow; noticeNo: string; dueAt: Date | string | null; now: Date },
): Promise<void> {
  return effects.issueDocument(trx, c, item, {
    type: 'special',
    refKey: `special:${n.sp.id}`,
    noticeNo: n.noticeNo,
    now: n.now,
    fields: {
      specialType: n.sp.type,
      kind: n.sp.kind,
      reason: n.sp.reason,
      expectedDays: n.sp.expected_days,
      dueDate: n.dueAt ? chinaDate(new Date(n.dueAt)) : '',
    },
  });
}

/**
 * Brings the task read model of one case in line with the engine's open user tasks. Called after
 * every change the API makes and after every worker step; the engine stays the truth.
 */
export function createCaseSync(
  db: Db,
  repo: CasesRepository,
  engine: CamundaClient,
  log: Logger,
  audit?: Pick<AuditService, 'system'>,
) {
  /**
   * A task the read model still has open, gone from the engine. Cancelled (a timer, a withdrawal,
   * another branch's refusal): closed without an action below. Completed: a clerk's action whose
   * engine call went through while its own database transaction was lost (the API killed between
   * the two) — the completion is recorded from the engine's history, so that the case's history
   * and the audit trail still say who completed the step and when. Its opinion and the action's
   * other writes were in the lost transaction and are not recoverable from the engine.
   */
  async function recoverCompletion(trx: Tx, c: CaseRow, row: TaskRow): Promise<void> {
    const ending = await engine.taskEnding(row.task_id);
    if (ending?.deleteReason !== 'completed') return;
    const by = ending.completedBy;
    const user = by ? await userOf(trx, by) : undefined;
    const at = ending.endTime ? new Date(ending.endTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : new Date();
    await repo.closeTask(trx, row.task_id, null, by);
    await repo.addEvent(trx, {
      caseId: c.id,
      type: 'task.completed',
      actorId: user?.id ?? null,
      applicantVisible: false,
      payload: { step: row.activity_id, stepName: row.name, opinion: null, recovered: true, completedBy: by },
      dedupeKey: `task.recovered:${row.task_id}`,
      at,
    });
    await audit?.system(
      {
        type: 'task.recovered',
        success: true,
        caseNo: c.case_no,
        target: row.task_id,
        detail: { step: row.activity_id, completedBy: by, completedAt: at.toISOString(), source: 'engine history' },
      },
      trx,
    );
    log.warn({ caseNo: c.case_no, taskId: row.task_id, completedBy: by }, 'task completion recovered from the engine');
  }

  const groupsOf = async (tasks: EngineTask[], c: CaseRow, known: Set<string>) => {
    // Tasks whose department and roles are not the case's fixed ones: a branch of a parallel case
    // (its department's), and a step a designer added. Both come from the task's candidate groups
    // `<role>:<department>`, as the flows and the designer's templates set them. Only new tasks
    // need them (a task row keeps what it was written with).
    const out = new Map<string, { roles: string[]; department: string | null }>();
    for (const t of tasks) {
      if (known.has(t.id) || (STEP_ROLES[t.taskDefinitionKey] && !BRANCH_STEPS.includes(t.taskDefinitionKey))) continue;
      out.set(t.id, fromCandidateGroups(await engine.candidateGroupsOf(t.id), c.department_code));
    }
    return out;
  };

  return async function syncCase(caseNo: string): Promise<void> {
    const c = await repo.findCase(db, caseNo);
    if (!c || !c.process_instance_id) return;
    const instanceId = c.process_instance_id;
    // The engine is read before the transaction, so that no database connection waits for it (the
    // embedded database has one). Ordering: syncs of one case apply one at a time under the case row
    // lock, and a sync applies its engine read only if no other sync applied since it read
    // (`task_sync_seq`); otherwise it reads again under the lock. So a slower sync holding an older
    // task list never closes a task a newer one recorded (branches of a parallel case finish steps
    // at the same moment and sync concurrently).
    let tasks: EngineTask[];
    let open: TaskRow[];
    let fromGroups: Map<string, { roles: string[]; department: string | null }>;
    try {
      tasks = await engine.tasksOfInstance(instanceId);
      open = await repo.openTasks(db, c.id);
      // Nothing to change (a reconciler round, a worker step that makes no user task): no transaction.
      if (sameTasks(tasks, open) && (tasks[0]?.taskDefinitionKey ?? null) === c.current_step) return;
      fromGroups = await groupsOf(tasks, c, new Set(open.map((r) => r.task_id)));
    } catch (err) {
      log.warn({ caseNo, err: (err as Error).message }, 'task sync failed; will retry on the next change');
      return;
    }
    await db.transaction(async (trx) => {
      // The case row is the lock, taken before its task rows as every writer of a case does (lockTask).
      const locked = (await repo.findCaseById(trx, c.id, { forUpdate: true })) as CaseRow;
      if (locked.task_sync_seq !== c.task_sync_seq) {
        try {
          tasks = await engine.tasksOfInstance(instanceId);
          open = await repo.openTasks(trx, c.id);
          fromGroups = await groupsOf(tasks, c, new Set(open.map((r) => r.task_id)));
        } catch (err) {
          log.warn({ caseNo, err: (err as Error).message }, 'task sync failed; will retry on the next change');
          return;
        }
      }
      const inEngine = new Set(tasks.map((t) => t.id));
      for (const row of await repo.openTasks(trx, c.id)) {
        if (inEngine.has(row.task_id)) continue;
        try {
          await recoverCompletion(trx, c, row);
        } catch (err) {
          log.warn({ caseNo, taskId: row.task_id, err: (err as Error).message }, 'could not read how a task ended');
        }
      }
      for (const t of tasks) {
        await repo.upsertTask(trx, {
          task_id: t.id,
          case_id: c.id,
          activity_id: t.taskDefinitionKey,
          name: t.name ?? STEP_NAMES[t.taskDefinitionKey] ?? t.taskDefinitionKey,
          // A branch task never falls back to the lead department: without its group it is nobody's.
          department_code: BRANCH_STEPS.includes(t.taskDefinitionKey)
            ? (fromGroups.get(t.id)?.department ?? '-')
            : (fromGroups.get(t.id)?.department ?? c.department_code),
          candidate_roles: STEP_ROLES[t.taskDefinitionKey] ?? fromGroups.get(t.id)?.roles ?? [],
          assignee: t.assignee,
          owner: t.owner,
          delegation_state: t.delegationState,
          created_at: new Date(t.created.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')),
        });
      }
      await repo.closeTasksNotIn(
        trx,
        c.id,
        tasks.map((t) => t.id),
      );
      const step = tasks[0]?.taskDefinitionKey ?? null;
      await repo.markSynced(trx, c.id, step === locked.current_step ? undefined : step);
    });
  };
}

/** The engine's open tasks and the read model's open rows say the same (ids, assignee, owner, delegation). */
export function sameTasks(tasks: EngineTask[], open: TaskRow[]): boolean {
  if (tasks.length !== open.length) return false;
  const rows = new Map(open.map((r) => [r.task_id, r]));
  return tasks.every((t) => {
    const r = rows.get(t.id);
    return (
      !!r &&
      r.assignee === (t.assignee ?? null) &&
      r.owner === (t.owner ?? null) &&
      r.delegation_state === (t.delegationState ?? null)
    );
  });
}

export type SyncCase = ReturnType<typeof createCaseSync>;

/** Runs an engine call, translating its failures to the API's error codes. */
export async function engineCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw translateEngineError(err);
  }
}

export function actionNotAllowed(
  status: string,
  allowed: readonly string[],
  message = '当前状态下不能执行该操作',
): AppError {
  return new AppError('ACTION_NOT_ALLOWED', message, { status, allowedActions: allowed });
}

/**
 * A safety net behind the per-change synchronisation: every interval, re-reads the engine's tasks
 * of the cases changed in the last half hour (a worker's sync call may have been lost).
 */
export function createReconciler(repo: CasesRepository, syncCase: SyncCase, log: Logger, intervalMs = 30_000) {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      for (const caseNo of await repo.recentOpenCases(new Date(Date.now() - 30 * 60_000), 500)) await syncCase(caseNo);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'task reconciliation round failed');
    } finally {
      running = false;
    }
  };
  return {
    round,
    start() {
      timer ??= setInterval(() => void round(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
