/**
 * What each lint rule asks for, in Chinese, for the problem list (bpmnlint's own messages are English;
 * the list shows this text first and bpmnlint's message beside it). Keys are the rule names as the
 * linter reports them.
 */
export const LINT_RULE_LABELS_ZH: Record<string, string> = {
  'ad-hoc-sub-process': '临时子流程不能包含开始/结束事件',
  'conditional-flows': '网关的条件分支须都有条件或设默认流',
  'end-event-required': '流程须有结束事件',
  'event-based-gateway': '事件网关只能连接捕获事件或接收任务',
  'event-sub-process-typed-start-event': '事件子流程的开始事件须有类型',
  'fake-join': '多条流入须用网关汇合',
  global: '全局元素（消息、信号等）须被引用且不重复',
  'label-required': '元素须有名称',
  'link-event': '链接事件须成对且名称一致',
  'no-bpmndi': '每个元素须在图中绘出',
  'no-complex-gateway': '不支持复杂网关',
  'no-disconnected': '元素须与流程相连',
  'no-duplicate-sequence-flows': '不能有重复的顺序流',
  'no-gateway-join-fork': '网关不能同时汇合和分支',
  'no-implicit-split': '多条流出须用网关分支',
  'no-implicit-end': '流程末端须是结束事件',
  'no-implicit-start': '流程起点须是开始事件',
  'no-inclusive-gateway': '不建议使用包容网关',
  'no-overlapping-elements': '元素不应重叠',
  'single-blank-start-event': '只能有一个无类型开始事件',
  'single-event-definition': '事件只能有一个事件定义',
  'start-event-required': '流程须有开始事件',
  'sub-process-blank-start-event': '子流程的开始事件不能有类型',
  'superfluous-gateway': '只有一进一出的网关是多余的',
  'superfluous-label': '不应有多余的标签',
  'superfluous-termination': '终止结束事件是多余的',
  'camunda-compat/history-time-to-live': '建议设置历史保留期限',
  'tongban/process-required': '文件须包含一个流程',
  'tongban/executable': '流程须可执行',
  'tongban/history-ttl': '流程须设置历史保留期限（camunda:historyTimeToLive）',
  'tongban/known-topic': '外部任务须使用登记表中的主题',
  'tongban/external-only': '服务任务须是外部任务（不在引擎中运行 Java）',
  'tongban/candidate-groups': '用户任务须设置候选组',
};

/** The Chinese description of a rule, when there is one (`bpmnlint/<rule>` and `<rule>` are the same rule). */
export function ruleLabelZh(rule: string): string | undefined {
  return LINT_RULE_LABELS_ZH[rule.replace(/^bpmnlint\//, '')];
}
