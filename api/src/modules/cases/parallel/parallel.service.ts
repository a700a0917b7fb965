import type { Request } from 'express';
import {
  BRANCH_STATUS_LABELS,
  TERMINAL_STATUSES,
  type CaseBranchDto,
  type DepartmentProgressDto,
  type TaskAction,
} from '@tongban/contracts';
import type { Db, Tx } from '../../../db/knex.js';
import { AppError, notFound } from '../../../errors.js';
import type { Actor } from '../../../http/context.js';
import type { CamundaClient } from '../../../integrations/camunda/index.js';
import type { AuditService } from '../../audit/index.js';
import { chinaDate } from '../../calendar/index.js';
import type { MaterialFiles } from '../applications.service.js';
import type { CaseEffects, ItemInfo } from '../case-effects.js';
import {
  actionNotAllowed,
  BRANCH_STEPS,
  canSeeCase,
  nextNoticeNo,
  staffScope,
  type SyncCase,
} from '../case-support.js';
import type { CaseRow, CasesRepository, TaskRow } from '../cases.repository.js';
import type { Clock } from '../clock.js';
import type { BranchesRepository, BranchRow } from './branches.repository.js';

export const PARALLEL_PROCESS_KEY = 'parallel-approval';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * Parallel approval (并联审批) on top of the case flow: branches at submission, what a branch
 * action records, department scope, the branch views, and simulated → formal approval.
 */
