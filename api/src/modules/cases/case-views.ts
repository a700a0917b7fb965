import { CASE_STATUS_LABELS, TERMINAL_STATUSES } from '@tongban/contracts';
import type { Db } from '../../db/knex.js';
import type { Actor } from '../../http/context.js';
import type { CamundaClient } from '../../integrations/camunda/index.js';
import { maskIdNumber, maskName, maskPhone } from '../../privacy.js';
import { chinaDate } from '../calendar/index.js';
import type { CaseEffects, ItemInfo } from './case-effects.js';
import { allowedActions, canSeeCase, inStaffScope, STEP_NAMES } from './case-support.js';
import type { CaseRow, CasesRepository, EventRow } from './cases.repository.js';
import type { Clock, ClockView } from './clock.js';

const EVENT_TITLES: Record<string, string> = {
  draft_saved: '保存草稿',
  submitted: '提交申请',
  accepted: '已受理',
  not_accepted: '不予受理',
  correction_requested: '一次性告知补正',
  correction_submitted: '提交补正材料',
  correction_received: '补正材料已接收',
  correction_expired: '补正期限届满',
  special_started: '进入特别程序',
  special_ended: '特别程序结束',
  decided: '作出决定',
  completed: '办结',
  voided: '作废',
  withdrawn: '撤回',
  withdraw_requested: '申请撤回',
  void_requested: '作废',
  evaluated: '评价',
  'task.completed': '办理',
  'task.returned': '退回',
  'task.claimed': '签收',
  'task.transferred': '转办',
  'task.delegated': '委派',
  branch_started: '部门开始审查',
  branch_decided: '部门作出决定',
  branch_cancelled: '部门审查终止',
  branches_joined: '各部门审查完毕',
  simulation_applied: '模拟审批申请',
  prerequisite_submitted: '补交前置要件',
  simulation_converted: '模拟审批转为正式审批',
};

