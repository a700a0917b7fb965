// Type declarations for the untyped modules the designer imports.
declare module 'bpmnlint' {
  export class Linter {
    constructor(options: { config: unknown; resolver: unknown });
    lint(definitions: unknown): Promise<Record<string, { id?: string; message: string; category: string }[]>>;
  }
}
declare module 'bpmnlint/config/recommended' {
  const config: { rules: Record<string, unknown> };
  export default config;
}
declare module 'bpmnlint/rules/*' {
  const rule: (config?: unknown) => unknown;
  export default rule;
}
declare module 'bpmnlint-plugin-camunda-compat' {
  const plugin: { configs: Record<string, unknown>; rules: Record<string, string> };
  export default plugin;
}
declare module 'bpmnlint-plugin-camunda-compat/rules/camunda-platform/history-time-to-live' {
  const rule: (config?: unknown) => unknown;
  export default rule;
}
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: unknown;
  export const BpmnPropertiesProviderModule: unknown;
  export const CamundaPlatformPropertiesProviderModule: unknown;
}
declare module 'bpmn-js-element-templates' {
  export const ElementTemplatesPropertiesProviderModule: unknown;
}
declare module 'camunda-bpmn-js-behaviors/lib/camunda-platform' {
  const behaviors: unknown;
  export default behaviors;
}
declare module 'camunda-bpmn-moddle/resources/camunda.json' {
  const descriptor: Record<string, unknown>;
  export default descriptor;
}
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string): Promise<{ rootElement: unknown }>;
  }
}
