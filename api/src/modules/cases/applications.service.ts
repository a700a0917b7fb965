import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { CASE_STATUS_LABELS, TERMINAL_STATUSES, type CaseStatus } from '@tongban/contracts';
import type { Db, Tx } from '../../db/knex.js';
import { AppError, notFound } from '../../errors.js';
import { clientIp, type Actor } from '../../http/context.js';
import type { CamundaClient } from '../../integrations/camunda/index.js';
import type { Logger } from '../../logger.js';
import { maskForPublic } from '../../privacy.js';
import type { AuditService } from '../audit/index.js';
import { chinaDate } from '../calendar/index.js';
import type { CaseEffects, ItemInfo } from './case-effects.js';
import {
  actionNotAllowed,
  canSeeCase,
  engineCall,
  newQueryCode,
  nextCaseNo,
  STEP_NAMES,
  type SyncCase,
} from './case-support.js';
import type { CaseRow, CasesRepository } from './cases.repository.js';
import type { CaseViews } from './case-views.js';

export interface MaterialFiles {
  /** Of the given ids, those owned by the user and not yet attached to a case. */
  ownedUnattached(trx: Tx, ids: string[], ownerId: string): Promise<string[]>;
  /** The user's material files already attached to the case. */
  ofCase(trx: Tx, caseId: string, ownerId: string): Promise<string[]>;
  attach(trx: Tx, ids: string[], caseId: string): Promise<void>;
  /** Releases the case's material files except `keep`. */
  detach(trx: Tx, caseId: string, keep?: string[]): Promise<void>;
}

export interface ApplicationInput {
  itemCode: string;
  form: Record<string, unknown>;
  materials: { code: string; fileIds: string[] }[];
  submit: boolean;
}

/** Statuses from which an applicant may still withdraw: before the decision is taken. */
const WITHDRAWABLE: CaseStatus[] = ['submitted', 'correction_required', 'accepted', 'in_progress', 'special_procedure'];

const hashBody = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

