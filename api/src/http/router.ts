import type { Express, NextFunction, Request, Response } from 'express';
import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z, type ZodType } from 'zod';
import { DEPARTMENT_SCOPED_ROLES, ErrorBody, type Role } from '@tongban/contracts';
import { AppError, forbidden, unauthenticated } from '../errors.js';
import { state, type Actor } from './context.js';
import { validationDetails } from './error-handler.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route:
 * - `public`: anyone (an actor is still resolved when a token is sent);
 * - `authenticated`: any logged-in user;
 * - `roles`: a logged-in user holding one of the roles. When the route names a target department
 *   (`department`), a user whose matching roles are all department-scoped (clerk, approver, lead)
 *   must belong to that department;
 * - `worker`: the worker process, by its shared token.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'authenticated'; allowExpiredPassword?: boolean }
  | { kind: 'roles'; roles: readonly Role[] }
  | { kind: 'worker' };

export interface HandlerContext<P, Q, B> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
  actor: Actor | undefined;
  /** Departments the actor is limited to for this route, or null when it may see every department. */
  scope: string[] | null;
}

export interface RouteSpec<P extends ZodType, Q extends ZodType, B extends ZodType> {
  method: Method;
  /** Express-style path, e.g. `/api/v1/tasks/:id`. */
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Resolves the department that owns the target resource (department scope check). */
  department?: (ctx: HandlerContext<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<string | null | undefined>;
  success: { status: number; description: string; schema?: ZodType; contentType?: string };
  /** Documented error statuses besides the generic 400/401/403. */
  errors?: number[];
  /** Returns the JSON body, or writes the response itself and returns undefined. */
  handler: (ctx: HandlerContext<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>;
}

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export interface WorkerAuth {
  verify(token: string | undefined): boolean;
}

/**
 * Every API route is declared here once: the same zod schemas validate the request and generate
 * the OpenAPI document, and the access rule is checked before the handler runs.
 */
export class ApiRouter {
  private readonly registry = new OpenAPIRegistry();
  private readonly routes: RouteSpec<ZodType, ZodType, ZodType>[] = [];

  constructor(
    private readonly workerAuth: WorkerAuth,
    /** Runs after a handler succeeded and before its answer is sent (the audit catch-all). */
    private readonly beforeSend?: (req: Request, status: number) => Promise<void>,
  ) {
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  }

  add<P extends ZodType = ZodType, Q extends ZodType = ZodType, B extends ZodType = ZodType>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    this.routes.push(spec as unknown as RouteSpec<ZodType, ZodType, ZodType>);
    const responses: Record<string, { description: string; content?: Record<string, { schema: ZodType }> }> = {
      [spec.success.status]: {
        description: spec.success.description,
        ...(spec.success.schema
          ? { content: { [spec.success.contentType ?? 'application/json']: { schema: spec.success.schema } } }
          : {}),
      },
    };
    const errorStatuses = new Set<number>([
      ...(spec.body || spec.query || spec.params ? [400] : []),
      ...(spec.errors ?? []),
    ]);
    if (spec.access.kind !== 'public') {
      errorStatuses.add(401);
      if (spec.access.kind === 'roles') errorStatuses.add(403);
    }
    for (const s of errorStatuses)
      responses[s] = { description: 'Error', content: { 'application/json': { schema: ErrorBody } } };
    this.registry.registerPath({
      method: spec.method,
      path: toOpenApiPath(spec.path),
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.access.kind === 'public' || spec.access.kind === 'worker' ? {} : { security: [{ bearer: [] }] }),
      request: {
        ...(spec.params ? { params: spec.params as never } : {}),
        ...(spec.query ? { query: spec.query as never } : {}),
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
      },
      responses,
    });
  }

  /** The declared routes, for the OpenAPI consistency test. */
  list(): { method: Method; path: string }[] {
    return this.routes.map((r) => ({ method: r.method, path: r.path }));
  }

  openApiDocument(version: string) {
    return new OpenApiGeneratorV3(this.registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: { title: 'Tongban API', version, description: '通办 · 互联网+政务服务平台 API (v1)' },
      servers: [{ url: '/' }],
    });
  }

  mount(app: Express): void {
    for (const spec of this.routes) {
      app[spec.method](spec.path, (req: Request, res: Response, next: NextFunction) => {
        this.run(spec, req, res).catch(next);
      });
    }
  }

  private async run(spec: RouteSpec<ZodType, ZodType, ZodType>, req: Request, res: Response): Promise<void> {
    const st = state(req);
    if (spec.access.kind === 'worker') {
      if (!this.workerAuth.verify(req.get('x-tongban-worker-token'))) throw unauthenticated('worker token required');
    } else if (spec.access.kind !== 'public') {
      if (!st.actor) throw unauthenticated();
      const allowExpired = spec.access.kind === 'authenticated' && spec.access.allowExpiredPassword;
      if (st.actor.passwordExpired && !allowExpired) throw new AppError('PASSWORD_EXPIRED', '密码已过期，请先修改密码');
    }
    // Role first, so a caller without the role learns nothing about the validation rules.
    let scope: string[] | null = null;
    if (spec.access.kind === 'roles') {
      const actor = st.actor as Actor;
      const allowed = spec.access.roles;
      const matching = actor.roles.filter((r) => allowed.includes(r));
      if (matching.length === 0) throw forbidden();
      if (matching.every((r) => DEPARTMENT_SCOPED_ROLES.includes(r))) scope = actor.departments.map((d) => d.code);
    }
    const params = parse(spec.params, req.params, 'path');
    const query = parse(spec.query, req.query, 'query');
    const body = parse(spec.body, req.body, '');
    const ctx: HandlerContext<unknown, unknown, unknown> = { req, res, params, query, body, actor: st.actor, scope };
    if (scope && spec.department) {
      const dept = await spec.department(ctx);
      if (dept && !scope.includes(dept)) throw forbidden('该业务不属于您所在的部门');
    }
    const result = await spec.handler(ctx);
    if (this.beforeSend && !res.headersSent) await this.beforeSend(req, spec.success.status);
    if (result !== undefined && !res.headersSent) res.status(spec.success.status).json(result);
    else if (!res.headersSent) res.status(spec.success.status).end();
  }
}

function parse(schema: ZodType | undefined, value: unknown, prefix: string): unknown {
  if (!schema) return value;
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new AppError('VALIDATION_FAILED', '请求参数不正确', validationDetails(r.error, prefix));
  return r.data;
}
