import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { Db, Tx } from '../../db/knex.js';
import type { Logger } from '../../logger.js';
import type { AuditService } from '../audit/index.js';
import { chinaDate, type CalendarService } from '../calendar/index.js';
import type { Clock } from './clock.js';
import type { CaseRow, CasesRepository, SpecialRow } from './cases.repository.js';
import { issueSpecialNotice, nextNoticeNo, specialOfTask, userOf } from './case-support.js';
import type { CaseEffects, ItemInfo } from './case-effects.js';

export interface TopicTask {
  taskId: string;
  topic: string;
  businessKey: string | null;
  processInstanceId: string;
  activityId: string;
  variables: Record<string, unknown>;
}

export interface TopicResult {
  variables?: Record<string, unknown>;
  bpmnError?: { code: string; message?: string };
}

/** What a correction request gives the engine with its step (tasks.service), for `recoverCorrection`. */
export const CorrectionRequest = z.object({
  items: z.array(z.object({ materialCode: z.string(), reason: z.string() })).min(1),
  opinion: z.string().nullable(),
  requestedBy: z.string().min(1),
});

/** What a special procedure's start gives the engine with its step (tasks.service), for `recoverSpecial`. */
export const SpecialRequest = z.object({
  type: z.union([z.literal(1), z.literal(2)]),
  kind: z.string().min(1),
  reason: z.string(),
  expectedDays: z.number().int().min(1),
  fromStep: z.string().min(1),
  startedBy: z.string().min(1),
});

/** What a special procedure's end gives the engine with its step (tasks.service), for `recoverSpecialEnd`. */
export const SpecialResult = z.object({ result: z.string(), endedBy: z.string().min(1) });

export type TopicHandler = (trx: Tx, c: CaseRow, item: ItemInfo, task: TopicTask, now: Date) => Promise<TopicResult>;
type Handler = TopicHandler;

/**
 * The side effects of each worker topic, executed by the API (which owns the data) on behalf of
 * the worker. Each external task id runs once: a re-delivered task gets the stored result and
 * changes nothing, so no notice is numbered or sent twice.
 */