export function createApplicationsService(deps: {
  db: Db;
  repo: CasesRepository;
  engine: CamundaClient;
  effects: CaseEffects;
  files: MaterialFiles;
  views: CaseViews;
  audit: AuditService;
  syncCase: SyncCase;
  log: Logger;
  /** Parallel approval: materials simulated approval may leave out, and the flow's start variables. */
  parallel?: {
    waivedMaterials(exec: Db | Tx, item: ItemInfo): Promise<string[]>;
    startVariables(trx: Tx, c: CaseRow, item: ItemInfo): Promise<Record<string, unknown>>;
  };
}) {
  const { db, repo, engine, effects, files, audit } = deps;

  function assertApplicant(actor: Actor) {
    if (actor.kind === 'staff' || !actor.roles.includes('applicant'))
      throw new AppError('FORBIDDEN', '只有申请人可以办理申请');
  }

  async function loadOwnCase(exec: Db | Tx, actor: Actor, caseNo: string, forUpdate = false): Promise<CaseRow> {
    const c = await repo.findCase(exec, caseNo, { forUpdate });
    // Another applicant's case answers exactly like a missing one.
    if (!c || c.applicant_id !== actor.id) throw notFound('办件');
    return c;
  }

  function validateForm(item: ItemInfo, form: Record<string, unknown>, strict: boolean) {
    const details: Record<string, string> = {};
    const known = new Set((item.form.fields ?? []).map((f) => f.key));
    for (const key of Object.keys(form)) if (!known.has(key)) details[`form.${key}`] = 'unknown field';
    if (strict) {
      for (const f of item.form.fields ?? []) {
        const v = form[f.key];
        if (f.required && (v === undefined || v === null || String(v).trim() === ''))
          details[`form.${f.key}`] = `required: ${f.label}`;
      }
    }
    if (Object.keys(details).length) throw new AppError('VALIDATION_FAILED', '申请表填写不完整或有误', details);
  }

  async function validateMaterials(
    trx: Tx,
    item: ItemInfo,
    materials: ApplicationInput['materials'],
    actor: Actor,
    caseId: string | null,
    strict: boolean,
  ) {
    const known = new Map(item.materials.map((m) => [m.code, m]));
    const details: Record<string, string> = {};
    materials.forEach((m, i) => {
      if (!known.has(m.code)) details[`materials.${i}.code`] = `unknown material ${m.code}`;
    });
    if (Object.keys(details).length) throw new AppError('VALIDATION_FAILED', '材料不属于该事项', details);
    const ids = [...new Set(materials.flatMap((m) => m.fileIds))];
    const alreadyMine = caseId ? await files.ofCase(trx, caseId, actor.id) : [];
    const usable = new Set([...(await files.ownedUnattached(trx, ids, actor.id)), ...alreadyMine]);
    const bad = ids.filter((id) => !usable.has(id));
    if (bad.length)
      throw new AppError('VALIDATION_FAILED', '材料文件不存在或已用于其他办件', { fileIds: bad.join(', ') });
    if (strict) {
      const provided = new Set(materials.filter((m) => m.fileIds.length > 0).map((m) => m.code));
      const waived = new Set((await deps.parallel?.waivedMaterials(trx, item)) ?? []);
      const missing = item.materials.filter((m) => m.required && !provided.has(m.code) && !waived.has(m.code));
      if (missing.length) {
        throw new AppError(
          'MATERIALS_INCOMPLETE',
          `缺少必要材料：${missing.map((m) => m.name).join('、')}`,
          missing.map((m) => ({ materialCode: m.code, name: m.name })),
        );
      }
    }
    return ids;
  }

  /** Marks the case submitted and starts its process; the engine call sits inside the transaction so a failure leaves nothing behind. */
  async function submitIn(trx: Tx, c: CaseRow, item: ItemInfo, actor: Actor, now: Date): Promise<CaseRow> {
    // A running instance with this case number is left from an attempt whose transaction never
    // committed (the API was killed, or the database restarted, after the engine had started it):
    // the case was rolled back with its number, and the retry gets the same number. Remove it, or
    // the case ends up with two instances (found by `npm run test:chaos`, docs/reliability.md).
    const orphans = await engineCall(() => engine.instancesByBusinessKey(c.case_no));
    for (const orphan of orphans) await engineCall(() => engine.deleteProcessInstance(orphan.id));
    const extra = (await deps.parallel?.startVariables(trx, c, item)) ?? {};
    const started = await engineCall(() =>
      engine.startProcess(
        item.processKey,
        c.case_no,
        {
          caseNo: c.case_no,
          departmentCode: c.department_code,
          itemCode: c.item_code,
          instant: item.caseType === 'instant',
          ...extra,
        },
        actor.username,
      ),
    );
    try {
      await repo.updateCase(trx, c.id, {
        status: 'submitted',
        submitted_at: now,
        process_instance_id: started.id,
        process_definition_id: started.definitionId,
      });
      await repo.addEvent(trx, {
        caseId: c.id,
        type: 'submitted',
        actorId: actor.id,
        payload: { processDefinitionId: started.definitionId },
      });
    } catch (err) {
      await engine.deleteProcessInstance(started.id).catch(() => undefined);
      throw err;
    }
    return { ...c, status: 'submitted', submitted_at: now, process_instance_id: started.id };
  }

  return {
    async create(
      req: Request,
      actor: Actor,
      input: ApplicationInput,
      idempotencyKey: string | undefined,
    ): Promise<{ status: number; body: unknown }> {
      assertApplicant(actor);
      const item = await effects.item(db, input.itemCode).catch(() => null);
      if (!item || item.status !== 'published')
        throw new AppError('VALIDATION_FAILED', '事项不存在或未发布', { itemCode: 'unknown item' });
      const audience = actor.kind === 'legal' ? 'legal' : 'person';
      if (!item.audience.includes(audience))
        throw new AppError('DOMAIN_RULE', `该事项不面向${audience === 'legal' ? '法人' : '自然人'}办理`);
      validateForm(item, input.form, input.submit);
      const now = new Date();
      const result = await db.transaction(async (trx) => {
        if (idempotencyKey) {
          const claim = await repo.claimIdempotencyKey(trx, actor.id, idempotencyKey, hashBody(input));
          if (!claim.fresh) {
            if (claim.hash !== hashBody(input))
              throw new AppError('IDEMPOTENCY_CONFLICT', '同一个幂等键已用于内容不同的请求');
            if (claim.status !== null) return { status: claim.status, body: claim.response, replay: true };
          }
        }
        const fileIds = await validateMaterials(trx, item, input.materials, actor, null, input.submit);
        const caseNo = await nextCaseNo(repo, trx, item.code, now);
        const user = (await trx('users').where({ id: actor.id }).first('name')) as { name: string };
        let c = await repo.insertCase(trx, {
          case_no: caseNo,
          item_code: item.code,
          department_code: item.departmentCode,
          applicant_id: actor.id,
          applicant_name: user.name,
          status: 'draft',
          channel: '2',
          query_code: newQueryCode(),
          form: input.form,
          materials: input.materials,
        });
        await files.attach(trx, fileIds, c.id);
        await repo.addEvent(trx, { caseId: c.id, type: 'draft_saved', actorId: actor.id, applicantVisible: true });
        if (input.submit) c = await submitIn(trx, c, item, actor, now);
        const body = { caseNo: c.case_no, status: c.status, queryCode: c.query_code };
        if (idempotencyKey) await repo.saveIdempotentResponse(trx, actor.id, idempotencyKey, 201, body);
        await audit.record(
          req,
          {
            type: input.submit ? 'application.submit' : 'application.draft',
            success: true,
            caseNo: c.case_no,
            target: item.code,
          },
          trx,
        );
        return { status: 201, body, replay: false };
      });
      if (!result.replay && input.submit) await deps.syncCase((result.body as { caseNo: string }).caseNo);
      return { status: result.status, body: result.body };
    },

    async patchDraft(
      req: Request,
      actor: Actor,
      caseNo: string,
      patch: { form?: Record<string, unknown>; materials?: ApplicationInput['materials'] },
    ) {
      assertApplicant(actor);
      await db.transaction(async (trx) => {
        const c = await loadOwnCase(trx, actor, caseNo, true);
        if (c.status !== 'draft') throw actionNotAllowed(c.status, [], '只有草稿可以修改');
        const item = await effects.item(trx, c.item_code);
        if (patch.form) validateForm(item, patch.form, false);
        if (patch.materials) {
          const ids = await validateMaterials(trx, item, patch.materials, actor, c.id, false);
          await files.detach(trx, c.id, ids);
          await files.attach(trx, ids, c.id);
        }
        await repo.updateCase(trx, c.id, {
          ...(patch.form ? { form: patch.form } : {}),
          ...(patch.materials ? { materials: patch.materials } : {}),
        });
        await audit.record(req, { type: 'application.draft.update', success: true, caseNo }, trx);
      });
      return this.get(actor, caseNo);
    },

    async submitDraft(req: Request, actor: Actor, caseNo: string) {
      assertApplicant(actor);
      const now = new Date();
      await db.transaction(async (trx) => {
        const c = await loadOwnCase(trx, actor, caseNo, true);
        if (c.status !== 'draft') throw actionNotAllowed(c.status, [], '该申请已提交');
        const item = await effects.item(trx, c.item_code);
        if (item.status !== 'published') throw new AppError('DOMAIN_RULE', '事项已停止办理');
        validateForm(item, c.form, true);
        await validateMaterials(trx, item, c.materials, actor, c.id, true);
        await submitIn(trx, c, item, actor, now);
        await audit.record(req, { type: 'application.submit', success: true, caseNo }, trx);
      });
      await deps.syncCase(caseNo);
      const c = (await repo.findCase(db, caseNo)) as CaseRow;
      return { caseNo, status: c.status, queryCode: c.query_code };
    },

    async listMine(actor: Actor, page: number, pageSize: number, status?: string) {
      const q = db('cases as c').join('service_items as i', 'i.code', 'c.item_code').where('c.applicant_id', actor.id);
      if (status) q.where('c.status', status);
      const [{ count }] = (await q.clone().count({ count: '*' })) as [{ count: string | number }];
      const rows = (await q
        .select(
          'c.case_no',
          'c.item_code',
          'i.name as item_name',
          'c.status',
          'c.result',
          'c.submitted_at',
          'c.due_at',
          'c.updated_at',
          'c.created_at',
        )
        .orderBy('c.created_at', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)) as {
        case_no: string;
        item_code: string;
        item_name: string;
        status: CaseStatus;
        result: string | null;
        submitted_at: Date | null;
        due_at: Date | null;
        updated_at: Date;
      }[];
      return {
        items: rows.map((r) => ({
          caseNo: r.case_no,
          itemCode: r.item_code,
          itemName: r.item_name,
          status: r.status,
          statusLabel: CASE_STATUS_LABELS[r.status].zh,
          result: r.result,
          submittedAt: r.submitted_at?.toISOString() ?? null,
          dueDate: r.due_at ? chinaDate(new Date(r.due_at)) : null,
          updatedAt: new Date(r.updated_at).toISOString(),
        })),
        total: Number(count),
        page,
        pageSize,
      };
    },

    async get(actor: Actor, caseNo: string) {
      const c = await loadOwnCase(db, actor, caseNo);
      return deps.views.applicantView(c, actor);
    },

    async answerCorrection(
      req: Request,
      actor: Actor,
      caseNo: string,
      input: { materials: ApplicationInput['materials']; note?: string },
    ) {
      assertApplicant(actor);
      await db.transaction(async (trx) => {
        const c = await loadOwnCase(trx, actor, caseNo, true);
        const correction = await repo.openCorrection(trx, c.id, { issued: true });
        if (c.status !== 'correction_required' || !correction || !correction.notice_no) {
          throw actionNotAllowed(c.status, [], '该办件当前无需补正');
        }
        const item = await effects.item(trx, c.item_code);
        const answered = new Set(input.materials.filter((m) => m.fileIds.length).map((m) => m.code));
        const missing = correction.items.filter((i) => !answered.has(i.materialCode));
        if (missing.length) {
          throw new AppError(
            'MATERIALS_INCOMPLETE',
            `请补正全部告知材料：${missing.map((m) => item.materials.find((x) => x.code === m.materialCode)?.name ?? m.materialCode).join('、')}`,
            missing,
          );
        }
        const ids = await validateMaterials(trx, item, input.materials, actor, null, false);
        await files.attach(trx, ids, c.id);
        const merged = new Map(c.materials.map((m) => [m.code, m.fileIds]));
        for (const m of input.materials) merged.set(m.code, m.fileIds);
        await repo.updateCase(trx, c.id, { materials: [...merged].map(([code, fileIds]) => ({ code, fileIds })) });
        await repo.updateCorrection(trx, correction.id, {
          status: 'answered',
          answered_at: new Date(),
          answer: { materials: input.materials, note: input.note ?? null },
        });
        await repo.addEvent(trx, {
          caseId: c.id,
          type: 'correction_submitted',
          actorId: actor.id,
          payload: { materials: input.materials.map((m) => m.code), note: input.note ?? null },
        });
        // In a parallel case the answer goes back to the branch that asked.
        const message = correction.branch_department
          ? `CorrectionSubmitted:${correction.branch_department}`
          : 'CorrectionSubmitted';
        await engineCall(() => engine.correlate(message, c.process_instance_id as string, {}, actor.username));
        await audit.record(req, { type: 'application.correction', success: true, caseNo }, trx);
      });
      await deps.syncCase(caseNo);
      return this.get(actor, caseNo);
    },

    async withdraw(req: Request, actor: Actor, caseNo: string, reason: string) {
      assertApplicant(actor);
      await db.transaction(async (trx) => {
        const c = await loadOwnCase(trx, actor, caseNo, true);
        const decided = !!c.decision_notice_no || c.result !== null;
        if (!WITHDRAWABLE.includes(c.status) || decided || c.termination) {
          throw actionNotAllowed(
            c.status,
            [],
            c.status === 'draft' ? '草稿无需撤回，可直接删除' : '决定作出后不能撤回',
          );
        }
        await repo.updateCase(trx, c.id, { termination: 'withdrawn', termination_reason: reason });
        await repo.addEvent(trx, { caseId: c.id, type: 'withdraw_requested', actorId: actor.id, payload: { reason } });
        await engineCall(() =>
          engine.correlate(
            'CaseTerminated',
            c.process_instance_id as string,
            { termination: 'withdrawn' },
            actor.username,
          ),
        );
        await audit.record(req, { type: 'application.withdraw', success: true, caseNo, detail: { reason } }, trx);
      });
      await deps.syncCase(caseNo);
      return this.get(actor, caseNo);
    },

    async deleteDraft(req: Request, actor: Actor, caseNo: string) {
      await db.transaction(async (trx) => {
        const c = await loadOwnCase(trx, actor, caseNo, true);
        if (c.status !== 'draft') throw actionNotAllowed(c.status, [], '只有草稿可以删除');
        await files.detach(trx, c.id);
        await repo.deleteCase(trx, c.id);
        await audit.record(req, { type: 'application.draft.delete', success: true, caseNo }, trx);
      });
    },

    async evaluate(
      req: Request,
      actor: Actor,
      caseNo: string,
      input: {
        rating: number;
        dimensions?: Record<string, number>;
        tags?: string[];
        comment?: string;
        channel?: string;
      },
    ) {
      assertApplicant(actor);
      const c = await loadOwnCase(db, actor, caseNo);
      if (c.status !== 'completed') throw actionNotAllowed(c.status, [], '办结后才能评价');
      if (input.rating <= 2 && !input.comment?.trim() && !(input.tags ?? []).length) {
        throw new AppError('VALIDATION_FAILED', '差评请说明理由', { comment: 'required for a rating of 1 or 2' });
      }
      const outcome = await repo.insertEvaluation(db, {
        case_id: c.id,
        user_id: actor.id,
        rating: input.rating,
        dimensions: input.dimensions ?? {},
        tags: input.tags ?? [],
        comment: input.comment?.trim() || null,
        channel: input.channel ?? '1',
        ip: clientIp(req),
      });
      if (outcome === 'duplicate') throw new AppError('CONFLICT', '该办件已评价，每个账号和每个IP只能评价一次');
      await repo.addEvent(db, {
        caseId: c.id,
        type: 'evaluated',
        actorId: actor.id,
        payload: { rating: input.rating },
      });
      await audit.record(req, {
        type: 'application.evaluate',
        success: true,
        caseNo,
        detail: { rating: input.rating },
      });
      return { caseNo, rating: input.rating };
    },

    /** Anonymous progress: status, step and dates only; never names, numbers or materials. */
    async progress(caseNo: string, queryCode: string) {
      const c = await repo.findCase(db, caseNo);
      if (!c || !c.query_code || c.query_code !== queryCode || c.status === 'draft') throw notFound('办件');
      const item = await effects.item(db, c.item_code);
      const applicant = (await db('users').where({ id: c.applicant_id }).first('name', 'kind')) as
        { name: string; kind: string } | undefined;
      return {
        caseNo: c.case_no,
        itemName: item.name,
        departmentName: item.departmentName,
        applicantName: applicant ? maskForPublic(applicant.name, applicant.kind) : null,
        status: c.status,
        statusLabel: CASE_STATUS_LABELS[c.status].zh,
        step: c.current_step ? (STEP_NAMES[c.current_step] ?? c.current_step) : null,
        result: c.result,
        submittedAt: c.submitted_at ? new Date(c.submitted_at).toISOString() : null,
        acceptedAt: c.accepted_at ? new Date(c.accepted_at).toISOString() : null,
        dueDate: c.due_at && !TERMINAL_STATUSES.includes(c.status) ? chinaDate(new Date(c.due_at)) : null,
        completedAt: c.completed_at ? new Date(c.completed_at).toISOString() : null,
        timeline: await deps.views.publicTimeline(c),
      };
    },

    async ownCase(actor: Actor, caseNo: string) {
      return loadOwnCase(db, actor, caseNo);
    },

    /** A document of the case, for its applicant or staff who may see the case. */
    async document(actor: Actor, caseNo: string, id: string): Promise<{ fileId: string }> {
      const c = await repo.findCase(db, caseNo);
      if (!c || !canSeeCase(actor, c)) throw notFound('文书');
      const doc = await repo.findDocument(db, c.id, id);
      if (!doc) throw notFound('文书');
      return { fileId: doc.file_id };
    },
  };
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>;
