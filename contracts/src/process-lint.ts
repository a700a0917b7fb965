import { isKnownTopic } from './topics.js';

/**
 * The lint configuration of BPMN diagrams, shared by the API (which refuses to deploy a diagram
 * with an error) and the console's designer (which shows the same problems while one draws):
 * bpmnlint's recommended rules, the Camunda 7.24 compatibility rules and Tongban's own rules
 * (package `bpmnlint-plugin-tongban`, written `tongban/<rule>`).
 */
export const PROCESS_LINT_CONFIG = {
  extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-platform-7-24'],
  rules: {
    'tongban/process-required': 'error',
    'tongban/executable': 'error',
    'tongban/history-ttl': 'error',
    'tongban/known-topic': 'error',
    'tongban/external-only': 'error',
    'tongban/candidate-groups': 'error',
  },
} as const;

/** The package name bpmnlint derives from the `tongban/` prefix. */
export const TONGBAN_LINT_PACKAGE = 'bpmnlint-plugin-tongban';

/** The part of a bpmn-moddle element the rules read. */
export interface LintNode {
  $type: string;
  id?: string;
  get(name: string): unknown;
  [key: string]: unknown;
}

export interface LintReporter {
  report(id: string | undefined, message: string): void;
}

export interface LintRule {
  check(node: LintNode, reporter: LintReporter): void;
}

const prop = (node: LintNode, name: string): unknown => node.get(name);

/** Tongban's rules as bpmnlint rule factories (bpmnlint calls `check` for every element). */
export const TONGBAN_LINT_RULES: Record<string, () => LintRule> = {
  'process-required': () => ({
    check(node, reporter) {
      if (node.$type !== 'bpmn:Definitions') return;
      const roots = (prop(node, 'rootElements') as LintNode[] | undefined) ?? [];
      if (!roots.some((r) => r.$type === 'bpmn:Process')) reporter.report(node.id ?? '', 'no process in the diagram');
    },
  }),
  executable: () => ({
    check(node, reporter) {
      if (node.$type === 'bpmn:Process' && !prop(node, 'isExecutable'))
        reporter.report(node.id, 'process must be executable (isExecutable="true")');
    },
  }),
  'history-ttl': () => ({
    check(node, reporter) {
      if (node.$type === 'bpmn:Process' && !prop(node, 'camunda:historyTimeToLive'))
        reporter.report(node.id, 'process needs a history time-to-live (camunda:historyTimeToLive)');
    },
  }),
  'known-topic': () => ({
    check(node, reporter) {
      if (node.$type !== 'bpmn:ServiceTask' && node.$type !== 'bpmn:SendTask') return;
      if (prop(node, 'camunda:type') !== 'external') return;
      const topic = prop(node, 'camunda:topic') as string | undefined;
      if (!topic || !isKnownTopic(topic)) reporter.report(node.id, `unknown worker topic "${topic ?? ''}"`);
    },
  }),
  // No Java in the engine: every service task is an external task for the workers.
  'external-only': () => ({
    check(node, reporter) {
      if (node.$type === 'bpmn:ServiceTask' && prop(node, 'camunda:type') !== 'external')
        reporter.report(node.id, 'service task must be an external task with a registered topic');
    },
  }),
  'candidate-groups': () => ({
    check(node, reporter) {
      if (node.$type === 'bpmn:UserTask' && !prop(node, 'camunda:candidateGroups') && !prop(node, 'camunda:assignee'))
        reporter.report(node.id, 'user task needs candidate groups');
    },
  }),
};