export function createTopicsService(deps: {
  db: Db;
  repo: CasesRepository;
  clock: Clock;
  calendar: CalendarService;
  effects: CaseEffects;
  noticePrefix: string;
  correctionDeadlineDays: number;
  log: Logger;
  /** Records what a topic rebuilt from the engine (`correction.recovered`, …). */
  audit?: Pick<AuditService, 'system'>;
  /**
   * Other flows' topics (parallel approval), and follow-ups that run after a topic of this file in
   * the same transaction (e.g. closing a parallel case's branches when the case is terminated).
   */
  extensions?: { handlers: Record<string, TopicHandler>; followUps: Record<string, TopicHandler> };
}) {
  const { repo, clock, effects } = deps;
  const fmtDate = (d: Date) => chinaDate(d);

  async function recomputeDue(trx: Tx, c: CaseRow): Promise<Date | null> {
    if (!c.accepted_at || c.promised_days === null) return null;
    const pauses = await repo.pauses(trx, c.id);
    const dueAt = await clock.dueAt(
      {
        acceptedAt: new Date(c.accepted_at),
        promisedDays: c.promised_days,
        dayUnit: c.day_unit ?? 'working',
        extensionDays: c.extension_days,
        pauses: pauses.map((p) => ({
          startedAt: new Date(p.started_at),
          endedAt: p.ended_at ? new Date(p.ended_at) : null,
        })),
      },
      trx,
    );
    return dueAt;
  }

  /**
   * What an action wrote, rebuilt by the topic after it when the action's transaction was lost
   * after its engine step (the API killed between the two): from what the action also gave the
   * engine with the step (tasks.service). Each rebuild is audited and logged; without the variable
   * (an older instance) or with an unknown user there is nothing to rebuild.
   */
  async function recovered(trx: Tx, c: CaseRow, type: string, target: string, detail: Record<string, unknown>) {
    await deps.audit?.system(
      { type, success: true, caseNo: c.case_no, target, detail: { ...detail, source: 'engine variables' } },
      trx,
    );
    deps.log.warn({ caseNo: c.case_no, target, type }, `${type}: rebuilt from the engine`);
  }

  /** The correction a request lost (`correctionRequest`, `correctionStage`). */
  async function recoverCorrection(trx: Tx, c: CaseRow, task: TopicTask) {
    const request = CorrectionRequest.safeParse(task.variables.correctionRequest);
    const by = request.success ? await userOf(trx, request.data.requestedBy) : undefined;
    if (!request.success || !by) return undefined;
    const row = await repo.insertCorrection(trx, {
      case_id: c.id,
      branch_department: null,
      stage: task.variables.correctionStage === 'handling' ? 'handling' : 'acceptance',
      items: request.data.items,
      opinion: request.data.opinion,
      requested_by: by.id,
    });
    await recovered(trx, c, 'correction.recovered', row.id, {
      requestedBy: request.data.requestedBy,
      items: request.data.items.length,
    });
    return row;
  }

  /** The special procedure a start lost, under the id the engine holds (`specialRequest`); undefined when it exists. */
  async function recoverSpecial(trx: Tx, c: CaseRow, task: TopicTask) {
    const id = typeof task.variables.specialProcedureId === 'string' ? task.variables.specialProcedureId : '';
    if (!id || (await repo.findSpecial(trx, id))) return undefined;
    const request = SpecialRequest.safeParse(task.variables.specialRequest);
    const by = request.success ? await userOf(trx, request.data.startedBy) : undefined;
    if (!request.success || !by) return undefined;
    const row = await repo.insertSpecial(trx, {
      id,
      case_id: c.id,
      type: request.data.type,
      kind: request.data.kind,
      reason: request.data.reason,
      expected_days: request.data.expectedDays,
      from_step: request.data.fromStep,
      started_by: by.id,
      branch_department: null,
    });
    await recovered(trx, c, 'special.recovered', row.id, {
      startedBy: request.data.startedBy,
      type: request.data.type,
    });
    return row;
  }

  /** The end of a special procedure its action lost (`specialResult`); the procedure as it is otherwise. */
  async function recoverSpecialEnd(trx: Tx, c: CaseRow, sp: SpecialRow, task: TopicTask, now: Date) {
    const end = SpecialResult.safeParse(task.variables.specialResult);
    const by = !sp.ended_at && end.success ? await userOf(trx, end.data.endedBy) : undefined;
    if (!end.success || !by) return sp;
    const ended = { ended_at: now, ended_by: by.id, result: end.data.result };
    await repo.updateSpecial(trx, sp.id, ended);
    await recovered(trx, c, 'special.end.recovered', sp.id, { endedBy: end.data.endedBy });
    return { ...sp, ...ended };
  }

  /** The reason of a 不予受理 or a refusal its action lost (`resultReason`), stored on the case. */
  async function recoverReason(trx: Tx, c: CaseRow, task: TopicTask): Promise<string | undefined> {
    const reason = task.variables.resultReason;
    if (typeof reason !== 'string' || !reason.trim()) return undefined;
    await repo.updateCase(trx, c.id, { result_reason: reason });
    await recovered(trx, c, 'reason.recovered', c.id, {});
    return reason;
  }

  const handlers: Record<string, Handler> = {
    async 'tongban.case.accepted'(trx, c, item, task, now) {
      // A case returned to acceptance and accepted again keeps its first notice and clock.
      if (c.acceptance_notice_no) {
        await repo.updateCase(trx, c.id, { status: 'in_progress' });
        return {};
      }
      const noticeNo = await nextNoticeNo(repo, trx, deps.noticePrefix, 'acceptance', now);
      const accepted = {
        ...c,
        accepted_at: now,
        promised_days: item.promisedDays,
        day_unit: item.dayUnit,
        extension_days: 0,
      };
      const dueAt = await recomputeDue(trx, accepted);
      await repo.updateCase(trx, c.id, {
        status: 'in_progress',
        accepted_at: now,
        acceptance_notice_no: noticeNo,
        promised_days: item.promisedDays,
        day_unit: item.dayUnit,
        due_at: dueAt,
        clock_state: 'running',
        clock_paused_at: null,
      });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'accepted',
        payload: { noticeNo, dueAt: dueAt?.toISOString(), promisedDays: item.promisedDays },
        dedupeKey: `${task.taskId}:accepted`,
      });
      await effects.issueDocument(trx, c, item, {
        type: 'acceptance',
        refKey: `acceptance:${c.id}`,
        noticeNo,
        now,
        fields: {
          acceptedDate: fmtDate(now),
          dueDate: dueAt ? fmtDate(dueAt) : '',
          promisedDays: item.promisedDays,
          dayUnit: item.dayUnit,
        },
      });
      await effects.notifyApplicant(trx, c, {
        template: 'accepted',
        title: '办件已受理',
        body: `您申请的「${item.name}」（办件编号 ${c.case_no}）已受理，受理通知书编号 ${noticeNo}，承诺办结日期 ${dueAt ? fmtDate(dueAt) : '当日'}。`,
        dedupeKey: `accepted:${c.id}`,
      });
      return {};
    },

    async 'tongban.case.notAccepted'(trx, c, item, task, now) {
      const noticeNo = await nextNoticeNo(repo, trx, deps.noticePrefix, 'not_acceptance', now);
      const reason = c.result_reason ?? (await recoverReason(trx, c, task)) ?? '申请事项不符合受理条件';
      await repo.updateCase(trx, c.id, {
        status: 'not_accepted',
        completed_at: now,
        clock_state: null,
        decision_notice_no: noticeNo,
      });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'not_accepted',
        payload: { noticeNo, reason },
        dedupeKey: `${task.taskId}:not_accepted`,
      });
      await effects.issueDocument(trx, c, item, {
        type: 'not_acceptance',
        refKey: `not_acceptance:${c.id}`,
        noticeNo,
        now,
        fields: { reason },
      });
      await effects.notifyApplicant(trx, c, {
        template: 'not_accepted',
        title: '申请不予受理',
        body: `您申请的「${item.name}」（办件编号 ${c.case_no}）不予受理。理由：${reason}。不予受理通知书编号 ${noticeNo}。`,
        dedupeKey: `not_accepted:${c.id}`,
      });
      return {};
    },

    async 'tongban.correction.notice'(trx, c, item, task, now) {
      const correction = (await repo.openCorrection(trx, c.id)) ?? (await recoverCorrection(trx, c, task));
      if (!correction) throw new AppError('DOMAIN_RULE', '没有待发出的补正告知');
      const noticeNo = await nextNoticeNo(repo, trx, deps.noticePrefix, 'correction', now);
      const { dueAt: deadline } = await deps.calendar.dueDate(chinaDate(now), deps.correctionDeadlineDays, trx);
      await repo.updateCorrection(trx, correction.id, { notice_no: noticeNo, deadline_at: deadline });
      const handling = correction.stage === 'handling';
      if (handling) await repo.openPause(trx, c.id, 'correction', correction.id, now);
      await repo.updateCase(trx, c.id, {
        status: 'correction_required',
        ...(handling ? { clock_state: 'paused', clock_paused_at: now } : {}),
      });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'correction_requested',
        payload: { noticeNo, stage: correction.stage, items: correction.items, deadline: deadline.toISOString() },
        dedupeKey: `${task.taskId}:correction`,
      });
      await effects.issueDocument(trx, c, item, {
        type: 'correction',
        refKey: `correction:${correction.id}`,
        noticeNo,
        now,
        fields: {
          items: correction.items,
          deadline: fmtDate(deadline),
          opinion: correction.opinion,
          stage: correction.stage,
        },
      });
      await effects.notifyApplicant(trx, c, {
        template: 'correction',
        title: '请补正申请材料',
        body: `您申请的「${item.name}」（办件编号 ${c.case_no}）需要补正材料，共 ${correction.items.length} 项，请于 ${fmtDate(deadline)} 前提交。补正告知书编号 ${noticeNo}。`,
        dedupeKey: `correction:${correction.id}`,
      });
      // The engine's timer reads this; the offset form is what its date parser accepts.
      return { variables: { correctionDeadline: deadline.toISOString() } };
    },

    async 'tongban.correction.received'(trx, c, _item, task, now) {
      const correction = await repo.latestCorrection(trx, c.id);
      const handling = correction?.stage === 'handling';
      if (correction && handling) await repo.closePause(trx, correction.id, now);
      const refreshed = (await repo.findCaseById(trx, c.id)) as CaseRow;
      const dueAt = handling ? await recomputeDue(trx, refreshed) : refreshed.due_at;
      await repo.updateCase(trx, c.id, {
        status: handling ? 'in_progress' : 'submitted',
        ...(handling ? { clock_state: 'running', clock_paused_at: null, due_at: dueAt } : {}),
      });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'correction_received',
        payload: { stage: correction?.stage, dueAt: dueAt ? new Date(dueAt).toISOString() : null },
        dedupeKey: `${task.taskId}:correction_received`,
      });
      return {};
    },

    async 'tongban.correction.expired'(trx, c, item, task, now) {
      const correction = await repo.openCorrection(trx, c.id);
      if (correction) {
        await repo.updateCorrection(trx, correction.id, { status: 'expired' });
        await repo.closePause(trx, correction.id, now);
      }
      const atAcceptance = !correction || correction.stage === 'acceptance';
      const reason = '申请人逾期未补正材料';
      await repo.updateCase(trx, c.id, {
        status: atAcceptance ? 'not_accepted' : 'voided',
        termination: 'expired',
        termination_reason: reason,
        completed_at: now,
        clock_state: atAcceptance ? null : 'stopped',
      });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'correction_expired',
        payload: { stage: correction?.stage, reason },
        dedupeKey: `${task.taskId}:expired`,
      });
      await effects.notifyApplicant(trx, c, {
        template: 'correction_expired',
        title: '补正期限已过，办件终止',
        body: `您申请的「${item.name}」（办件编号 ${c.case_no}）因逾期未补正材料，${atAcceptance ? '不予受理' : '办件终止'}。`,
        dedupeKey: `correction_expired:${c.id}:${correction?.id ?? 'none'}`,
      });
      return {};
    },

    async 'tongban.special.start'(trx, c, item, task, now) {
      const sp = (await recoverSpecial(trx, c, task)) ?? (await specialOfTask(repo, trx, task.variables));
      const noticeNo = sp.notice_no ?? (await nextNoticeNo(repo, trx, deps.noticePrefix, 'special', now));
      await repo.updateSpecial(trx, sp.id, { notice_no: noticeNo });
      let dueAt = c.due_at;
      if (sp.type === 1) {
        const extended = { ...c, extension_days: c.extension_days + sp.expected_days };
        dueAt = await recomputeDue(trx, extended);
        await repo.updateCase(trx, c.id, {
          status: 'special_procedure',
          extension_days: extended.extension_days,
          due_at: dueAt,
        });
      } else {
        await repo.openPause(trx, c.id, 'special', sp.id, now);
        await repo.updateCase(trx, c.id, { status: 'special_procedure', clock_state: 'paused', clock_paused_at: now });
      }
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'special_started',
        payload: {
          noticeNo,
          type: sp.type,
          kind: sp.kind,
          reason: sp.reason,
          expectedDays: sp.expected_days,
          dueAt: dueAt ? new Date(dueAt).toISOString() : null,
        },
        dedupeKey: `${task.taskId}:special_started`,
      });
      await issueSpecialNotice(effects, trx, c, item, { sp, noticeNo, dueAt, now });
      await effects.notifyApplicant(trx, c, {
        template: 'special',
        title: sp.type === 1 ? '审批期限延长告知' : '特别程序告知',
        body:
          sp.type === 1
            ? `您申请的「${item.name}」（办件编号 ${c.case_no}）经批准延长审批期限 ${sp.expected_days} 个工作日。理由：${sp.reason}。`
            : `您申请的「${item.name}」（办件编号 ${c.case_no}）进入特别程序（${sp.reason}），预计 ${sp.expected_days} 个工作日，所需时间不计入审批期限。`,
        dedupeKey: `special:${sp.id}`,
      });
      return {};
    },

    async 'tongban.special.end'(trx, c, _item, task, now) {
      const sp = await recoverSpecialEnd(trx, c, await specialOfTask(repo, trx, task.variables), task, now);
      if (sp.type === 2) await repo.closePause(trx, sp.id, now);
      const refreshed = (await repo.findCaseById(trx, c.id)) as CaseRow;
      const dueAt = sp.type === 2 ? await recomputeDue(trx, refreshed) : refreshed.due_at;
      await repo.updateCase(trx, c.id, {
        status: 'in_progress',
        clock_state: 'running',
        clock_paused_at: null,
        due_at: dueAt,
      });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'special_ended',
        payload: { type: sp.type, result: sp.result, dueAt: dueAt ? new Date(dueAt).toISOString() : null },
        dedupeKey: `${task.taskId}:special_ended`,
      });
      return {};
    },

    async 'tongban.decision.document'(trx, c, item, task, now) {
      const decision = task.variables.decision === 'refused' ? 'refused' : 'approved';
      const type = decision === 'approved' ? 'approval_decision' : 'refusal_decision';
      const noticeNo = await nextNoticeNo(repo, trx, deps.noticePrefix, type, now);
      const reason =
        decision === 'refused' ? (c.result_reason ?? (await recoverReason(trx, c, task)) ?? '不符合法定条件') : null;
      await repo.updateCase(trx, c.id, { result: decision, decision_notice_no: noticeNo });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'decided',
        payload: { decision, noticeNo, reason },
        dedupeKey: `${task.taskId}:decided`,
      });
      await effects.issueDocument(trx, c, item, {
        type,
        refKey: `decision:${c.id}`,
        noticeNo,
        now,
        fields: { reason, decidedDate: fmtDate(now) },
      });
      return {};
    },

    async 'tongban.case.completed'(trx, c, item, task, now) {
      await repo.updateCase(trx, c.id, { status: 'completed', completed_at: now, clock_state: 'stopped' });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'completed',
        payload: { result: c.result },
        dedupeKey: `${task.taskId}:completed`,
      });
      const approved = c.result !== 'refused';
      await effects.notifyApplicant(trx, c, {
        template: 'completed',
        title: approved ? '办件已办结：准予许可' : '办件已办结：不予许可',
        body: `您申请的「${item.name}」（办件编号 ${c.case_no}）已办结，结果：${approved ? '准予许可' : '不予许可'}，决定书编号 ${c.decision_notice_no ?? ''}。请登录查看或下载决定书${approved ? '' : '；如不服，可依法申请行政复议或者提起行政诉讼'}。`,
        dedupeKey: `completed:${c.id}`,
      });
      return {};
    },

    async 'tongban.case.terminated'(trx, c, item, task, now) {
      const termination = task.variables.termination === 'withdrawn' ? 'withdrawn' : 'voided';
      // Every open correction (a parallel case may have one per department).
      for (let open = await repo.openCorrection(trx, c.id); open; open = await repo.openCorrection(trx, c.id)) {
        await repo.updateCorrection(trx, open.id, { status: 'cancelled' });
        await repo.closePause(trx, open.id, now);
      }
      const sp = await repo.openSpecial(trx, c.id);
      if (sp) await repo.closePause(trx, sp.id, now);
      await repo.updateCase(trx, c.id, {
        status: termination,
        termination,
        completed_at: now,
        clock_state: c.accepted_at ? 'stopped' : null,
        current_step: null,
      });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: termination,
        payload: { reason: c.termination_reason },
        dedupeKey: `${task.taskId}:${termination}`,
      });
      await effects.notifyApplicant(trx, c, {
        template: termination,
        title: termination === 'withdrawn' ? '申请已撤回' : '办件已作废',
        body: `您申请的「${item.name}」（办件编号 ${c.case_no}）${termination === 'withdrawn' ? '已按您的要求撤回' : `已作废，理由：${c.termination_reason ?? ''}`}。`,
        dedupeKey: `${termination}:${c.id}`,
      });
      return {};
    },
  };

  Object.assign(handlers, deps.extensions?.handlers ?? {});
  const followUps = deps.extensions?.followUps ?? {};

  return {
    topics: Object.keys(handlers),

    async execute(task: TopicTask): Promise<TopicResult> {
      const handler = handlers[task.topic];
      const followUp = followUps[task.topic];
      if (!handler) throw new AppError('NOT_FOUND', `unknown topic ${task.topic}`);
      const done = await repo.topicResult(deps.db, task.taskId);
      if (done) return done as TopicResult;
      if (!task.businessKey)
        throw new AppError('VALIDATION_FAILED', 'the process instance has no business key (case number)');
      const now = new Date();
      return deps.db.transaction(async (trx) => {
        const c = await repo.findCase(trx, task.businessKey as string, { forUpdate: true });
        // The instance must be the case's own: a business key alone could name another engine's case.
        if (!c || c.process_instance_id !== task.processInstanceId) {
          throw new AppError('NOT_FOUND', `case ${task.businessKey} has no process instance ${task.processInstanceId}`);
        }
        const again = await repo.topicResult(trx, task.taskId);
        if (again) return again as TopicResult;
        const item = await effects.item(trx, c.item_code);
        const result = await handler(trx, c, item, task, now);
        if (followUp) await followUp(trx, c, item, task, now);
        await repo.saveTopicResult(trx, task.taskId, task.topic, c.case_no, result);
        return result;
      });
    },
  };
}

export type TopicsService = ReturnType<typeof createTopicsService>;
