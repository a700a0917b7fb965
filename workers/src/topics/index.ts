import type { TopicDefinition, TopicName } from '@tongban/contracts';
import { forwardToApi } from './forward-to-api/handler.js';
import type { TopicHandler } from './types.js';

/** Keyed by the registry's names: a registry topic without a handler does not compile. */
export type TopicHandlers = { readonly [Name in TopicName]: TopicHandler };

export const topicHandlers: TopicHandlers = {
  'tongban.case.accepted': forwardToApi,
  'tongban.case.notAccepted': forwardToApi,
  'tongban.correction.notice': forwardToApi,
  'tongban.correction.expired': forwardToApi,
  'tongban.correction.received': forwardToApi,
  'tongban.special.start': forwardToApi,
  'tongban.special.end': forwardToApi,
  'tongban.decision.document': forwardToApi,
  'tongban.case.completed': forwardToApi,
  'tongban.case.terminated': forwardToApi,
  'tongban.branch.started': forwardToApi,
  'tongban.branch.correctionNotice': forwardToApi,
  'tongban.branch.correctionReceived': forwardToApi,
  'tongban.branch.specialStart': forwardToApi,
  'tongban.branch.specialEnd': forwardToApi,
  'tongban.branch.decided': forwardToApi,
  'tongban.parallel.joined': forwardToApi,
  'tongban.parallel.document': forwardToApi,
};

/**
 * The start-up check behind the type: the registry and the handler map name the same topics.
 * Throws with the names on either side that have no counterpart.
 */
export function assertHandlersMatchRegistry(
  registry: readonly Pick<TopicDefinition, 'name'>[],
  handlers: Readonly<Record<string, TopicHandler | undefined>>,
): void {
  const registered = new Set(registry.map((topic) => topic.name));
  const missing = [...registered].filter((name) => typeof handlers[name] !== 'function');
  const unknown = Object.keys(handlers).filter((name) => !registered.has(name));
  const problems = [
    missing.length > 0 ? `no handler for ${missing.join(', ')}` : undefined,
    unknown.length > 0 ? `handlers for topics not in the registry: ${unknown.join(', ')}` : undefined,
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(`Topic handlers do not match the registry: ${problems.join('; ')}`);
}
