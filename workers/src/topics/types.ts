import { z } from 'zod';
import type { TopicName } from '@tongban/contracts';

const VariableMap = z.record(z.string(), z.unknown());

/** What the API answers for a topic: variables to set, or a BPMN error for the diagram to catch. */
export const TopicResultSchema = z.object({
  variables: VariableMap.optional(),
  localVariables: VariableMap.optional(),
  bpmnError: z
    .object({
      code: z.string().min(1),
      message: z.string().optional(),
      variables: VariableMap.optional(),
    })
    .optional(),
});
export type TopicResult = z.infer<typeof TopicResultSchema>;

/** One delivery of an external task, as the API's internal topic endpoint receives it. */
export interface TopicInput {
  taskId: string;
  topic: TopicName;
  workerId: string;
  processInstanceId: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  activityId: string;
  /** The case number. */
  businessKey: string | null;
  /** Retries left before this delivery; null on the first one. */
  retries: number | null;
  variables: Record<string, unknown>;
}

export interface WorkerHeartbeat {
  workerId: string;
  topics: string[];
  host: string;
  pid: number;
  stopping?: boolean;
}

/** The worker's only way to the API; tests replace it with a fake. */
export interface ApiPort {
  runTopic(input: TopicInput, options?: { signal?: AbortSignal }): Promise<TopicResult>;
  heartbeat(beat: WorkerHeartbeat): Promise<void>;
  /** Tells the API the engine moved on for this case, so its task lists follow at once. */
  syncCase?(caseNo: string): Promise<void>;
}

export interface TopicDeps {
  api: ApiPort;
  /** Aborts when the delivery must give up, well before the task's lock expires. */
  signal?: AbortSignal;
}

/** A topic's logic: typed input in, variables or a BPMN error out; throws to report a failure. */
export type TopicHandler = (input: TopicInput, deps: TopicDeps) => Promise<TopicResult>;
