import type { TopicDefinition } from '@tongban/contracts';
import { ContractViolationError } from '../errors.js';
import type { TopicResult } from './types.js';

/**
 * Holds a handler's result to the topic registry: only declared outputs are set and only declared
 * BPMN error codes are thrown (an undeclared code may find no catching event in the diagram).
 * Messages name variables, never their values.
 */
export function assertResultHonoursTopic(topic: TopicDefinition, result: TopicResult): void {
  const { bpmnError } = result;
  if (bpmnError && !topic.bpmnErrors.includes(bpmnError.code)) {
    throw new ContractViolationError(
      `${topic.name} may not throw BPMN error ${bpmnError.code} (declared: ${topic.bpmnErrors.join(', ') || 'none'})`,
    );
  }
  const names = [
    ...Object.keys(result.variables ?? {}),
    ...Object.keys(result.localVariables ?? {}),
    ...Object.keys(bpmnError?.variables ?? {}),
  ];
  const undeclared = [...new Set(names.filter((name) => !topic.outputs.includes(name)))];
  if (undeclared.length > 0) {
    throw new ContractViolationError(
      `${topic.name} may not set ${undeclared.join(', ')} (declared outputs: ${topic.outputs.join(', ') || 'none'})`,
    );
  }
}
