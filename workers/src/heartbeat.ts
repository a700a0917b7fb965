import type { Logger } from 'pino';
import type { ApiPort, WorkerHeartbeat } from './topics/types.js';

export interface HeartbeatOptions {
  api: Pick<ApiPort, 'heartbeat'>;
  beat: Omit<WorkerHeartbeat, 'stopping'>;
  intervalMs: number;
  logger: Logger;
}

export interface Heartbeat {
  /** Stops the beat and tells the API this worker is going away. Never rejects. */
  stop(): Promise<void>;
}

/** Tells the API, at once and then every interval, that this worker is alive; failures are only logged. */
export function startHeartbeat({ api, beat, intervalMs, logger }: HeartbeatOptions): Heartbeat {
  let inFlight: Promise<void> | undefined;

  async function send(stopping: boolean): Promise<void> {
    try {
      await api.heartbeat(stopping ? { ...beat, stopping: true } : beat);
    } catch (error) {
      logger.warn({ error: error instanceof Error ? error.message : String(error), stopping }, 'heartbeat failed');
    }
  }

  function beatOnce(): void {
    if (inFlight) return;
    inFlight = send(false).finally(() => {
      inFlight = undefined;
    });
  }

  beatOnce();
  const timer = setInterval(beatOnce, intervalMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
      await send(true);
    },
  };
}
