// The lint rules of the designer, resolved statically so the bundler can pack them: bpmnlint's
// recommended rules, the Camunda 7.24 compatibility config and Tongban's rules from the contracts.
// The configuration itself (PROCESS_LINT_CONFIG) is the one the API checks before it deploys.
import { Linter } from 'bpmnlint';
import recommended from 'bpmnlint/config/recommended';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import global from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousLabel from 'bpmnlint/rules/superfluous-label';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';
import camundaCompat from 'bpmnlint-plugin-camunda-compat';
import historyTimeToLive from 'bpmnlint-plugin-camunda-compat/rules/camunda-platform/history-time-to-live';
import { PROCESS_LINT_CONFIG, TONGBAN_LINT_PACKAGE, TONGBAN_LINT_RULES } from '@tongban/contracts';
import type { LintReports } from './lint-results';

const cache: Record<string, unknown> = {
  'config:bpmnlint/recommended': recommended,
  'config:bpmnlint-plugin-camunda-compat/camunda-platform-7-24': camundaCompat.configs['camunda-platform-7-24'],
  'rule:bpmnlint-plugin-camunda-compat/history-time-to-live': historyTimeToLive,
  'rule:bpmnlint/ad-hoc-sub-process': adHocSubProcess,
  'rule:bpmnlint/conditional-flows': conditionalFlows,
  'rule:bpmnlint/end-event-required': endEventRequired,
  'rule:bpmnlint/event-based-gateway': eventBasedGateway,
  'rule:bpmnlint/event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'rule:bpmnlint/fake-join': fakeJoin,
  'rule:bpmnlint/global': global,
  'rule:bpmnlint/label-required': labelRequired,
  'rule:bpmnlint/link-event': linkEvent,
  'rule:bpmnlint/no-bpmndi': noBpmndi,
  'rule:bpmnlint/no-complex-gateway': noComplexGateway,
  'rule:bpmnlint/no-disconnected': noDisconnected,
  'rule:bpmnlint/no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'rule:bpmnlint/no-gateway-join-fork': noGatewayJoinFork,
  'rule:bpmnlint/no-implicit-split': noImplicitSplit,
  'rule:bpmnlint/no-implicit-end': noImplicitEnd,
  'rule:bpmnlint/no-implicit-start': noImplicitStart,
  'rule:bpmnlint/no-inclusive-gateway': noInclusiveGateway,
  'rule:bpmnlint/no-overlapping-elements': noOverlappingElements,
  'rule:bpmnlint/single-blank-start-event': singleBlankStartEvent,
  'rule:bpmnlint/single-event-definition': singleEventDefinition,
  'rule:bpmnlint/start-event-required': startEventRequired,
  'rule:bpmnlint/sub-process-blank-start-event': subProcessBlankStartEvent,
  'rule:bpmnlint/superfluous-gateway': superfluousGateway,
  'rule:bpmnlint/superfluous-label': superfluousLabel,
  'rule:bpmnlint/superfluous-termination': superfluousTermination,
  ...Object.fromEntries(
    Object.entries(TONGBAN_LINT_RULES).map(([name, rule]) => [`rule:${TONGBAN_LINT_PACKAGE}/${name}`, rule]),
  ),
};

/** bpmnlint's resolver interface over the table above; an unknown name is an error, not a skip. */
export const staticResolver = {
  resolveRule(pkg: string, ruleName: string): unknown {
    return lookup(`rule:${pkg}/${ruleName}`);
  },
  resolveConfig(pkg: string, configName: string): unknown {
    return lookup(`config:${pkg}/${configName}`);
  },
};

function lookup(key: string): unknown {
  const found = cache[key];
  if (!found) throw new Error(`bpmnlint: ${key} is not bundled with the designer`);
  return found;
}

/** The linter bpmn-js's modeler runs on its definitions (a fresh one per run: some rules keep state). */
export function lintDefinitions(definitions: unknown): Promise<LintReports> {
  return new Linter({ config: PROCESS_LINT_CONFIG, resolver: staticResolver }).lint(definitions);
}
