import { randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from './config.js';
import type { Db } from './db/knex.js';
import { state } from './http/context.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { ApiRouter } from './http/router.js';
import { CamundaClient } from './integrations/camunda/index.js';
import type { Logger } from './logger.js';
import { createAdminRepository, createAdminService, registerAdminRoutes } from './modules/admin/index.js';
import { createAuditRepository, createAuditService, registerAuditRoutes } from './modules/audit/index.js';
import { authenticate, createAuthRepository, createAuthService, registerAuthRoutes } from './modules/auth/index.js';
import { createCalendarRepository, createCalendarService, registerCalendarRoutes } from './modules/calendar/index.js';
import { registerHealthRoutes } from './modules/health/index.js';
import {
  canSeeCase,
  createApplicationsService,
  createCaseSync,
  createReconciler,
  createCaseViews,
  createCasesRepository,
  createClock,
  createTasksService,
  createTopicsService,
  registerApplicationRoutes,
  registerConsoleRoutes,
  registerTopicRoutes,
} from './modules/cases/index.js';
import { createCaseEffects } from './modules/cases/case-effects.js';
import {
  createBranchesRepository,
  createParallelService,
  createParallelTopics,
  registerParallelRoutes,
  type ParallelService,
} from './modules/cases/parallel/index.js';
import { renderNotice } from './modules/documents/index.js';
import { createFilesModule } from './modules/files/index.js';
import { createWorkersRepository, registerInternalRoutes } from './modules/internal/index.js';
import { createItemsRepository, registerItemRoutes } from './modules/items/index.js';
import { createNotificationsModule } from './modules/notifications/index.js';
import { createProcessesRepository, createProcessesService, registerProcessRoutes } from './modules/processes/index.js';

const require = createRequire(import.meta.url);
export const API_VERSION = '0.1.0';

export interface AppDeps {
  config: AppConfig;
  db: Db;
  log: Logger;
}

/** Wires every module; returns the Express app and the services the start-up sequence needs. */
export function createApp({ config, db, log }: AppDeps) {
  const engine = new CamundaClient(config.engine);
  const auditRepo = createAuditRepository(db);
  const audit = createAuditService(auditRepo, log);
  const authRepo = createAuthRepository(db);
  const auth = createAuthService(authRepo, audit, config.auth);
  const calendar = createCalendarService(createCalendarRepository(db));
  const processes = createProcessesService(engine, createProcessesRepository(db), log);
  const workers = createWorkersRepository(db);
  const admin = createAdminService(db, createAdminRepository(db), authRepo, audit);
  const items = createItemsRepository(db);

  // General approval: the case flow on top of files, notices and notifications.
  const casesRepo = createCasesRepository(db);
  // Parallel approval (并联审批) hooks into the case flow below; bound once every service exists.
  const branchesRepo = createBranchesRepository();
  // eslint-disable-next-line prefer-const
  let parallel: ParallelService;
  const files = createFilesModule({
    db,
    config,
    canRead: async (actor, file) => {
      if (!file.caseId) return false;
      const c = await casesRepo.findCaseById(db, file.caseId);
      return !!c && (canSeeCase(actor, c) || (actor.kind === 'staff' && (await parallel.participates(actor, c))));
    },
  });
  const notifications = createNotificationsModule({ db, config: config.notifications, log });
  const clock = createClock(calendar);
  const effects = createCaseEffects({
    items,
    renderNotice,
    storeGenerated: (trx, g) => files.repository.storeGenerated(trx, g),
    insertDocument: (trx, d) => casesRepo.insertDocument(trx, d),
    documentExists: async (trx, refKey) => !!(await casesRepo.documentByRef(trx, refKey)),
    enqueueNotification: async (trx, n) => {
      await notifications.service.enqueue(trx, n);
    },
  });
  const syncCase = createCaseSync(db, casesRepo, engine, log, audit);
  const reconcile = createReconciler(casesRepo, syncCase, log);
  const views = createCaseViews({
    db,
    repo: casesRepo,
    engine,
    clock,
    effects,
    parallel: {
      staffExtras: (c, actor) => parallel.staffExtras(c, actor),
      applicantExtras: (c) => parallel.applicantExtras(c),
    },
    fileMeta: async (ids) =>
      (await files.repository.findMany(db, ids)).map((f) => ({
        id: f.id,
        name: f.name,
        size: f.size,
        mime: f.mime,
        sha256: f.sha256,
      })),
  });
  const applications = createApplicationsService({
    db,
    repo: casesRepo,
    engine,
    effects,
    views,
    audit,
    syncCase,
    log,
    parallel: {
      waivedMaterials: (exec, item) => parallel.waivedMaterials(exec, item),
      startVariables: (trx, c, item) => parallel.startVariables(trx, c, item),
    },
    files: {
      ownedUnattached: async (trx, ids, ownerId) =>
        (await files.repository.findOwnedUnattached(trx, ids, ownerId)).map((f) => f.id),
      ofCase: (trx, caseId, ownerId) => files.repository.materialIdsOfCase(trx, caseId, ownerId),
      attach: async (trx, ids, caseId) => {
        await files.repository.attachToCase(trx, ids, caseId);
      },
      detach: (trx, caseId, keep) => files.repository.detachMaterials(trx, caseId, keep),
    },
  });
  const tasks = createTasksService({
    db,
    repo: casesRepo,
    engine,
    effects,
    views,
    audit,
    syncCase,
    auditTrail: (caseNo) => auditRepo.forCase(caseNo),
    parallel: {
      participates: (actor, c) => parallel.participates(actor, c),
      onTaskAction: (trx, a) => parallel.onTaskAction(trx, a),
    },
  });
  parallel = createParallelService({
    db,
    repo: casesRepo,
    branches: branchesRepo,
    engine,
    clock,
    effects,
    audit,
    syncCase,
    noticePrefix: config.cases.noticePrefix,
    files: {
      ownedUnattached: async (trx, ids, ownerId) =>
        (await files.repository.findOwnedUnattached(trx, ids, ownerId)).map((f) => f.id),
      attach: async (trx, ids, caseId) => {
        await files.repository.attachToCase(trx, ids, caseId);
      },
    },
  });
  const topics = createTopicsService({
    db,
    repo: casesRepo,
    clock,
    calendar,
    effects,
    noticePrefix: config.cases.noticePrefix,
    correctionDeadlineDays: config.cases.correctionDeadlineDays,
    log,
    audit,
    extensions: createParallelTopics({
      repo: casesRepo,
      branches: branchesRepo,
      clock,
      calendar,
      effects,
      noticePrefix: config.cases.noticePrefix,
      correctionDeadlineDays: config.cases.correctionDeadlineDays,
      notifyUser: async (trx, n) => {
        await notifications.service.enqueue(trx, n);
      },
    }),
  });

  const workerToken = config.workerToken ? Buffer.from(config.workerToken) : null;
  const router = new ApiRouter(
    {
      verify: (token) => {
        if (!workerToken || !token) return false;
        const given = Buffer.from(token);
        return given.length === workerToken.length && timingSafeEqual(given, workerToken);
      },
    },
    (req, status) => audit.flushPending(req, status),
  );
  registerHealthRoutes(router, {
    db,
    dbKind: config.db.kind,
    engine,
    workers,
    staleSeconds: config.workers.staleSeconds,
  });
  registerAuthRoutes(router, auth);
  registerCalendarRoutes(router, calendar);
  registerAuditRoutes(router, auditRepo);
  registerProcessRoutes(router, processes);
  registerAdminRoutes(router, admin);
  registerItemRoutes(router, items, processes);
  registerInternalRoutes(router, workers);
  files.registerRoutes(router);
  notifications.registerRoutes(router);
  registerApplicationRoutes(router, applications, {
    files: files.service,
    publicBaseUrl: config.publicBaseUrl,
    progressPerMinute: config.auth.progressPerMinute,
  });
  registerConsoleRoutes(router, tasks);
  registerTopicRoutes(router, topics, syncCase);
  registerParallelRoutes(router, parallel, applications);

  const app: Express = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming && /^[A-Za-z0-9_.-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    state(req).requestId = id;
    res.setHeader('X-Request-Id', id);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req) => state(req as express.Request).requestId,
      customProps: (req) => ({ actor: state(req as express.Request).actor?.username }),
      serializers: {
        req: (r: { method: string; url: string }) => ({
          method: r.method,
          url: r.url.replace(/queryCode=[^&]*/g, 'queryCode=[redacted]'),
        }),
        res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/api/v1/health' || !req.url?.startsWith('/api/') },
    }),
  );
  app.use('/api', express.json({ limit: '3mb' }));
  app.use('/api', authenticate(auth));
  app.use(audit.middleware());

  const openapi = router.openApiDocument(API_VERSION);
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  app.get(['/api/docs', '/api/docs/'], (_req, res) => {
    res.type('html').send(SWAGGER_HTML);
  });
  app.use('/api/docs', express.static(swaggerDir, { index: false }));
  router.mount(app);
  app.use('/api', notFoundHandler);

  if (fs.existsSync(path.join(config.webDist, 'index.html'))) {
    app.use(express.static(config.webDist, { index: false, maxAge: '1h' }));
    // The console is a single-page app: every other GET gets its shell.
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(path.join(config.webDist, 'index.html')));
  }
  app.use(notFoundHandler);
  app.use(errorHandler(log, (req, status) => audit.flushPending(req, status)));

  return { app, router, engine, processes, audit, auth, calendar, notifications, syncCase, reconcile, casesRepo };
}

const SWAGGER_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="UTF-8"><title>通办 API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui" });</script></body></html>`;
