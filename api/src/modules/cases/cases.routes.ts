import { z } from 'zod';
import {
  CaseBranchDto,
  ProgressDto,
  SimulationDto,
  TASK_ACTIONS,
  TOPIC_NAMES,
  type TaskAction,
} from '@tongban/contracts';
import QRCode from 'qrcode';
import { AppError } from '../../errors.js';
import { clientIp, type Actor } from '../../http/context.js';
import { createRateLimiter } from '../../http/rate-limit.js';
import { sendFile, type FilesService } from '../files/index.js';
import type { ApiRouter } from '../../http/router.js';
import type { ApplicationsService } from './applications.service.js';
import type { SyncCase } from './case-support.js';
import type { TasksService } from './tasks.service.js';
import type { TopicsService } from './topics.service.js';

const CaseNo = z.string().min(8).max(50);
const Materials = z.array(z.object({ code: z.string().min(1).max(32), fileIds: z.array(z.uuid()).max(20) })).max(100);
const Page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
const IsoDate = z.iso.date();
const ApplicationCreated = z.object({ caseNo: z.string(), status: z.string(), queryCode: z.string() });
const Json = z.record(z.string(), z.unknown());
const STAFF = ['clerk', 'approver', 'lead', 'auditor', 'auditadmin'] as const;
const WORKERS = ['clerk', 'approver', 'lead'] as const;

const actor = (a: Actor | undefined) => a as Actor;

