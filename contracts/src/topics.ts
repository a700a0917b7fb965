/**
 * The registry of external-task topics. Workers subscribe to exactly these; the process linter
 * rejects a diagram naming any other; the designer's element templates are generated from it.
 */
export interface TopicDefinition {
  /** Topic name used in `camunda:topic`. */
  name: string;
  label: { zh: string; en: string };
  description: string;
  /** Process variables the handler reads. */
  inputs: readonly string[];
  /** Process variables the handler sets. */
  outputs: readonly string[];
  /** BPMN error codes the handler may throw. */
  bpmnErrors: readonly string[];
  /** Lock duration in ms; the handler must finish well within it. */
  lockDuration: number;
}

export const TOPICS = [
  {
    name: 'tongban.case.accepted',
    label: { zh: '受理登记', en: 'Register acceptance' },
    description: 'Numbers the acceptance notice, starts the case clock and fixes the promised completion date.',
    inputs: ['caseNo'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.case.notAccepted',
    label: { zh: '不予受理', en: 'Register non-acceptance' },
    description: 'Issues the numbered non-acceptance notice and closes the case.',
    inputs: ['caseNo'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.correction.notice',
    label: { zh: '一次性告知', en: 'One-time correction notice' },
    description: 'Issues the one-time correction notice (every material to fix and why) with its deadline.',
    inputs: ['caseNo', 'correctionStage'],
    outputs: ['correctionDeadline'],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.correction.expired',
    label: { zh: '补正逾期', en: 'Correction deadline passed' },
    description: 'Closes a case whose correction deadline passed without an answer.',
    inputs: ['caseNo'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.correction.received',
    label: { zh: '补正收件', en: 'Correction received' },
    description: "Records the applicant's corrections and resumes the clock when it was paused.",
    inputs: ['caseNo', 'correctionStage'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.special.start',
    label: { zh: '特别程序开始', en: 'Start special procedure' },
    description:
      'Records the special procedure, pauses the clock (type 2) or extends the limit (type 1), and notifies the applicant in writing.',
    inputs: ['caseNo', 'specialProcedureId'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.special.end',
    label: { zh: '特别程序结束', en: 'End special procedure' },
    description: 'Records the result of the special procedure and resumes the clock.',
    inputs: ['caseNo', 'specialProcedureId'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.decision.document',
    label: { zh: '出具决定书', en: 'Issue decision document' },
    description: 'Produces the numbered approval or refusal decision document.',
    inputs: ['caseNo', 'decision'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 60000,
  },
  {
    name: 'tongban.case.completed',
    label: { zh: '办结通知', en: 'Completion notice' },
    description: 'Closes the case, stops the clock and sends the completion notice.',
    inputs: ['caseNo', 'decision'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.case.terminated',
    label: { zh: '办件终止', en: 'Case terminated' },
    description: 'Closes a voided or withdrawn case and tells the applicant.',
    inputs: ['caseNo', 'termination'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.branch.started',
    label: { zh: '部门分支开始', en: 'Department branch started' },
    description: "Starts a participating department's branch of a parallel case and its own clock.",
    inputs: ['caseNo', 'branchDepartment'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.branch.correctionNotice',
    label: { zh: '部门补正告知', en: 'Branch correction notice' },
    description:
      "Issues one correction notice for a department's branch, pauses only that branch's clock; the answer comes back to the branch.",
    inputs: ['caseNo', 'branchDepartment'],
    outputs: ['correctionDeadline'],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.branch.correctionReceived',
    label: { zh: '部门补正收件', en: 'Branch correction received' },
    description: "Records the applicant's corrections for the branch that asked and resumes its clock.",
    inputs: ['caseNo', 'branchDepartment'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.branch.specialStart',
    label: { zh: '部门特别程序开始', en: 'Branch special procedure started' },
    description: "Pauses (type 2) or extends (type 1) only the branch's clock and notifies the applicant.",
    inputs: ['caseNo', 'branchDepartment', 'specialProcedureId'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.branch.specialEnd',
    label: { zh: '部门特别程序结束', en: 'Branch special procedure ended' },
    description: "Records the result of the branch's special procedure and resumes the branch clock.",
    inputs: ['caseNo', 'branchDepartment', 'specialProcedureId'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.branch.decided',
    label: { zh: '部门决定', en: 'Department decided' },
    description:
      "Records the department's result and stops its clock; on a refusal under the cancel-the-rest setting asks the engine to cancel the other branches.",
    inputs: ['caseNo', 'branchDepartment', 'decision'],
    outputs: ['cancelRest'],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.parallel.joined',
    label: { zh: '并联汇合', en: 'Branches joined' },
    description:
      'After the branches: marks the branches that did not finish as cancelled (and tells them why) and hands the case to the lead department for consolidation.',
    inputs: ['caseNo'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 30000,
  },
  {
    name: 'tongban.parallel.document',
    label: { zh: '出具汇总决定书', en: 'Issue consolidated decision' },
    description:
      "Produces the consolidated decision listing each department's result (marked 模拟审批 when the prerequisite is missing).",
    inputs: ['caseNo'],
    outputs: [],
    bpmnErrors: [],
    lockDuration: 60000,
  },
] as const satisfies readonly TopicDefinition[];

export type TopicName = (typeof TOPICS)[number]['name'];

export const TOPIC_NAMES: readonly string[] = TOPICS.map((t) => t.name);

export function isKnownTopic(name: string): name is TopicName {
  return TOPIC_NAMES.includes(name);
}
