/**
 * Types for the parts of camunda-external-task-client-js 3.1 that Tongban uses; the package ships
 * none. Written from its lib/ sources: keep them in step when the package is upgraded.
 */
declare module 'camunda-external-task-client-js' {
  import type { EventEmitter } from 'node:events';

  /** A variable as the engine's REST API carries it. */
  export interface TypedValue {
    type: string;
    value: unknown;
    valueInfo?: Record<string, unknown>;
  }

  /** The variables of a fetched task: the client creates them read-only (no setters). */
  export interface ReadonlyVariables {
    get(name: string): unknown;
    getTyped(name: string): TypedValue | null;
    /** Values deserialized: `json` parsed, `date` as Date, `file` as the client's File object. */
    getAll(): Record<string, unknown>;
    getAllTyped(): Record<string, TypedValue>;
    getDirtyVariables(): Record<string, TypedValue>;
  }

  /**
   * Variables to send to the engine. `set`/`setAll` pick the type from the value: null/undefined →
   * null, safe integers → integer or long, other numbers → double, boolean, string, Date → date,
   * any other object or array → json (stringified). Only variables set here are sent.
   */
  export class Variables implements ReadonlyVariables {
    constructor(initialVariables?: Record<string, TypedValue>, options?: { readOnly?: boolean });
    get(name: string): unknown;
    getTyped(name: string): TypedValue | null;
    getAll(): Record<string, unknown>;
    getAllTyped(): Record<string, TypedValue>;
    getDirtyVariables(): Record<string, TypedValue>;
    set(name: string, value: unknown): this;
    setTyped(name: string, typedValue: TypedValue): this;
    setTransient(name: string, value: unknown): this;
    setAll(values: Record<string, unknown>): this;
    setAllTyped(typedValues: Record<string, TypedValue>): this;
  }

  /** A locked external task as returned by fetchAndLock, with its variables wrapped. */
  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    activityId: string;
    activityInstanceId: string;
    executionId: string;
    processInstanceId: string;
    processDefinitionId: string;
    processDefinitionKey: string;
    businessKey?: string | null;
    /** null until a failure was reported for this task. */
    retries?: number | null;
    errorMessage?: string | null;
    lockExpirationTime?: string;
    priority?: number;
    tenantId?: string | null;
    variables: ReadonlyVariables;
  }

  export interface HandleFailureOptions {
    errorMessage?: string;
    errorDetails?: string;
    /** Retries left; 0 raises an incident. */
    retries?: number;
    /** Milliseconds before the task can be fetched again. */
    retryTimeout?: number;
  }

  /**
   * Every method rejects on engine errors (an Error with `httpStatusCode`, `type`, `engineMsg`
   * when the engine answered) after emitting `<method>:error` on the client.
   */
  export interface TaskService {
    complete(task: Task | string, processVariables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task | string, options: HandleFailureOptions): Promise<void>;
    handleBpmnError(
      task: Task | string,
      errorCode: string,
      errorMessage?: string,
      variables?: Variables,
    ): Promise<void>;
    extendLock(task: Task | string, newDuration: number): Promise<void>;
    unlock(task: Task | string): Promise<void>;
  }

  export interface TaskHandlerArgs {
    task: Task;
    taskService: TaskService;
  }

  /** The client awaits the handler and swallows whatever it throws. */
  export type TaskHandler = (args: TaskHandlerArgs) => Promise<void>;

  export interface RequestConfig {
    method: string;
    headers?: Record<string, string>;
    [option: string]: unknown;
  }

  export type Interceptor = (config: RequestConfig) => RequestConfig;

  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    maxParallelExecutions?: number;
    /** Pause between polls in ms. */
    interval?: number;
    /** Default lock duration in ms for subscriptions that give none. */
    lockDuration?: number;
    /** Starts polling from the constructor. */
    autoPoll?: boolean;
    /** Long polling: how long the engine may hold a fetchAndLock open, in ms. */
    asyncResponseTimeout?: number;
    usePriority?: boolean;
    interceptors?: Interceptor | Interceptor[];
    use?: ((client: Client) => void) | ((client: Client) => void)[];
  }

  export interface SubscribeOptions {
    lockDuration?: number;
    /** Variable names to fetch; all when omitted. */
    variables?: string[];
    localVariables?: boolean;
    businessKey?: string;
    processDefinitionKey?: string;
  }

  export interface TopicSubscription {
    handler: TaskHandler;
    lockDuration: number;
    unsubscribe(): void;
  }

  export class Client extends EventEmitter {
    constructor(options: ClientOptions);
    /** Read again before each poll (`interval` included). */
    options: ClientOptions;
    subscribe(topic: string, options: SubscribeOptions, handler: TaskHandler): TopicSubscription;
    subscribe(topic: string, handler: TaskHandler): TopicSubscription;
    start(): void;
    /** Stops scheduling polls; a fetchAndLock already under way still delivers its tasks. */
    stop(): void;
    on(event: 'poll:error', listener: (error: Error) => void): this;
    on(event: 'poll:success', listener: (tasks: unknown[]) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  /** `new BasicAuthInterceptor(...)` returns the interceptor function itself. */
  export const BasicAuthInterceptor: new (options: { username: string; password: string }) => Interceptor;

  /** Console logger middleware (`use: logger` or `use: logger.level('debug')`). */
  export const logger: ((client: Client) => void) & {
    level(level: 'error' | 'warn' | 'info' | 'verbose' | 'debug' | 'silly' | number): (client: Client) => void;
  };
}
