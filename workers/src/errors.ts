/**
 * Failures a topic handler reports. `transient` failures may pass on a later delivery; permanent
 * ones will not, but still go through the engine's retries so an operator sees an incident.
 */
export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly status?: number,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiCallError';
  }
}

/** A handler's result that breaks the topic registry (undeclared output or BPMN error code). */
export class ContractViolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolationError';
  }
}

export interface FailureDescription {
  message: string;
  details: string;
  transient: boolean;
}

/** What goes to the engine's failure record: no variable values, only what explains the failure. */
export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof ApiCallError) {
    const details = [
      `kind: ${error.transient ? 'transient' : 'permanent'}`,
      error.status === undefined ? undefined : `status: ${error.status}`,
      error.code === undefined ? undefined : `code: ${error.code}`,
    ].filter((line) => line !== undefined);
    return { message: error.message, details: details.join('\n'), transient: error.transient };
  }
  if (error instanceof ContractViolationError) {
    return { message: error.message, details: 'kind: contract violation', transient: false };
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { message: error.message, details: 'kind: transient (timeout)', transient: true };
  }
  // Anything else is a bug in the worker: a later delivery will most likely fail the same way.
  if (error instanceof Error) {
    return { message: error.message, details: error.stack ?? error.message, transient: false };
  }
  return { message: String(error), details: 'kind: unexpected', transient: false };
}
