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

export interface EngineTask {
  id: string;
  name: string | null;
  assignee: string | null;
  owner: string | null;
  created: string;
  due: string | null;
  delegationState: 'PENDING' | 'RESOLVED' | null;
  processInstanceId: string;
  processDefinitionId: string;
  taskDefinitionKey: string;
}

export interface HistoricActivity {
  id: string;
  activityId: string;
  activityName: string | null;
  activityType: string;
  assignee: string | null;
  startTime: string;
  endTime: string | null;
  durationInMillis: number | null;
  canceled: boolean;
  taskId: string | null;
}

type VariableValue = { value: unknown; type: string };

/** Formats a Date the way the engine's REST API parses it (an offset, not `Z`). */
export function engineDate(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

/** Plain values → Camunda typed variables. Objects and arrays go as JSON (Spin). */
export function toEngineVariables(vars: Record<string, unknown>): Record<string, VariableValue> {
  const out: Record<string, VariableValue> = {};
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) continue;
    if (v === null) out[k] = { value: null, type: 'Null' };
    else if (typeof v === 'string') out[k] = { value: v, type: 'String' };
    else if (typeof v === 'boolean') out[k] = { value: v, type: 'Boolean' };
    else if (typeof v === 'number')
      out[k] = Number.isInteger(v) ? { value: v, type: 'Long' } : { value: v, type: 'Double' };
    else if (v instanceof Date) out[k] = { value: engineDate(v), type: 'Date' };
    else out[k] = { value: JSON.stringify(v), type: 'Json' };
  }
  return out;
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

  startProcess(
    key: string,
    businessKey: string,
    variables: Record<string, unknown>,
    actor?: string,
  ): Promise<{ id: string; definitionId: string }> {
    return this.request('POST', `/process-definition/key/${encodeURIComponent(key)}/start`, {
      body: { businessKey, variables: toEngineVariables(variables) },
      actor,
    });
  }

  /** Running process instances with this business key (Tongban's case number). */
  instancesByBusinessKey(businessKey: string): Promise<{ id: string }[]> {
    return this.request('GET', `/process-instance?businessKey=${encodeURIComponent(businessKey)}`);
  }

  deleteProcessInstance(id: string): Promise<void> {
    return this.request(
      'DELETE',
      `/process-instance/${encodeURIComponent(id)}?skipCustomListeners=true&failIfNotExists=false`,
    );
  }

  /** Open user tasks of one process instance. */
  tasksOfInstance(processInstanceId: string): Promise<EngineTask[]> {
    return this.request(
      'GET',
      `/task?processInstanceId=${encodeURIComponent(processInstanceId)}&sortBy=created&sortOrder=asc`,
    );
  }

  claim(taskId: string, userId: string): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(taskId)}/claim`, { body: { userId }, actor: userId });
  }

  unclaim(taskId: string, actor: string): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(taskId)}/unclaim`, { actor });
  }

  setAssignee(taskId: string, userId: string, actor: string): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(taskId)}/assignee`, { body: { userId }, actor });
  }

  delegate(taskId: string, userId: string, actor: string): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(taskId)}/delegate`, { body: { userId }, actor });
  }

  resolve(taskId: string, variables: Record<string, unknown>, actor: string): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(taskId)}/resolve`, {
      body: { variables: toEngineVariables(variables) },
      actor,
    });
  }

  complete(taskId: string, variables: Record<string, unknown>, actor: string): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(taskId)}/complete`, {
      body: { variables: toEngineVariables(variables) },
      actor,
    });
  }

  /**
   * Correlates a message to one process instance (by id, never by business key: a key is unique
   * only within one API database); 400 from the engine when nobody waits.
   */
  async correlate(
    messageName: string,
    processInstanceId: string,
    variables: Record<string, unknown>,
    actor?: string,
  ): Promise<void> {
    // A worker may be completing a step of the same instance at this moment; the engine then
    // answers with an optimistic-locking conflict and the correlation is safe to repeat (~5 s).
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.request('POST', '/message', {
          body: { messageName, processInstanceId, processVariables: toEngineVariables(variables) },
          actor,
        });
      } catch (err) {
        // Also when nobody waits yet: the worker that moves the instance to the waiting point
        // may be a few milliseconds behind the status the applicant already sees.
        const retriable =
          err instanceof EngineError &&
          (err.type === 'OptimisticLockingException' ||
            err.type === 'MismatchingMessageCorrelationException' ||
            (err.status === 400 && /correlat/i.test(err.engineMessage)));
        if (!retriable || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, Math.min(500, 50 * attempt)));
      }
    }
  }

  /** The candidate groups of one user task (its identity links of type candidate). */
  async candidateGroupsOf(taskId: string): Promise<string[]> {
    const links = await this.request<{ groupId: string | null; type: string }[]>(
      'GET',
      `/task/${encodeURIComponent(taskId)}/identity-links?type=candidate`,
    );
    return links.map((l) => l.groupId).filter((g): g is string => !!g);
  }

  /**
   * How a task ended in the engine: `deleteReason` 'completed' for a completed task (anything else
   * for a cancelled one), and who completed it (the operation log's user, which X-Tongban-Actor
   * names, else the task's assignee). Null when the engine has no history of the task.
   */
  async taskEnding(
    taskId: string,
  ): Promise<{ endTime: string | null; deleteReason: string | null; completedBy: string | null } | null> {
    const id = encodeURIComponent(taskId);
    const [h] = await this.request<{ endTime: string | null; deleteReason: string | null; assignee: string | null }[]>(
      'GET',
      `/history/task?taskId=${id}`,
    );
    if (!h) return null;
    const ops = await this.request<{ userId: string | null }[]>(
      'GET',
      `/history/user-operation?taskId=${id}&operationType=Complete`,
    );
    return { endTime: h.endTime, deleteReason: h.deleteReason, completedBy: ops[0]?.userId ?? h.assignee ?? null };
  }

  historicActivities(processInstanceId: string): Promise<HistoricActivity[]> {
    return this.request(
      'GET',
      `/history/activity-instance?processInstanceId=${encodeURIComponent(processInstanceId)}&sortBy=startTime&sortOrder=asc`,
    );
  }

  historicOperations(processInstanceId: string): Promise<
    {
      id: string;
      userId: string | null;
      timestamp: string;
      operationType: string;
      property: string | null;
      newValue: string | null;
      taskId: string | null;
    }[]
  > {
    return this.request(
      'GET',
      `/history/user-operation?processInstanceId=${encodeURIComponent(processInstanceId)}&sortBy=timestamp&sortOrder=asc`,
    );
  }

  jobsOfInstance(processInstanceId: string): Promise<{ id: string; dueDate: string | null }[]> {
    return this.request('GET', `/job?processInstanceId=${encodeURIComponent(processInstanceId)}`);
  }

  setJobDueDate(jobId: string, due: Date): Promise<void> {
    return this.request('PUT', `/job/${encodeURIComponent(jobId)}/duedate`, { body: { duedate: engineDate(due) } });
  }

  executeJob(jobId: string): Promise<void> {
    return this.request('POST', `/job/${encodeURIComponent(jobId)}/execute`);
  }
}