export function registerApplicationRoutes(
  router: ApiRouter,
  apps: ApplicationsService,
  deps: { files: FilesService; publicBaseUrl: string; progressPerMinute: number },
): void {
  const progressLimiter = createRateLimiter(deps.progressPerMinute);
  router.add({
    method: 'get',
    path: '/api/v1/applications/:caseNo/documents/:id',
    summary: 'A notice or decision of the case as PDF (its applicant and authorised staff)',
    tags: ['portal'],
    access: { kind: 'authenticated' },
    params: z.object({ caseNo: CaseNo, id: z.uuid() }),
    success: { status: 200, description: 'The PDF', contentType: 'application/pdf' },
    errors: [404],
    handler: async ({ res, actor: a, params }) => {
      const doc = await apps.document(actor(a), params.caseNo, params.id);
      const file = await deps.files.findReadable(actor(a), doc.fileId);
      await sendFile(res, file, file.absolutePath);
      return undefined;
    },
  });

  router.add({
    method: 'get',
    path: '/api/v1/applications/:caseNo/qrcode',
    summary: 'QR code (PNG) linking to the progress page of the case',
    tags: ['portal'],
    access: { kind: 'roles', roles: ['applicant'] },
    params: z.object({ caseNo: CaseNo }),
    success: { status: 200, description: 'PNG image', contentType: 'image/png' },
    errors: [404],
    handler: async ({ res, actor: a, params }) => {
      const c = await apps.ownCase(actor(a), params.caseNo);
      const link = `${deps.publicBaseUrl}/progress?caseNo=${encodeURIComponent(c.case_no)}&queryCode=${c.query_code ?? ''}`;
      const png = await QRCode.toBuffer(link, { type: 'png', margin: 2, width: 320, errorCorrectionLevel: 'M' });
      res.status(200).set({ 'Content-Type': 'image/png', 'Cache-Control': 'private, no-store' }).send(png);
      return undefined;
    },
  });

  router.add({
    method: 'post',
    path: '/api/v1/applications',
    summary: 'Save a draft or submit an application (Idempotency-Key header honoured)',
    tags: ['portal'],
    access: { kind: 'roles', roles: ['applicant'] },
    body: z.object({
      itemCode: z.string().min(1).max(36),
      form: Json.default({}),
      materials: Materials.default([]),
      submit: z.boolean().default(true),
    }),
    success: { status: 201, description: 'Created', schema: ApplicationCreated },
    errors: [409, 422, 503],
    handler: async ({ req, res, body, actor: a }) => {
      const key = req.get('idempotency-key');
      if (key !== undefined && !/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) {
        throw new AppError('VALIDATION_FAILED', 'Idempotency-Key 格式不正确', {
          'header.Idempotency-Key': '8–128 letters, digits, _ . : -',
        });
      }
      const r = await apps.create(req, actor(a), body, key);
      res.status(r.status).json(r.body);
      return undefined;
    },
  });

  router.add({
    method: 'get',
    path: '/api/v1/applications',
    summary: 'My applications',
    tags: ['portal'],
    access: { kind: 'roles', roles: ['applicant'] },
    query: z.object({ ...Page, status: z.string().max(24).optional() }),
    success: {
      status: 200,
      description: 'A page of my cases',
      schema: z.object({ items: z.array(Json), total: z.number(), page: z.number(), pageSize: z.number() }),
    },
    handler: ({ actor: a, query }) => apps.listMine(actor(a), query.page, query.pageSize, query.status),
  });

  router.add({
    method: 'get',
    path: '/api/v1/applications/:caseNo',
    summary: 'One of my cases with its timeline, correction notice and documents',
    tags: ['portal'],
    access: { kind: 'roles', roles: ['applicant'] },
    params: z.object({ caseNo: CaseNo }),
    success: { status: 200, description: 'The case', schema: Json },
    errors: [404],
    handler: ({ actor: a, params }) => apps.get(actor(a), params.caseNo),
  });

  router.add({
    method: 'patch',
    path: '/api/v1/applications/:caseNo',
    summary: 'Change a draft',
    tags: ['portal'],
    access: { kind: 'roles', roles: ['applicant'] },
    params: z.object({ caseNo: CaseNo }),
    body: z.object({ form: Json.optional(), materials: Materials.optional() }),
    success: { status: 200, description: 'The draft', schema: Json },
    errors: [404, 409],
    handler: ({ req, actor: a, params, body }) => apps.patchDraft(req, actor(a), params.caseNo, body),
  });

  router.add({
    method: 'delete',
    path: '/api/v1/applications/:caseNo',
    summary: 'Delete a draft',
    tags: ['portal'],
    access: { kind: 'roles', roles: ['applicant'] },
    params: z.object({ caseNo: CaseNo }),
    success: { status: 204, description: 'Deleted' },
    errors: [404, 409],
    handler: async ({ req, actor: a, params }) => {
      await apps.deleteDraft(req, actor(a), params.caseNo);
      return undefined;
    },
  });

  router.add({
    method: 'post',
    path: '/api/v1/applications/:caseNo/submit',
    summary: 'Submit a draft',
    tags: ['portal'],
    access: { kind: 'roles', roles: ['applicant'] },
    params: z.object({ caseNo: CaseNo }),
    success: { status: 200, description: 'Submitted', schema: ApplicationCreated },
    errors: [404, 409, 422, 503],
    handler: ({ req, actor: a, params }) => apps.submitDraft(req, actor(a), params.caseNo),
  });

  router.add({
    method: 'post',
    path: '/api/v1/applications/:caseNo/corrections',
    summary: 'Answer the correction notice with every material it asked for',
    tags: ['portal'],
    access: { kind: 'roles', roles: ['applicant'] },
    params: z.object({ caseNo: CaseNo }),
    body: z.object({ materials: Materials.min(1), note: z.string().max(1000).optional() }),
    success: { status: 200, description: 'The case', schema: Json },
    errors: [404, 409, 422],
    handler: ({ req, actor: a, params, body }) => apps.answerCorrection(req, actor(a), params.caseNo, body),
  });

  router.add({
    method: 'post',
    path: '/api/v1/applications/:caseNo/withdraw',
    summary: 'Withdraw before the decision',
    tags: ['portal'],
    access: { kind: 'roles', roles: ['applicant'] },
    params: z.object({ caseNo: CaseNo }),
    body: z.object({ reason: z.string().trim().min(1).max(1000) }),
    success: { status: 200, description: 'The case', schema: Json },
    errors: [404, 409],
    handler: ({ req, actor: a, params, body }) => apps.withdraw(req, actor(a), params.caseNo, body.reason),
  });

  router.add({
    method: 'post',
    path: '/api/v1/applications/:caseNo/evaluation',
    summary: 'Rate a completed case (5 = 非常满意 … 1 = 非常不满意; a reason for 1 and 2)',
    tags: ['portal'],
    access: { kind: 'roles', roles: ['applicant'] },
    params: z.object({ caseNo: CaseNo }),
    body: z.object({
      rating: z.number().int().min(1).max(5),
      dimensions: z.record(z.string().max(32), z.number().int().min(1).max(5)).optional(),
      tags: z.array(z.string().trim().min(1).max(32)).max(10).optional(),
      comment: z.string().max(1000).optional(),
      channel: z.enum(['1', '2', '3', '4', '5', '6', '7']).optional(),
    }),
    success: { status: 201, description: 'Recorded', schema: z.object({ caseNo: z.string(), rating: z.number() }) },
    errors: [404, 409],
    handler: ({ req, actor: a, params, body }) => apps.evaluate(req, actor(a), params.caseNo, body),
  });

  router.add({
    method: 'get',
    path: '/api/v1/progress',
    summary: 'Anonymous progress by case number and query code (no personal data)',
    tags: ['portal'],
    access: { kind: 'public' },
    query: z.object({ caseNo: CaseNo, queryCode: z.string().regex(/^\d{6}$/) }),
    success: { status: 200, description: 'Progress', schema: ProgressDto },
    errors: [404, 429],
    handler: ({ req, query }) => {
      // The query code is six digits: throttle guessing per client address.
      if (!progressLimiter.take(clientIp(req))) throw new AppError('RATE_LIMITED', '查询过于频繁，请稍后再试');
      return apps.progress(query.caseNo, query.queryCode);
    },
  });
}