const answeredCodes = (answer: unknown): string[] => {
  const materials = (answer as { materials?: { code: string; fileIds: string[] }[] } | null)?.materials ?? [];
  return materials.filter((m) => m.fileIds.length > 0).map((m) => m.code);
};

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function createCaseViews(deps: {
  db: Db;
  repo: CasesRepository;
  /** Name, size, type and hash of stored files (from the files module). */
  fileMeta: (ids: string[]) => Promise<{ id: string; name: string; size: number; mime: string; sha256: string }[]>;
  engine: CamundaClient;
  clock: Clock;
  effects: CaseEffects;
  /** Parallel approval: the branches for staff, per-department progress for the applicant. */
  parallel?: {
    staffExtras(c: CaseRow, actor: Actor): Promise<Record<string, unknown>>;
    applicantExtras(c: CaseRow): Promise<Record<string, unknown>>;
  };
}) {
  const { db, repo, clock } = deps;

  async function clockView(c: CaseRow, item: ItemInfo, now = new Date()): Promise<ClockView> {
    const pauses = await repo.pauses(db, c.id);
    const limit = c.promised_days === null ? null : c.promised_days + c.extension_days;
    const base: ClockView = {
      state: c.clock_state ?? 'not_started',
      acceptedAt: iso(c.accepted_at),
      limitDays: limit,
      dayUnit: c.day_unit,
      extensionDays: c.extension_days,
      pausedDays: 0,
      dueAt: iso(c.due_at),
      workingDaysLeft: null,
      sla: null,
      pauses: pauses.map((p) => ({
        startedAt: iso(p.started_at) as string,
        endedAt: iso(p.ended_at),
        reason: p.reason,
      })),
    };
    if (!c.accepted_at || !c.due_at || limit === null) return base;
    base.pausedDays = await clock.pausedDays({
      acceptedAt: new Date(c.accepted_at),
      promisedDays: c.promised_days ?? 0,
      dayUnit: c.day_unit ?? 'working',
      extensionDays: c.extension_days,
      pauses: pauses.map((p) => ({
        startedAt: new Date(p.started_at),
        endedAt: p.ended_at ? new Date(p.ended_at) : null,
      })),
    });
    if (c.clock_state === 'running' || c.clock_state === 'paused') {
      const r = await clock.remaining(
        new Date(c.due_at),
        c.day_unit ?? 'working',
        limit,
        item.slaYellowRatio,
        now,
        c.clock_paused_at ? new Date(c.clock_paused_at) : null,
      );
      base.workingDaysLeft = r.daysLeft;
      base.sla = r.sla;
    }
    return base;
  }

  const documentsOf = async (c: CaseRow) =>
    (await repo.documents(db, c.id)).map((d) => ({
      id: d.id,
      type: d.type,
      title: d.title,
      noticeNo: d.notice_no,
      createdAt: iso(d.created_at),
      url: `/api/v1/applications/${encodeURIComponent(c.case_no)}/documents/${d.id}`,
    }));

  const timeline = (events: EventRow[], staff: boolean) =>
    events.map((e) => ({
      at: iso(e.at),
      type: e.type,
      title: EVENT_TITLES[e.type] ?? e.type,
      ...(staff ? { actor: e.actor_username, actorName: e.actor_name } : {}),
      detail: e.payload,
    }));

  async function materialsView(c: CaseRow, item: ItemInfo) {
    const ids = c.materials.flatMap((m) => m.fileIds);
    const meta = await deps.fileMeta(ids);
    const byId = new Map(meta.map((f) => [f.id, { ...f, url: `/api/v1/files/${f.id}` }]));
    return item.materials.map((m) => ({
      code: m.code,
      name: m.name,
      required: m.required,
      files: (c.materials.find((x) => x.code === m.code)?.fileIds ?? []).map((id) => byId.get(id)).filter(Boolean),
    }));
  }

  return {
    clockView,

    /**
     * The anonymous progress answer's timeline: what happened and when since submission, never who,
     * why or which files.
     */
    async publicTimeline(c: CaseRow) {
      const events = (await repo.events(db, c.id, true)).filter((e) => e.type !== 'draft_saved');
      return events.map((e) => ({
        at: iso(e.at),
        type: e.type,
        title: EVENT_TITLES[e.type] ?? e.type,
      }));
    },

    async applicantView(c: CaseRow, _actor: Actor) {
      const item = await deps.effects.item(db, c.item_code);
      const [events, correction, docs, clockState, evaluation] = await Promise.all([
        repo.events(db, c.id, true),
        repo.latestCorrection(db, c.id),
        documentsOf(c),
        clockView(c, item),
        repo.evaluation(db, c.id, c.applicant_id),
      ]);
      return {
        caseNo: c.case_no,
        itemCode: c.item_code,
        itemName: item.name,
        department: { code: item.departmentCode, name: item.departmentName },
        status: c.status,
        statusLabel: CASE_STATUS_LABELS[c.status].zh,
        step: c.current_step ? (STEP_NAMES[c.current_step] ?? c.current_step) : null,
        result: c.result ?? undefined,
        resultReason: c.result === 'refused' ? c.result_reason : undefined,
        queryCode: c.query_code,
        submittedAt: iso(c.submitted_at),
        acceptedAt: iso(c.accepted_at) ?? undefined,
        dueDate: c.due_at && !TERMINAL_STATUSES.includes(c.status) ? chinaDate(new Date(c.due_at)) : undefined,
        workingDaysLeft: clockState.workingDaysLeft ?? undefined,
        completedAt: iso(c.completed_at) ?? undefined,
        clock: clockState,
        form: c.form,
        materials: await materialsView(c, item),
        correction:
          correction && correction.status === 'open' && correction.notice_no
            ? {
                noticeNo: correction.notice_no,
                stage: correction.stage,
                items: correction.items,
                deadline: iso(correction.deadline_at),
                opinion: correction.opinion,
              }
            : undefined,
        timeline: timeline(events, false),
        documents: docs,
        evaluation: evaluation ? { rating: evaluation.rating, at: iso(evaluation.created_at) } : null,
        canWithdraw:
          ['submitted', 'correction_required', 'accepted', 'in_progress', 'special_procedure'].includes(c.status) &&
          !c.result &&
          !c.termination,
        canEvaluate: c.status === 'completed' && !evaluation,
        ...((await deps.parallel?.applicantExtras(c)) ?? {}),
      };
    },

    async staffView(c: CaseRow, actor: Actor) {
      const item = await deps.effects.item(db, c.item_code);
      const applicant = (await db('users')
        .where({ id: c.applicant_id })
        .first('username', 'name', 'kind', 'phone', 'id_number', 'email')) as {
        name: string;
        kind: string;
        phone: string | null;
        id_number: string | null;
      };
      // The engine's activity history (for the diagram) is fetched alongside the database reads,
      // not after them: it is the slowest part of this view.
      const [tasks, correction, specials, docs, clockState, acts] = await Promise.all([
        repo.openTasks(db, c.id),
        repo.latestCorrection(db, c.id),
        repo.specials(db, c.id),
        documentsOf(c),
        clockView(c, item),
        c.process_instance_id ? deps.engine.historicActivities(c.process_instance_id).catch(() => []) : [],
      ]);
      let diagram = {
        processDefinitionId: c.process_definition_id,
        activeActivityIds: [] as string[],
        completedActivityIds: [] as string[],
      };
      if (c.process_instance_id) {
        diagram = {
          processDefinitionId: c.process_definition_id,
          activeActivityIds: [...new Set(acts.filter((a) => !a.endTime).map((a) => a.activityId))],
          completedActivityIds: [...new Set(acts.filter((a) => a.endTime && !a.canceled).map((a) => a.activityId))],
        };
      }
      return {
        caseNo: c.case_no,
        itemCode: c.item_code,
        itemName: item.name,
        caseType: item.caseType,
        department: { code: item.departmentCode, name: item.departmentName },
        status: c.status,
        statusLabel: CASE_STATUS_LABELS[c.status].zh,
        result: c.result,
        resultReason: c.result_reason,
        termination: c.termination,
        terminationReason: c.termination_reason,
        applicant: {
          name: applicant.kind === 'legal' ? applicant.name : maskName(applicant.name),
          kind: applicant.kind,
          phone: maskPhone(applicant.phone),
          idNumber: maskIdNumber(applicant.id_number),
        },
        submittedAt: iso(c.submitted_at),
        acceptedAt: iso(c.accepted_at),
        acceptanceNoticeNo: c.acceptance_notice_no,
        decisionNoticeNo: c.decision_notice_no,
        completedAt: iso(c.completed_at),
        clock: clockState,
        form: c.form,
        materials: await materialsView(c, item),
        correction: correction
          ? {
              noticeNo: correction.notice_no,
              stage: correction.stage,
              status: correction.status,
              items: correction.items,
              deadline: iso(correction.deadline_at),
              answeredAt: iso(correction.answered_at),
              requestedAt: iso(correction.requested_at),
              opinion: correction.opinion,
              // The materials the applicant sent again, for the per-material checklist.
              answeredMaterials: answeredCodes(correction.answer),
              answerNote: (correction.answer as { note?: string | null } | null)?.note ?? null,
            }
          : null,
        specialProcedures: specials.map((s) => ({
          id: s.id,
          type: s.type,
          kind: s.kind,
          reason: s.reason,
          expectedDays: s.expected_days,
          fromStep: s.from_step,
          noticeNo: s.notice_no,
          startedAt: iso(s.started_at),
          endedAt: iso(s.ended_at),
          result: s.result,
        })),
        documents: docs,
        // A participating department of a parallel case sees its own branch's tasks only.
        tasks: tasks
          .filter((t) => canSeeCase(actor, c) || inStaffScope(actor, t.department_code))
          .map((t) => ({
            id: t.task_id,
            activityId: t.activity_id,
            name: t.name,
            assignee: t.assignee,
            owner: t.owner,
            delegationState: t.delegation_state,
            createdAt: iso(t.created_at),
            department: t.department_code,
            allowedActions:
              (t.assignee && t.assignee !== actor.username) || !inStaffScope(actor, t.department_code)
                ? []
                : allowedActions(t, actor, item.caseType === 'instant'),
          })),
        diagram,
        ...((await deps.parallel?.staffExtras(c, actor)) ?? {}),
      };
    },
  };
}

export type CaseViews = ReturnType<typeof createCaseViews>;
