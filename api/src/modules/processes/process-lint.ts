import { createRequire } from 'node:module';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import { PROCESS_LINT_CONFIG, TONGBAN_LINT_PACKAGE, TONGBAN_LINT_RULES } from '@tongban/contracts';

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

/**
 * Resolves bpmnlint's own rules and configs and the camunda-compat plug-in from node_modules, and
 * the `tongban/` rules from the shared contracts (the console's designer runs the same set).
 */
class LintResolver {
  private readonly node = new NodeResolver();
  resolveRule(pkg: string, ruleName: string): unknown {
    if (pkg === TONGBAN_LINT_PACKAGE) return TONGBAN_LINT_RULES[ruleName];
    return this.node.resolveRule(pkg, ruleName);
  }
  resolveConfig(pkg: string, configName: string): unknown {
    return this.node.resolveConfig(pkg, configName);
  }
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
  const reports = await new Linter({ config: PROCESS_LINT_CONFIG, resolver: new LintResolver() }).lint(definitions);
  for (const [rule, list] of Object.entries(reports)) {
    for (const r of list)
      if (r.category === 'error') problems.push({ elementId: r.id ?? '', message: r.message, rule });
  }
  const proc = ((definitions.rootElements as ModdleElement[]) ?? []).find((e) => e.$type === 'bpmn:Process');
  return { key: proc?.id ?? '', name: proc?.name ?? null, problems };
}