export function createParallelService(deps: {
  db: Db;
  repo: CasesRepository;
  branches: BranchesRepository;
  engine: CamundaClient;
  clock: Clock;
  effects: CaseEffects;
  files: Pick<MaterialFiles, 'ownedUnattached' | 'attach'>;
  audit: AuditService;
  syncCase: SyncCase;
  noticePrefix: string;
}) {
  const { db, repo, branches, clock } = deps;

  const isParallel = (c: Pick<CaseRow, 'process_definition_id'>) =>
    !!c.process_definition_id?.startsWith(`${PARALLEL_PROCESS_KEY}:`);

  async function branchClock(b: BranchRow, slaYellowRatio: number, now = new Date()): Promise<CaseBranchDto['clock']> {
    const limitDays = b.promised_days + b.extension_days;
    const pauses = await branches.pauses(db, b.id);
    const pausedDays = b.started_at
      ? await clock.pausedDays({
          acceptedAt: new Date(b.started_at),
          promisedDays: b.promised_days,
          dayUnit: b.day_unit,
          extensionDays: b.extension_days,
          pauses: pauses.map((p) => ({
            startedAt: new Date(p.started_at),
            endedAt: p.ended_at ? new Date(p.ended_at) : null,
          })),
        })
      : 0;
    let workingDaysLeft: number | null = null;
    let sla: CaseBranchDto['clock']['sla'] = null;
    if (b.due_at && (b.clock_state === 'running' || b.clock_state === 'paused')) {
      const r = await clock.remaining(
        new Date(b.due_at),
        b.day_unit,
        limitDays,
        slaYellowRatio,
        now,
        b.clock_paused_at ? new Date(b.clock_paused_at) : null,
      );
      workingDaysLeft = r.daysLeft;
      sla = r.sla;
    }
    return {
      state: b.clock_state ?? 'not_started',
      limitDays,
      extensionDays: b.extension_days,
      pausedDays,
      dueAt: iso(b.due_at),
      dueDate: b.due_at ? chinaDate(new Date(b.due_at)) : null,
      workingDaysLeft,
      sla,
    };
  }

  return {
    isParallel,

    /** Staff of a participating department may open the case (their branch only). */
    async participates(actor: Actor, c: CaseRow): Promise<boolean> {
      if (!isParallel(c)) return false;
      const scope = staffScope(actor);
      if (scope === null) return true;
      return (await branches.departments(db, c.id)).some((d) => scope.includes(d));
    },

    /** Simulated approval lets the applicant apply without the prerequisite material. */
    async waivedMaterials(exec: Db | Tx, item: ItemInfo): Promise<string[]> {
      if (item.processKey !== PARALLEL_PROCESS_KEY) return [];
      const s = await branches.setting(exec, item.code);
      return s?.simulation_allowed && s.prerequisite_material ? [s.prerequisite_material] : [];
    },

    /** At submission: one branch per participating department, and the flow's variables. */
    async startVariables(trx: Tx, c: CaseRow, item: ItemInfo): Promise<Record<string, unknown>> {
      if (item.processKey !== PARALLEL_PROCESS_KEY) return {};
      const s = await branches.setting(trx, item.code);
      if (!s || s.participants.length === 0)
        throw new AppError('DOMAIN_RULE', '该并联审批事项未配置参与部门', { itemCode: item.code });
      const prerequisite = s.simulation_allowed ? s.prerequisite_material : null;
      const simulated = !!prerequisite && !c.materials.some((m) => m.code === prerequisite && m.fileIds.length > 0);
      await branches.insertParallelCase(trx, {
        case_id: c.id,
        refusal_policy: s.refusal_policy,
        simulated,
        prerequisite_material: prerequisite,
      });
      await branches.replaceBranches(
        trx,
        c.id,
        s.participants.map((p) => ({
          department_code: p.department_code,
          position: p.position,
          member_items: p.member_items,
          promised_days: p.promised_days,
          day_unit: p.day_unit,
        })),
      );
      if (simulated)
        await repo.addEvent(trx, {
          caseId: c.id,
          type: 'simulation_applied',
          payload: { prerequisite: item.materials.find((m) => m.code === prerequisite)?.name ?? prerequisite },
        });
      return {
        departments: s.participants.map((p) => p.department_code),
        cancelRest: false,
        simulated,
      };
    },

    /** A branch action records who acted and their opinion on the branch. */
    async onTaskAction(
      trx: Tx,
      a: { task: TaskRow; c: CaseRow; actor: Actor; action: TaskAction; body: Record<string, unknown> },
    ): Promise<void> {
      if (!BRANCH_STEPS.includes(a.task.activity_id)) return;
      const b = await branches.branch(trx, a.c.id, a.task.department_code, true);
      if (!b) return;
      const sp = a.body as { type?: number; expectedDays?: number };
      if (a.action === 'startSpecialProcedure' && sp.type === 1 && b.extension_days + (sp.expectedDays ?? 0) > 10) {
        // 《行政许可法》 Art. 42, per department: each branch keeps its own limit and extensions.
        throw new AppError('DOMAIN_RULE', '本部门延长审批期限累计不得超过 10 个工作日（《行政许可法》第四十二条）', {
          expectedDays: `at most ${10 - b.extension_days}`,
        });
      }
      const opinion = typeof a.body.opinion === 'string' && a.body.opinion ? a.body.opinion : null;
      await branches.updateBranch(trx, b.id, {
        handler: a.actor.username,
        ...(opinion ? { opinion } : {}),
        ...(a.action === 'refuse' ? { result_reason: opinion } : {}),
      });
    },

    /** `branches` for staff: all of them for the lead department, one's own for a participant. */
    async staffExtras(c: CaseRow, actor: Actor): Promise<Record<string, unknown>> {
      if (!isParallel(c)) return {};
      const item = await deps.effects.item(db, c.item_code);
      const scope = staffScope(actor);
      const whole = canSeeCase(actor, c);
      const rows = (await branches.branches(db, c.id)).filter(
        (b) => whole || scope === null || scope.includes(b.department_code),
      );
      const names = await branches.itemNames(db, [...new Set(rows.flatMap((b) => b.member_items))]);
      const open = await repo.openTasks(db, c.id);
      const list: CaseBranchDto[] = [];
      for (const b of rows) {
        const task = open.find((t) => t.department_code === b.department_code && BRANCH_STEPS.includes(t.activity_id));
        list.push({
          department: { code: b.department_code, name: b.department_name ?? b.department_code },
          memberItems: b.member_items.map((code) => ({ code, name: names.get(code) ?? code })),
          status: b.status,
          statusLabel: BRANCH_STATUS_LABELS[b.status].zh,
          step: task?.activity_id ?? null,
          handler: task?.assignee ?? b.handler,
          opinion: b.opinion,
          result: b.result,
          resultReason: b.result_reason,
          cancelReason: b.cancel_reason,
          documentId: b.document_id,
          startedAt: iso(b.started_at),
          completedAt: iso(b.completed_at),
          clock: await branchClock(b, item.slaYellowRatio),
        });
      }
      const pc = await branches.parallelCase(db, c.id);
      return {
        lead: whole,
        branches: list,
        simulation: pc
          ? {
              simulated: pc.simulated,
              prerequisiteMaterial: pc.prerequisite_material,
              formalizedAt: iso(pc.formalized_at),
            }
          : null,
      };
    },

    /** The applicant's per-department progress: one case, one status, each department's state. */
    async applicantExtras(c: CaseRow): Promise<Record<string, unknown>> {
      if (!isParallel(c)) return {};
      const rows = await branches.branches(db, c.id);
      const names = await branches.itemNames(db, [...new Set(rows.flatMap((b) => b.member_items))]);
      const departments: DepartmentProgressDto[] = rows.map((b) => ({
        department: b.department_name ?? b.department_code,
        items: b.member_items.map((code) => names.get(code) ?? code),
        status: b.status,
        statusLabel: BRANCH_STATUS_LABELS[b.status].zh,
        result: b.result,
        dueDate: b.due_at && !b.result && !TERMINAL_STATUSES.includes(c.status) ? chinaDate(new Date(b.due_at)) : null,
      }));
      const pc = await branches.parallelCase(db, c.id);
      return {
        departments,
        simulation: pc
          ? {
              simulated: pc.simulated,
              prerequisiteMaterial: pc.prerequisite_material,
              formalizedAt: iso(pc.formalized_at),
            }
          : null,
      };
    },

    /**
     * The applicant hands in the prerequisite of a simulated approval. Before the decision the case
     * simply goes on as a formal one; after an approving decision the formal decision is issued
     * at once, without a second review, and the simulated one stays in the history.
     */
    async submitPrerequisite(
      req: Request,
      actor: Actor,
      caseNo: string,
      materials: { code: string; fileIds: string[] }[],
    ): Promise<{ converted: boolean }> {
      let converted = false;
      await db.transaction(async (trx) => {
        const c = await repo.findCase(trx, caseNo, { forUpdate: true });
        if (!c || c.applicant_id !== actor.id) throw notFound('办件');
        const pc = await branches.parallelCase(trx, c.id, true);
        if (!pc?.simulated || !pc.prerequisite_material)
          throw actionNotAllowed(c.status, [], '该办件不是模拟审批，无需补交前置要件');
        if (pc.formalized_at) throw actionNotAllowed(c.status, [], '该办件已转为正式审批');
        if (
          c.result === 'refused' ||
          ['voided', 'withdrawn', 'not_accepted', 'draft'].includes(c.status) ||
          c.termination
        )
          throw actionNotAllowed(c.status, [], '该办件已终止或不予许可，不能转为正式审批');
        const given = materials.find((m) => m.code === pc.prerequisite_material && m.fileIds.length > 0);
        if (!given || materials.some((m) => m.code !== pc.prerequisite_material))
          throw new AppError('VALIDATION_FAILED', '请提交前置要件材料', {
            materials: `exactly the material ${pc.prerequisite_material}`,
          });
        const usable = new Set(await deps.files.ownedUnattached(trx, given.fileIds, actor.id));
        const bad = given.fileIds.filter((id) => !usable.has(id));
        if (bad.length)
          throw new AppError('VALIDATION_FAILED', '材料文件不存在或已用于其他办件', { fileIds: bad.join(', ') });
        await deps.files.attach(trx, given.fileIds, c.id);
        const merged = new Map(c.materials.map((m) => [m.code, m.fileIds]));
        merged.set(given.code, given.fileIds);
        await repo.updateCase(trx, c.id, { materials: [...merged].map(([code, fileIds]) => ({ code, fileIds })) });
        const now = new Date();
        const item = await deps.effects.item(trx, c.item_code);
        const prerequisite = item.materials.find((m) => m.code === pc.prerequisite_material)?.name ?? given.code;
        if (c.result === 'approved') {
          // Decided while simulated: the formal decision, from the same department results.
          const simulatedDoc = await repo.documentByRef(trx, `decision:${c.id}`);
          const noticeNo = await nextNoticeNo(repo, trx, deps.noticePrefix, 'approval_decision', now);
          const all = await branches.branches(trx, c.id);
          const names = await branches.itemNames(trx, [...new Set(all.flatMap((b) => b.member_items))]);
          await deps.effects.issueDocument(trx, c, item, {
            type: 'approval_decision',
            refKey: `formal:${c.id}`,
            noticeNo,
            now,
            fields: {
              decidedDate: chinaDate(now),
              departmentResults: all.map((b) => ({
                department: b.department_name ?? b.department_code,
                items: b.member_items.map((code) => names.get(code) ?? code),
                result: '同意',
                opinion: b.opinion,
              })),
            },
          });
          await repo.updateCase(trx, c.id, { decision_notice_no: noticeNo });
          await repo.addEvent(trx, {
            caseId: c.id,
            actorId: actor.id,
            type: 'simulation_converted',
            payload: { prerequisite, noticeNo, simulatedNoticeNo: simulatedDoc?.notice_no ?? null },
          });
          await deps.effects.notifyApplicant(trx, c, {
            template: 'formalized',
            title: '模拟审批已转为正式审批',
            body: `您申请的「${item.name}」（办件编号 ${c.case_no}）已收到「${prerequisite}」，模拟审批转为正式审批，正式决定书编号 ${noticeNo}。`,
            dedupeKey: `formalized:${c.id}`,
          });
          converted = true;
        } else {
          await repo.addEvent(trx, {
            caseId: c.id,
            actorId: actor.id,
            type: 'prerequisite_submitted',
            payload: { prerequisite },
          });
        }
        await branches.updateParallelCase(trx, c.id, { formalized_at: now });
        await deps.audit.record(
          req,
          { type: 'application.prerequisite', success: true, caseNo, detail: { converted } },
          trx,
        );
      });
      await deps.syncCase(caseNo);
      return { converted };
    },
  };
}

export type ParallelService = ReturnType<typeof createParallelService>;