export function registerConsoleRoutes(router: ApiRouter, tasks: TasksService): void {
  router.add({
    method: 'get',
    path: '/api/v1/tasks',
    summary: 'Task lists: 待办 todo, 已办 done, 办结 completed',
    tags: ['console'],
    access: { kind: 'roles', roles: WORKERS },
    query: z.object({
      view: z.enum(['todo', 'done', 'completed']).default('todo'),
      q: z.string().max(100).optional(),
      itemCode: z.string().max(36).optional(),
      sla: z.enum(['green', 'yellow', 'red']).optional(),
      caseNo: z.string().trim().max(50).optional().describe('part of the case number'),
      applicant: z.string().trim().max(50).optional().describe("part of the applicant's name"),
      from: IsoDate.optional().describe('submitted on or after this Beijing date'),
      to: IsoDate.optional().describe('submitted on or before this Beijing date'),
      sort: z.enum(['dueAt', '-dueAt', 'createdAt', '-createdAt']).default('dueAt'),
      ...Page,
    }),
    success: {
      status: 200,
      description: 'A page of tasks',
      schema: z.object({ items: z.array(Json), total: z.number(), page: z.number(), pageSize: z.number() }),
    },
    handler: ({ actor: a, query }) => tasks.listTasks(actor(a), query),
  });

  router.add({
    method: 'get',
    path: '/api/v1/workbench/counts',
    summary: 'Counts for the console menu: 待办 of the user and each case view of their departments',
    tags: ['console'],
    access: { kind: 'roles', roles: STAFF },
    success: {
      status: 200,
      description: 'Counts',
      schema: z.object({ todo: z.number(), cases: z.record(z.string(), z.number()) }),
    },
    handler: ({ actor: a }) => tasks.counts(actor(a)),
  });

  router.add({
    method: 'get',
    path: '/api/v1/cases',
    summary: 'Case views: 草稿箱, 补正补齐, 特别程序, 不予许可, 作废, 退回, 办结, all',
    tags: ['console'],
    access: { kind: 'roles', roles: STAFF },
    query: z.object({
      view: z
        .enum(['drafts', 'correction', 'special', 'refused', 'voided', 'returned', 'completed', 'all'])
        .default('all'),
      q: z.string().max(100).optional(),
      itemCode: z.string().max(36).optional(),
      ...Page,
    }),
    success: {
      status: 200,
      description: 'A page of cases',
      schema: z.object({ items: z.array(Json), total: z.number(), page: z.number(), pageSize: z.number() }),
    },
    handler: ({ actor: a, query }) => tasks.listCases(actor(a), query),
  });

  router.add({
    method: 'get',
    path: '/api/v1/cases/:caseNo',
    summary:
      'Case detail: form, materials, clock, current tasks with allowed actions, diagram state; for a parallel case its branches',
    tags: ['console'],
    access: { kind: 'roles', roles: STAFF },
    params: z.object({ caseNo: CaseNo }),
    success: {
      status: 200,
      description: 'The case',
      schema: z.looseObject({
        branches: z.array(CaseBranchDto).optional(),
        simulation: SimulationDto.nullable().optional(),
      }),
    },
    errors: [404],
    handler: ({ actor: a, params }) => tasks.caseDetail(actor(a), params.caseNo),
  });

  router.add({
    method: 'get',
    path: '/api/v1/cases/:caseNo/history',
    summary: 'Engine activities, business events and operation log in one ordered list',
    tags: ['console'],
    access: { kind: 'roles', roles: STAFF },
    params: z.object({ caseNo: CaseNo }),
    success: { status: 200, description: 'History', schema: Json },
    errors: [404],
    handler: ({ actor: a, params }) => tasks.history(actor(a), params.caseNo),
  });

  router.add({
    method: 'post',
    path: '/api/v1/cases/:caseNo/void',
    summary: 'Void (作废) a case from any waiting point (department lead)',
    tags: ['console'],
    access: { kind: 'roles', roles: ['lead'] },
    params: z.object({ caseNo: CaseNo }),
    body: z.object({ reason: z.string().trim().min(2).max(1000) }),
    success: { status: 200, description: 'The case', schema: Json },
    errors: [404, 409],
    handler: ({ req, actor: a, params, body }) => tasks.voidCase(req, actor(a), params.caseNo, body.reason),
  });

  const TaskId = z.object({ id: z.string().min(1).max(64) });
  router.add({
    method: 'post',
    path: '/api/v1/tasks/:id/claim',
    summary: 'Claim (签收) a task',
    tags: ['console'],
    access: { kind: 'roles', roles: WORKERS },
    params: TaskId,
    success: { status: 200, description: 'Claimed', schema: Json },
    errors: [404, 409],
    handler: ({ req, actor: a, params }) => tasks.claim(req, actor(a), params.id),
  });
  router.add({
    method: 'post',
    path: '/api/v1/tasks/:id/unclaim',
    summary: 'Release a claimed task',
    tags: ['console'],
    access: { kind: 'roles', roles: WORKERS },
    params: TaskId,
    success: { status: 200, description: 'Released', schema: Json },
    errors: [404, 409],
    handler: ({ req, actor: a, params }) => tasks.unclaim(req, actor(a), params.id),
  });
  router.add({
    method: 'get',
    path: '/api/v1/tasks/:id/colleagues',
    summary: 'Colleagues of the same department who may take the task over (转办 or 委派)',
    tags: ['console'],
    access: { kind: 'roles', roles: WORKERS },
    params: TaskId,
    query: z.object({ kind: z.enum(['transfer', 'delegate']).default('transfer') }),
    success: {
      status: 200,
      description: 'The eligible colleagues',
      schema: z.object({
        taskId: z.string(),
        kind: z.string(),
        department: z.string(),
        items: z.array(z.object({ username: z.string(), name: z.string(), roles: z.array(z.string()) })),
      }),
    },
    errors: [403, 404, 409],
    handler: ({ actor: a, params, query }) => tasks.colleagues(actor(a), params.id, query.kind),
  });
  for (const kind of ['transfer', 'delegate'] as const) {
    router.add({
      method: 'post',
      path: `/api/v1/tasks/:id/${kind}`,
      summary:
        kind === 'transfer'
          ? 'Transfer (转办) the task to a colleague'
          : 'Delegate (委派) the task to a colleague; it comes back',
      tags: ['console'],
      access: { kind: 'roles', roles: WORKERS },
      params: TaskId,
      body: z.object({ userId: z.string().min(1).max(64).describe('username of the colleague') }),
      success: { status: 200, description: 'Reassigned', schema: Json },
      errors: [404, 409],
      handler: ({ req, actor: a, params, body }) => tasks.reassign(req, actor(a), params.id, body.userId, kind),
    });
  }
  router.add({
    method: 'post',
    path: '/api/v1/tasks/:id/actions/:action',
    summary: 'Take an action on a task; only the task’s allowed actions are accepted',
    tags: ['console'],
    access: { kind: 'roles', roles: WORKERS },
    params: z.object({ id: z.string().min(1).max(64), action: z.enum(TASK_ACTIONS) }),
    body: z.record(z.string(), z.unknown()).default({}),
    success: { status: 200, description: 'Done', schema: z.object({ caseNo: z.string(), action: z.string() }) },
    errors: [404, 409, 422, 503],
    handler: ({ req, actor: a, params, body }) =>
      tasks.complete(req, actor(a), params.id, params.action as TaskAction, body),
  });
}

