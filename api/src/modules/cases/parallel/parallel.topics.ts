import { AppError } from '../../../errors.js';
import type { Tx } from '../../../db/knex.js';
import { chinaDate, type CalendarService } from '../../calendar/index.js';
import type { CaseEffects } from '../case-effects.js';
import { issueSpecialNotice, nextNoticeNo, specialOfTask } from '../case-support.js';
import type { CaseRow, CasesRepository } from '../cases.repository.js';
import type { Clock } from '../clock.js';
import type { TopicHandler, TopicTask } from '../topics.service.js';
import type { BranchesRepository, BranchRow } from './branches.repository.js';

const RESULT_LABELS = { approved: '同意', refused: '不同意' } as const;

/**
 * The worker topics of the parallel-approval flow (processes/parallel-approval). Case-level steps
 * (acceptance, acceptance-stage corrections, completion, termination) reuse the general flow's
 * topics; these handle the branches, the join and the consolidated decision.
 */
export function createParallelTopics(deps: {
  repo: CasesRepository;
  branches: BranchesRepository;
  clock: Clock;
  calendar: CalendarService;
  effects: CaseEffects;
  noticePrefix: string;
  correctionDeadlineDays: number;
  notifyUser(
    trx: Tx,
    n: { userId: string; caseId: string; template: string; title: string; body: string; dedupeKey: string },
  ): Promise<void>;
}): { handlers: Record<string, TopicHandler>; followUps: Record<string, TopicHandler> } {
  const { repo, branches, clock } = deps;

  async function branchOfTask(trx: Tx, c: CaseRow, task: TopicTask): Promise<BranchRow> {
    const department = String(task.variables.branchDepartment ?? '');
    const b = department ? await branches.branch(trx, c.id, department, true) : null;
    if (!b) throw new AppError('NOT_FOUND', `case ${c.case_no} has no branch for department ${department || '(none)'}`);
    return b;
  }

  /** The branch's due instant: its own limit from its start, plus closed pauses and extensions. */
  async function branchDue(trx: Tx, b: BranchRow): Promise<Date | null> {
    if (!b.started_at) return null;
    const pauses = await branches.pauses(trx, b.id);
    return clock.dueAt(
      {
        acceptedAt: new Date(b.started_at),
        promisedDays: b.promised_days,
        dayUnit: b.day_unit,
        extensionDays: b.extension_days,
        pauses: pauses.map((p) => ({
          startedAt: new Date(p.started_at),
          endedAt: p.ended_at ? new Date(p.ended_at) : null,
        })),
      },
      trx,
    );
  }

  /**
   * The case clock: the longest department path (latest branch due date), bounded by the item's
   * overall limit counted from acceptance.
   */
  async function refreshCaseDue(trx: Tx, c: CaseRow): Promise<void> {
    const fresh = (await repo.findCaseById(trx, c.id)) as CaseRow;
    if (!fresh.accepted_at || fresh.promised_days === null) return;
    const overall = await clock.dueAt(
      {
        acceptedAt: new Date(fresh.accepted_at),
        promisedDays: fresh.promised_days,
        dayUnit: fresh.day_unit ?? 'working',
        extensionDays: fresh.extension_days,
        pauses: (await repo.pauses(trx, c.id)).map((p) => ({
          startedAt: new Date(p.started_at),
          endedAt: p.ended_at ? new Date(p.ended_at) : null,
        })),
      },
      trx,
    );
    const dues = (await branches.branches(trx, c.id)).filter((b) => b.due_at).map((b) => new Date(b.due_at as Date));
    const longest = dues.length ? new Date(Math.max(...dues.map((d) => d.getTime()))) : overall;
    const due = longest < overall ? longest : overall;
    await repo.updateCase(trx, c.id, { due_at: due });
  }

  const departmentName = (trx: Tx, code: string) => branches.departmentName(trx, code);

  const handlers: Record<string, TopicHandler> = {
    async 'tongban.branch.started'(trx, c, _item, task, now) {
      const b = await branchOfTask(trx, c, task);
      if (b.started_at) return {};
      const started = { ...b, started_at: now };
      const dueAt = await branchDue(trx, started);
      await branches.updateBranch(trx, b.id, {
        status: 'in_progress',
        started_at: now,
        due_at: dueAt,
        clock_state: 'running',
        clock_paused_at: null,
      });
      await refreshCaseDue(trx, c);
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'branch_started',
        payload: {
          department: b.department_code,
          departmentName: await departmentName(trx, b.department_code),
          dueAt: dueAt?.toISOString() ?? null,
          promisedDays: b.promised_days,
        },
        dedupeKey: `${task.taskId}:branch_started`,
      });
      return {};
    },

    async 'tongban.branch.correctionNotice'(trx, c, item, task, now) {
      const b = await branchOfTask(trx, c, task);
      const correction = await repo.openCorrection(trx, c.id, { branch: b.department_code });
      if (!correction) throw new AppError('DOMAIN_RULE', '没有本部门待发出的补正告知');
      const noticeNo = correction.notice_no ?? (await nextNoticeNo(repo, trx, deps.noticePrefix, 'correction', now));
      const { dueAt: deadline } = await deps.calendar.dueDate(chinaDate(now), deps.correctionDeadlineDays, trx);
      await repo.updateCorrection(trx, correction.id, { notice_no: noticeNo, deadline_at: deadline });
      await branches.openPause(trx, b.id, 'correction', correction.id, now);
      await branches.updateBranch(trx, b.id, { status: 'correction', clock_state: 'paused', clock_paused_at: now });
      // The applicant sees one case: it waits for the correction; the other branches go on.
      await repo.updateCase(trx, c.id, { status: 'correction_required' });
      const dept = await departmentName(trx, b.department_code);
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'correction_requested',
        payload: {
          noticeNo,
          stage: correction.stage,
          department: b.department_code,
          departmentName: dept,
          items: correction.items,
          deadline: deadline.toISOString(),
        },
        dedupeKey: `${task.taskId}:correction`,
      });
      await deps.effects.issueDocument(trx, c, item, {
        type: 'correction',
        refKey: `correction:${correction.id}`,
        noticeNo,
        now,
        fields: {
          items: correction.items,
          deadline: chinaDate(deadline),
          opinion: correction.opinion,
          stage: 'handling',
        },
      });
      await deps.effects.notifyApplicant(trx, c, {
        template: 'correction',
        title: '请补正申请材料',
        body: `您申请的「${item.name}」（办件编号 ${c.case_no}）经${dept}审查需要补正材料，共 ${correction.items.length} 项，请于 ${chinaDate(deadline)} 前提交。补正告知书编号 ${noticeNo}。其他部门的审查照常进行。`,
        dedupeKey: `correction:${correction.id}`,
      });
      return { variables: { correctionDeadline: deadline.toISOString() } };
    },

    async 'tongban.branch.correctionReceived'(trx, c, _item, task, now) {
      const b = await branchOfTask(trx, c, task);
      const correction = (await trx('corrections')
        .where({ case_id: c.id, branch_department: b.department_code })
        .orderBy('requested_at', 'desc')
        .first()) as { id: string } | undefined;
      if (correction) await branches.closePause(trx, correction.id, now);
      const dueAt = await branchDue(trx, b);
      await branches.updateBranch(trx, b.id, {
        status: 'in_progress',
        clock_state: 'running',
        clock_paused_at: null,
        due_at: dueAt,
      });
      if (!(await repo.openCorrection(trx, c.id))) await repo.updateCase(trx, c.id, { status: 'in_progress' });
      await refreshCaseDue(trx, c);
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'correction_received',
        payload: { stage: 'handling', department: b.department_code, dueAt: dueAt?.toISOString() ?? null },
        dedupeKey: `${task.taskId}:correction_received`,
      });
      return {};
    },

    async 'tongban.branch.specialStart'(trx, c, item, task, now) {
      const b = await branchOfTask(trx, c, task);
      const sp = await specialOfTask(repo, trx, task.variables, b.department_code);
      const noticeNo = sp.notice_no ?? (await nextNoticeNo(repo, trx, deps.noticePrefix, 'special', now));
      await repo.updateSpecial(trx, sp.id, { notice_no: noticeNo });
      let dueAt = b.due_at;
      if (sp.type === 1) {
        const extended = { ...b, extension_days: b.extension_days + sp.expected_days };
        dueAt = await branchDue(trx, extended);
        await branches.updateBranch(trx, b.id, {
          status: 'special',
          extension_days: extended.extension_days,
          due_at: dueAt,
        });
      } else {
        // Only this department's clock stops; the case and the other branches keep running.
        await branches.openPause(trx, b.id, 'special', sp.id, now);
        await branches.updateBranch(trx, b.id, { status: 'special', clock_state: 'paused', clock_paused_at: now });
      }
      await refreshCaseDue(trx, c);
      const dept = await departmentName(trx, b.department_code);
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'special_started',
        payload: {
          noticeNo,
          department: b.department_code,
          departmentName: dept,
          type: sp.type,
          kind: sp.kind,
          reason: sp.reason,
          expectedDays: sp.expected_days,
          dueAt: dueAt ? new Date(dueAt).toISOString() : null,
        },
        dedupeKey: `${task.taskId}:special_started`,
      });
      await issueSpecialNotice(deps.effects, trx, c, item, { sp, noticeNo, dueAt, now });
      await deps.effects.notifyApplicant(trx, c, {
        template: 'special',
        title: sp.type === 1 ? '审批期限延长告知' : '特别程序告知',
        body: `您申请的「${item.name}」（办件编号 ${c.case_no}）中，${dept}${sp.type === 1 ? `延长审查期限 ${sp.expected_days} 个工作日` : `进入特别程序（${sp.reason}），预计 ${sp.expected_days} 个工作日，所需时间不计入该部门的审查期限`}。其他部门的审查照常进行。`,
        dedupeKey: `special:${sp.id}`,
      });
      return {};
    },

    async 'tongban.branch.specialEnd'(trx, c, _item, task, now) {
      const b = await branchOfTask(trx, c, task);
      const sp = await specialOfTask(repo, trx, task.variables);
      if (sp.type === 2) await branches.closePause(trx, sp.id, now);
      const dueAt = await branchDue(trx, b);
      await branches.updateBranch(trx, b.id, {
        status: 'in_progress',
        clock_state: 'running',
        clock_paused_at: null,
        due_at: dueAt,
      });
      await refreshCaseDue(trx, c);
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'special_ended',
        payload: {
          department: b.department_code,
          type: sp.type,
          result: sp.result,
          dueAt: dueAt?.toISOString() ?? null,
        },
        dedupeKey: `${task.taskId}:special_ended`,
      });
      return {};
    },

    async 'tongban.branch.decided'(trx, c, _item, task, now) {
      const b = await branchOfTask(trx, c, task);
      const decision = task.variables.decision === 'refused' ? 'refused' : 'approved';
      await branches.closeAllPauses(trx, b.id, now);
      await branches.updateBranch(trx, b.id, {
        status: decision,
        result: decision,
        result_reason: decision === 'refused' ? (b.opinion ?? '不符合法定条件') : null,
        completed_at: now,
        clock_state: 'stopped',
      });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'branch_decided',
        payload: {
          department: b.department_code,
          departmentName: await departmentName(trx, b.department_code),
          result: decision,
        },
        dedupeKey: `${task.taskId}:branch_decided`,
      });
      const pc = await branches.parallelCase(trx, c.id);
      // The engine's completion condition reads this: the other branches are cancelled.
      if (decision === 'refused' && pc?.refusal_policy === 'cancel_rest') return { variables: { cancelRest: true } };
      return {};
    },

    async 'tongban.parallel.joined'(trx, c, item, task, now) {
      const all = await branches.branches(trx, c.id);
      const refused = all.filter((b) => b.result === 'refused');
      const why = refused.length
        ? `${refused.map((b) => b.department_name ?? b.department_code).join('、')}不予许可：${refused.map((b) => b.result_reason).join('；')}`
        : '';
      for (const b of all.filter((x) => !x.result)) {
        await branches.closeAllPauses(trx, b.id, now);
        const open = await repo.openCorrection(trx, c.id, { branch: b.department_code });
        if (open) await repo.updateCorrection(trx, open.id, { status: 'cancelled' });
        const sp = await repo.openSpecial(trx, c.id, b.department_code);
        if (sp) await repo.updateSpecial(trx, sp.id, { ended_at: now, result: '因其他部门不予许可，审查终止' });
        const reason = `因${why}，本部门审查终止`;
        await branches.updateBranch(trx, b.id, {
          status: 'cancelled',
          cancel_reason: reason.slice(0, 1000),
          completed_at: now,
          clock_state: b.started_at ? 'stopped' : null,
        });
        for (const userId of await branches.departmentStaff(trx, b.department_code)) {
          await deps.notifyUser(trx, {
            userId,
            caseId: c.id,
            template: 'branch_cancelled',
            title: '并联审批分支已终止',
            body: `办件 ${c.case_no}（${item.name}）${reason}。`,
            dedupeKey: `branch_cancelled:${b.id}:${userId}`,
          });
        }
        await repo.addEvent(trx, {
          caseId: c.id,
          type: 'branch_cancelled',
          applicantVisible: false,
          payload: { department: b.department_code, reason },
          dedupeKey: `${task.taskId}:branch_cancelled:${b.department_code}`,
        });
      }
      // No branch waits any more (a cancelled one may have waited for a correction).
      await repo.updateCase(trx, c.id, {
        status: 'in_progress',
        result_reason: refused.length ? why.slice(0, 1000) : null,
      });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'branches_joined',
        applicantVisible: false,
        payload: { results: all.map((b) => ({ department: b.department_code, result: b.result })) },
        dedupeKey: `${task.taskId}:joined`,
      });
      return {};
    },

    async 'tongban.parallel.document'(trx, c, item, task, now) {
      const all = await branches.branches(trx, c.id);
      const pc = await branches.parallelCase(trx, c.id);
      const refused = all.some((b) => b.result === 'refused');
      const decision = refused ? 'refused' : 'approved';
      const simulated = !refused && !!pc?.simulated && !pc.formalized_at;
      const type = simulated ? 'simulated_decision' : refused ? 'refusal_decision' : 'approval_decision';
      const names = await branches.itemNames(trx, [...new Set(all.flatMap((b) => b.member_items))]);
      const departmentResults = all.map((b) => ({
        department: b.department_name ?? b.department_code,
        items: b.member_items.map((code) => names.get(code) ?? code),
        result: b.result ? RESULT_LABELS[b.result] : '审查终止',
        opinion: b.result === 'refused' ? b.result_reason : b.result ? b.opinion : b.cancel_reason,
      }));
      const refKey = `decision:${c.id}`;
      const existing = await repo.documentByRef(trx, refKey);
      const noticeNo = existing?.notice_no ?? (await nextNoticeNo(repo, trx, deps.noticePrefix, type, now));
      const reason = refused ? (c.result_reason ?? '不符合法定条件') : null;
      const prerequisite = pc?.prerequisite_material
        ? (item.materials.find((m) => m.code === pc.prerequisite_material)?.name ?? pc.prerequisite_material)
        : null;
      await deps.effects.issueDocument(trx, c, item, {
        type,
        refKey,
        noticeNo,
        now,
        fields: { reason, decidedDate: chinaDate(now), departmentResults, prerequisite },
      });
      const doc = await repo.documentByRef(trx, refKey);
      for (const b of all) await branches.updateBranch(trx, b.id, { document_id: doc?.id ?? null });
      await repo.updateCase(trx, c.id, { result: decision, decision_notice_no: noticeNo });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'decided',
        payload: { decision, noticeNo, reason, simulated, departments: departmentResults },
        dedupeKey: `${task.taskId}:decided`,
      });
      return {};
    },
  };

  /** The case ended while branches were open: they are cancelled and their clocks stop. */
  async function closeOpenBranches(trx: Tx, c: CaseRow, now: Date, reason: string): Promise<void> {
    // Other departments' corrections still waiting for the applicant end with the case.
    for (let open = await repo.openCorrection(trx, c.id); open; open = await repo.openCorrection(trx, c.id))
      await repo.updateCorrection(trx, open.id, { status: 'cancelled' });
    for (const b of await branches.branches(trx, c.id)) {
      if (b.result || b.status === 'cancelled') continue;
      await branches.closeAllPauses(trx, b.id, now);
      await branches.updateBranch(trx, b.id, {
        status: 'cancelled',
        cancel_reason: reason,
        completed_at: now,
        clock_state: b.started_at ? 'stopped' : null,
      });
    }
  }

  const followUps: Record<string, TopicHandler> = {
    /** A voided or withdrawn parallel case closes its open branches and their clocks. */
    async 'tongban.case.terminated'(trx, c, _item, task, now) {
      await closeOpenBranches(trx, c, now, task.variables.termination === 'withdrawn' ? '申请人已撤回' : '办件已作废');
      return {};
    },

    /** A branch's correction deadline passed unanswered: the case ends, every branch with it. */
    async 'tongban.correction.expired'(trx, c, _item, _task, now) {
      await closeOpenBranches(trx, c, now, '申请人逾期未补正材料，办件终止');
      return {};
    },

    /** A simulated approval tells the applicant how it becomes formal. */
    async 'tongban.case.completed'(trx, c, item) {
      const pc = await branches.parallelCase(trx, c.id);
      const fresh = (await repo.findCaseById(trx, c.id)) as CaseRow;
      if (!pc?.simulated || pc.formalized_at || fresh.result !== 'approved') return {};
      const prerequisite = item.materials.find((m) => m.code === pc.prerequisite_material)?.name ?? '前置要件';
      await deps.effects.notifyApplicant(trx, fresh, {
        template: 'simulated',
        title: '模拟审批已完成',
        body: `您申请的「${item.name}」（办件编号 ${c.case_no}）已作出模拟审批决定（${fresh.decision_notice_no ?? ''}），尚不是正式许可。取得「${prerequisite}」后请在办件页上传，将直接转为正式审批，无需重新审查。`,
        dedupeKey: `simulated:${c.id}`,
      });
      return {};
    },
  };

  return { handlers, followUps };
}
