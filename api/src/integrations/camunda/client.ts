import { AppError } from '../../errors.js';

export interface CamundaConfig {
  url: string;
  user: string;
  password: string;
  timeoutMs: number;
}

export interface ProcessDefinition {
  id: string;
  key: string;
  name: string | null;
  version: number;
  deploymentId: string;
  resource: string;
}

export interface DeploymentResult {
  id: string;
  name: string | null;
  deploymentTime: string;
  deployedProcessDefinitions: Record<string, ProcessDefinition> | null;
}

/** A Camunda REST error translated by its exception `type` (the engine answers 500 for conflicts). */
export class EngineError extends Error {
  constructor(
    readonly status: number,
    readonly type: string | undefined,
    readonly engineMessage: string,
  ) {
    super(`engine ${status} ${type ?? ''}: ${engineMessage}`);
    this.name = 'EngineError';
  }
}

/** Maps an engine failure to the public error codes; engine messages never reach a client. */
export function translateEngineError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof EngineError) {
    switch (err.type) {
      case 'TaskAlreadyClaimedException':
        return new AppError('TASK_ALREADY_CLAIMED', '该任务已被他人签收');
      case 'OptimisticLockingException':
        return new AppError('CONFLICT', '该办件刚被他人处理，请刷新后重试');
      case 'NullValueException':
      case 'NotFoundException':
      case 'InvalidRequestException':
        if (err.status === 404 || /not found|does not exist|Cannot find/i.test(err.engineMessage)) {
          return new AppError('TASK_GONE', '任务已不存在，可能已被处理');
        }
    }
    if (err.status === 404) return new AppError('NOT_FOUND', '流程引擎中不存在该对象');
    if (err.status >= 500) return new AppError('ENGINE_UNAVAILABLE', '流程引擎暂时不可用，请稍后重试');
    return new AppError('CONFLICT', '流程引擎拒绝了该操作');
  }
  return new AppError('ENGINE_UNAVAILABLE', '流程引擎暂时不可用，请稍后重试');
}

/**
 * The one Camunda 7 REST client of the API. Talks only to /engine-rest so that Operaton can
 * replace the engine. `actor` is sent as X-Tongban-Actor so the engine's operation log names the clerk.
 */
export class CamundaClient {
  private readonly auth: string;
  constructor(private readonly cfg: CamundaConfig) {
    this.auth = 'Basic ' + Buffer.from(`${cfg.user}:${cfg.password}`).toString('base64');
  }

  async request<T>(
    method: string,
    path: string,
    opts: { body?: unknown; form?: FormData; actor?: string; timeoutMs?: number } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { Authorization: this.auth, Accept: 'application/json' };
    if (opts.actor) headers['X-Tongban-Actor'] = opts.actor;
    let body: BodyInit | undefined;
    if (opts.form) body = opts.form;
    else if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await fetch(this.cfg.url + path, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? this.cfg.timeoutMs),
      });
    } catch (cause) {
      throw new EngineError(503, 'Unreachable', (cause as Error).message);
    }
    const text = await res.text();
    if (!res.ok) {
      let type: string | undefined;
      let message = text;
      try {
        const parsed = JSON.parse(text) as { type?: string; message?: string };
        type = parsed.type;
        message = parsed.message ?? text;
      } catch {
        /* not JSON: keep the text */
      }
      throw new EngineError(res.status, type, message);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  version(): Promise<{ version: string }> {
    return this.request('GET', '/version', { timeoutMs: 3000 });
  }

  /** Deploys with duplicate filtering: unchanged resources create no new version. */
  deploy(name: string, resources: { name: string; content: string }[], source: string): Promise<DeploymentResult> {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('deployment-source', source);
    form.set('enable-duplicate-filtering', 'true');
    form.set('deploy-changed-only', 'true');
    for (const r of resources) form.set(r.name, new Blob([r.content], { type: 'application/xml' }), r.name);
    return this.request('POST', '/deployment/create', { form, timeoutMs: 60000 });
  }

  processDefinitions(query: { key?: string; latestVersion?: boolean } = {}): Promise<ProcessDefinition[]> {
    const qs = new URLSearchParams({ sortBy: 'version', sortOrder: 'asc' });
    if (query.key) qs.set('key', query.key);
    if (query.latestVersion) qs.set('latestVersion', 'true');
    return this.request('GET', `/process-definition?${qs}`);
  }

  processDefinitionXml(id: string): Promise<{ id: string; bpmn20Xml: string }> {
    return this.request('GET', `/process-definition/${encodeURIComponent(id)}/xml`);
  }
}