export function registerTopicRoutes(router: ApiRouter, topics: TopicsService, syncCase: SyncCase): void {
  router.add({
    method: 'post',
    path: '/api/v1/internal/topics/:topic',
    summary: 'Execute the side effect of a worker topic (worker token)',
    tags: ['internal'],
    access: { kind: 'worker' },
    params: z.object({ topic: z.enum(TOPIC_NAMES as [string, ...string[]]) }),
    body: z.object({
      taskId: z.string().min(1).max(64),
      topic: z.string(),
      businessKey: z.string().max(255).nullable().optional(),
      processInstanceId: z.string().min(1).max(64),
      activityId: z.string().max(255).default(''),
      variables: z.record(z.string(), z.unknown()).default({}),
    }),
    success: { status: 200, description: 'Result for the engine', schema: Json },
    errors: [404, 409, 422],
    handler: ({ params, body }) =>
      topics.execute({
        taskId: body.taskId,
        topic: params.topic,
        businessKey: body.businessKey ?? null,
        processInstanceId: body.processInstanceId,
        activityId: body.activityId,
        variables: body.variables,
      }),
  });

  router.add({
    method: 'post',
    path: '/api/v1/internal/cases/:caseNo/sync',
    summary: 'Refresh the task read model of a case after the engine moved (worker token)',
    tags: ['internal'],
    access: { kind: 'worker' },
    params: z.object({ caseNo: CaseNo }),
    success: { status: 204, description: 'Synchronised' },
    handler: async ({ params }) => {
      await syncCase(params.caseNo);
      return undefined;
    },
  });
}
