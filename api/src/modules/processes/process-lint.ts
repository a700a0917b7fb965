import { createRequire } from 'node:module';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import { isKnownTopic } from '@tongban/contracts';

const require = createRequire(import.meta.url);
const camundaModdle = require('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;

export interface LintProblem {
  elementId: string;
  message: string;
  rule: string;
}

export interface ParsedProcess {
  key: string;
  name: string | null;
  problems: LintProblem[];
}

/** bpmnlint's recommended rules plus the Camunda 7.24 compatibility rules. */
const LINT_CONFIG = { extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-platform-7-24'] };

function* walk(el: ModdleElement): Generator<ModdleElement> {
  yield el;
  for (const child of [
    ...((el.flowElements as ModdleElement[]) ?? []),
    ...((el.rootElements as ModdleElement[]) ?? []),
  ]) {
    yield* walk(child);
  }
}

/**
 * Tongban's own rules on top of bpmnlint: every external task names a registered topic, every
 * user task has candidate groups (or an assignee expression), every executable process has a
 * history time-to-live.
 */
function tongbanRules(definitions: ModdleElement): LintProblem[] {
  const problems: LintProblem[] = [];
  const processes = ((definitions.rootElements as ModdleElement[]) ?? []).filter((e) => e.$type === 'bpmn:Process');
  if (processes.length === 0)
    problems.push({
      elementId: definitions.id ?? '',
      message: 'no process in the diagram',
      rule: 'tongban/process-required',
    });
  for (const p of processes) {
    if (!p.isExecutable)
      problems.push({
        elementId: p.id ?? '',
        message: 'process must be executable (isExecutable="true")',
        rule: 'tongban/executable',
      });
    if (!p.get('camunda:historyTimeToLive')) {
      problems.push({
        elementId: p.id ?? '',
        message: 'process needs a history time-to-live (camunda:historyTimeToLive)',
        rule: 'tongban/history-ttl',
      });
    }
    for (const el of walk(p)) {
      const type = el.get('camunda:type');
      if ((el.$type === 'bpmn:ServiceTask' || el.$type === 'bpmn:SendTask') && type === 'external') {
        const topic = el.get('camunda:topic') as string | undefined;
        if (!topic || !isKnownTopic(topic)) {
          problems.push({
            elementId: el.id ?? '',
            message: `unknown worker topic "${topic ?? ''}"`,
            rule: 'tongban/known-topic',
          });
        }
      }
      // No Java in the engine: every service task is an external task for the workers.
      if (el.$type === 'bpmn:ServiceTask' && type !== 'external') {
        problems.push({
          elementId: el.id ?? '',
          message: 'service task must be an external task with a registered topic',
          rule: 'tongban/external-only',
        });
      }
      if (el.$type === 'bpmn:UserTask' && !el.get('camunda:candidateGroups') && !el.get('camunda:assignee')) {
        problems.push({
          elementId: el.id ?? '',
          message: 'user task needs candidate groups',
          rule: 'tongban/candidate-groups',
        });
      }
    }
  }
  return problems;
}

/** Parses and lints one BPMN document; returns its process key and every problem found. */
export async function lintBpmn(xml: string): Promise<ParsedProcess> {
  const moddle = new BpmnModdle({ camunda: camundaModdle });
  let definitions: ModdleElement;
  try {
    ({ rootElement: definitions } = await moddle.fromXML(xml));
  } catch (err) {
    return {
      key: '',
      name: null,
      problems: [
        { elementId: '', message: `not a BPMN 2.0 document: ${(err as Error).message}`, rule: 'tongban/parse' },
      ],
    };
  }
  const problems: LintProblem[] = [];
  // A fresh linter per document: some bpmnlint rules keep state between runs.
  const reports = await new Linter({ config: LINT_CONFIG, resolver: new NodeResolver() }).lint(definitions);
  for (const [rule, list] of Object.entries(reports)) {
    for (const r of list)
      if (r.category === 'error') problems.push({ elementId: r.id ?? '', message: r.message, rule });
  }
  problems.push(...tongbanRules(definitions));
  const proc = ((definitions.rootElements as ModdleElement[]) ?? []).find((e) => e.$type === 'bpmn:Process');
  return { key: proc?.id ?? '', name: proc?.name ?? null, problems };
}
