import { Variables, type Task, type TaskHandler, type TaskService } from 'camunda-external-task-client-js';
import type { TopicDefinition, TopicName } from '@tongban/contracts';
import type { Logger } from 'pino';
import { describeFailure, type FailureDescription } from './errors.js';
import { assertResultHonoursTopic } from './topics/contract.js';
import type { ApiPort, TopicHandler, TopicInput, TopicResult } from './topics/types.js';

export interface AdapterOptions {
  topic: TopicDefinition & { name: TopicName };
  handler: TopicHandler;
  api: ApiPort;
  workerId: string;
  /** Retries of a task that has not failed yet (WORKER_RETRIES). */
  retries: number;
  /** Back-off of the first retry; doubles with every further failure (WORKER_RETRY_BASE_MS). */
  retryBaseMs: number;
  logger: Logger;
}

const MAX_RETRY_TIMEOUT_MS = 10 * 60_000;

/**
 * Retries left after this failure, and the pause before the next delivery: base · 2^attempt where
 * attempt counts the failures already reported (0 for the first), capped at ten minutes.
 */
export function retryPlan(
  taskRetries: number | null | undefined,
  configuredRetries: number,
  baseMs: number,
): { retries: number; retryTimeout: number } {
  const before = taskRetries ?? configuredRetries;
  const attempt = Math.max(0, configuredRetries - before);
  return {
    retries: Math.max(0, before - 1),
    retryTimeout: Math.min(baseMs * 2 ** attempt, MAX_RETRY_TIMEOUT_MS),
  };
}

/** All process variables as plain values. File variables are left out: files live in the API. */
function plainVariables(task: Task): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [name, typed] of Object.entries(task.variables.getAllTyped())) {
    if (typed.type !== 'file') plain[name] = typed.value;
  }
  return plain;
}

function toInput(task: Task, topic: TopicName, workerId: string): TopicInput {
  return {
    taskId: task.id,
    topic,
    workerId,
    processInstanceId: task.processInstanceId,
    processDefinitionId: task.processDefinitionId,
    processDefinitionKey: task.processDefinitionKey,
    activityId: task.activityId,
    businessKey: task.businessKey ?? null,
    retries: task.retries ?? null,
    variables: plainVariables(task),
  };
}

/** `setAll` types each value (objects and arrays as json); undefined when there is nothing to send. */
function toVariables(values: Record<string, unknown> | undefined): Variables | undefined {
  return values && Object.keys(values).length > 0 ? new Variables().setAll(values) : undefined;
}

/** The engine's answer to a rejected call, when there was one (absent for network errors). */
function engineRefusal(error: unknown): { status: number; type?: string; message?: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { httpStatusCode, type, engineMsg } = error as {
    httpStatusCode?: unknown;
    type?: unknown;
    engineMsg?: unknown;
  };
  if (typeof httpStatusCode !== 'number') return undefined;
  return {
    status: httpStatusCode,
    type: typeof type === 'string' ? type : undefined,
    message: typeof engineMsg === 'string' ? engineMsg : undefined,
  };
}

/**
 * Wraps a topic handler for the client: runs it, then completes the task, throws its BPMN error,
 * or reports the failure with retries and back-off. Never rejects, because the client would
 * swallow the error and leave the task locked until the lock expires.
 */
export function createTopicAdapter(options: AdapterOptions): TaskHandler {
  const { topic, handler, api, workerId, logger } = options;
  // The answer must reach the engine while this worker still holds the lock.
  const handlerTimeoutMs = Math.floor(topic.lockDuration / 2);

  async function reportFailure(
    task: Task,
    taskService: TaskService,
    failure: FailureDescription,
    log: Logger,
  ): Promise<void> {
    const { retries, retryTimeout } = retryPlan(task.retries, options.retries, options.retryBaseMs);
    log[failure.transient ? 'warn' : 'error'](
      { error: failure.message, transient: failure.transient, retries, retryTimeout },
      retries === 0 ? 'task failed, no retries left: incident' : 'task failed, will be retried',
    );
    try {
      await taskService.handleFailure(task, {
        errorMessage: failure.message,
        errorDetails: failure.details,
        retries,
        retryTimeout,
      });
    } catch (reportError) {
      const refusal = engineRefusal(reportError);
      log.error(
        { engineStatus: refusal?.status ?? 'unreachable', engineType: refusal?.type },
        'could not report the failure; the task returns when its lock expires',
      );
    }
  }

  async function settle(task: Task, taskService: TaskService, result: TopicResult, log: Logger): Promise<void> {
    try {
      if (result.bpmnError) {
        const { code, message, variables } = result.bpmnError;
        await taskService.handleBpmnError(task, code, message, toVariables(variables));
        log.info({ bpmnError: code }, 'BPMN error thrown');
      } else {
        await taskService.complete(task, toVariables(result.variables), toVariables(result.localVariables));
        log.info({ outputs: Object.keys({ ...result.variables, ...result.localVariables }) }, 'task completed');
        if (task.businessKey && api.syncCase) {
          // Best effort: the API also reconciles on its own, so a failure here only delays a list.
          await api.syncCase(task.businessKey).catch((error: unknown) => {
            log.warn(
              { error: error instanceof Error ? error.message : String(error) },
              'case sync after completion failed',
            );
          });
        }
      }
    } catch (error) {
      const refusal = engineRefusal(error);
      if (!refusal) {
        log.warn('engine unreachable while settling the task; it returns when its lock expires');
      } else if (refusal.status === 404) {
        log.warn({ engineStatus: refusal.status }, 'task no longer exists (cancelled, or settled by another delivery)');
      } else {
        // Lock lost, optimistic locking at a join, a variable the engine cannot store: record a
        // failure so the task is retried or becomes an incident instead of returning forever. The
        // engine's message may quote a variable value, so it goes to the engine's record, not the log.
        const summary = `engine refused to settle the task: ${refusal.status} ${refusal.type ?? ''}`.trim();
        log.error({ engineStatus: refusal.status, engineType: refusal.type }, 'engine refused to settle the task');
        await reportFailure(
          task,
          taskService,
          { message: summary, details: refusal.message ?? summary, transient: refusal.status >= 500 },
          log,
        );
      }
    }
  }

  return async ({ task, taskService }) => {
    let log = logger;
    try {
      log = logger.child({
        topic: topic.name,
        taskId: task.id,
        processInstanceId: task.processInstanceId,
        businessKey: task.businessKey ?? null,
      });
      // Its time is the pickup end point of `npm run bench -- pickup`.
      log.debug('task started');
      let result: TopicResult;
      const deadline = new AbortController();
      const timer = setTimeout(
        () => deadline.abort(new DOMException(`handler timed out after ${handlerTimeoutMs} ms`, 'TimeoutError')),
        handlerTimeoutMs,
      );
      try {
        result = await handler(toInput(task, topic.name, workerId), { api, signal: deadline.signal });
        assertResultHonoursTopic(topic, result);
      } catch (error) {
        await reportFailure(task, taskService, describeFailure(error), log);
        return;
      } finally {
        clearTimeout(timer);
      }
      await settle(task, taskService, result, log);
    } catch (error) {
      log.error({ error: error instanceof Error ? error.message : String(error) }, 'task adapter failed');
    }
  };
}
