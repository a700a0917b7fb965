import { hostname } from 'node:os';
import { BasicAuthInterceptor, Client, type TaskHandlerArgs } from 'camunda-external-task-client-js';
import { TOPICS } from '@tongban/contracts';
import { pino } from 'pino';
import { createTopicAdapter } from './adapter.js';
import { createHttpApiPort } from './api-port.js';
import { loadConfig, type WorkerConfig } from './config.js';
import { startHeartbeat } from './heartbeat.js';
import { InFlight } from './in-flight.js';
import { assertHandlersMatchRegistry, topicHandlers } from './topics/index.js';

const HEARTBEAT_INTERVAL_MS = 10_000;
const SHUTDOWN_GRACE_MS = 15_000;

let config: WorkerConfig;
try {
  config = loadConfig();
  assertHandlersMatchRegistry(TOPICS, topicHandlers);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const logger = pino({ name: 'tongban-worker', level: config.logLevel, base: { workerId: config.workerId } });
const api = createHttpApiPort({ baseUrl: config.api.url, token: config.api.token });
const inFlight = new InFlight();
const topicNames = TOPICS.map((topic) => topic.name);

const client = new Client({
  baseUrl: config.engine.url,
  workerId: config.workerId,
  maxTasks: config.maxTasks,
  asyncResponseTimeout: config.asyncResponseTimeout,
  interval: config.pollInterval,
  autoPoll: true,
  usePriority: true,
  interceptors: new BasicAuthInterceptor({ username: config.engine.user, password: config.engine.password }),
});

// The client polls again one interval after a failed poll: report an outage once, not every poll,
// and back off while it lasts (the client reads `options.interval` at the start of each poll, so
// the change takes effect from the next wait on).
let engineDown = false;
client.on('poll:error', (error) => {
  if (!engineDown) logger.error({ error: error.message }, 'cannot fetch tasks from the engine');
  engineDown = true;
  client.options.interval = config.pollErrorBackoff;
});
client.on('poll:success', () => {
  if (engineDown) logger.info('fetching tasks from the engine again');
  engineDown = false;
  client.options.interval = config.pollInterval;
});

/** A task fetched while stopping goes back to the engine at once instead of waiting out its lock. */
async function release({ task, taskService }: TaskHandlerArgs): Promise<void> {
  try {
    await taskService.unlock(task);
  } catch {
    logger.warn({ taskId: task.id, topic: task.topicName }, 'could not unlock a task fetched while stopping');
  }
}

for (const topic of TOPICS) {
  const adapter = createTopicAdapter({
    topic,
    handler: topicHandlers[topic.name],
    api,
    workerId: config.workerId,
    retries: config.retries,
    retryBaseMs: config.retryBaseMs,
    logger,
  });
  client.subscribe(topic.name, { lockDuration: topic.lockDuration }, (args) =>
    inFlight.closed ? release(args) : inFlight.track(() => adapter(args)),
  );
}

const heartbeat = startHeartbeat({
  api,
  beat: { workerId: config.workerId, topics: topicNames, host: hostname(), pid: process.pid },
  intervalMs: HEARTBEAT_INTERVAL_MS,
  logger,
});

logger.info({ topics: topicNames }, `worker ${config.workerId} subscribed to ${topicNames.join(', ')}`);

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, running: inFlight.size }, 'stopping');
  client.stop();
  inFlight.close();
  if (!(await inFlight.drain(SHUTDOWN_GRACE_MS))) {
    logger.warn({ running: inFlight.size }, 'handlers still running; their tasks return when their locks expire');
  }
  await heartbeat.stop();
  logger.info('stopped');
  process.exit(0);
}

process.on('SIGINT', (signal) => void shutdown(signal));
process.on('SIGTERM', (signal) => void shutdown(signal));
