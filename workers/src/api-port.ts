import { z } from 'zod';
import { ApiCallError } from './errors.js';
import { TopicResultSchema, type ApiPort, type TopicResult } from './topics/types.js';

export interface HttpApiPortOptions {
  /** API origin, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  token: string;
  /** Upper bound for one request when the caller gives no signal of its own. */
  timeoutMs?: number;
}

const ErrorBodySchema = z.object({ code: z.string(), message: z.string() });

/** 409 (a concurrent delivery holds the case) and 429 pass with time; other 4xx do not. */
function isTransientStatus(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}

async function errorFromResponse(response: Response): Promise<ApiCallError> {
  const text = await response.text().catch(() => '');
  let body: { code: string; message: string } | undefined;
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(text));
    body = parsed.success ? parsed.data : undefined;
  } catch {
    body = undefined;
  }
  const message = body
    ? `API answered ${response.status} ${body.code}: ${body.message}`
    : `API answered ${response.status} ${response.statusText}`;
  return new ApiCallError(message, isTransientStatus(response.status), response.status, body?.code);
}

/** The HTTP ApiPort: the API's internal worker endpoints, authenticated by the worker token. */
export function createHttpApiPort(options: HttpApiPortOptions): ApiPort {
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tongban-worker-token': options.token },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const reason = name === 'TimeoutError' ? 'timed out' : name === 'AbortError' ? 'call aborted' : 'unreachable';
      throw new ApiCallError(`API ${reason} (POST ${path})`, true, undefined, undefined, { cause: error });
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  return {
    async runTopic(input, { signal } = {}): Promise<TopicResult> {
      const path = `/api/v1/internal/topics/${encodeURIComponent(input.topic)}`;
      const response = await post(path, input, signal);
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw new ApiCallError(`API answer cut short (POST ${path})`, true, response.status, undefined, {
          cause: error,
        });
      }
      let json: unknown;
      try {
        json = text.trim() === '' ? {} : JSON.parse(text);
      } catch (error) {
        throw new ApiCallError(`API answered ${response.status} with invalid JSON`, false, response.status, undefined, {
          cause: error,
        });
      }
      const parsed = TopicResultSchema.safeParse(json);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
        throw new ApiCallError(`API answer does not match the topic contract: ${problems}`, false, response.status);
      }
      return parsed.data;
    },

    async heartbeat(beat): Promise<void> {
      const response = await post('/api/v1/internal/workers/heartbeat', beat);
      await response.body?.cancel();
    },

    async syncCase(caseNo): Promise<void> {
      const response = await post(`/api/v1/internal/cases/${encodeURIComponent(caseNo)}/sync`, {});
      await response.body?.cancel();
    },
  };
}
