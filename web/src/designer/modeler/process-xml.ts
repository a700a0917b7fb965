/**
 * Process keys: the id of the `bpmn:process`, an XML NCName the engine uses as the definition key.
 * Kept short and URL-safe (the API takes it in a path of at most 64 characters).
 */
export const PROCESS_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export function isValidProcessKey(key: string): boolean {
  return PROCESS_KEY_PATTERN.test(key);
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The starting point of a new flow: 申请已提交 → 受理 (window clerks of the case department) → 办结,
 * executable, with the five-year history time-to-live the platform keeps, so it passes the lint.
 */
export function newProcessXml(key: string, name: string): string {
  if (!isValidProcessKey(key)) throw new Error(`invalid process key: ${key}`);
  const n = escapeXml(name);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${key}" targetNamespace="http://tongban.gov.cn/bpmn" exporter="Tongban designer">
  <bpmn:process id="${key}" name="${n}" isExecutable="true" camunda:historyTimeToLive="P1825D">
    <bpmn:startEvent id="StartEvent_submitted" name="申请已提交">
      <bpmn:outgoing>Flow_toAcceptance</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="acceptance" name="受理" camunda:modelerTemplate="tongban.userTask.clerk" camunda:modelerTemplateVersion="1" camunda:candidateGroups="clerk:\${departmentCode}">
      <bpmn:incoming>Flow_toAcceptance</bpmn:incoming>
      <bpmn:outgoing>Flow_toEnd</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="End_completed" name="办结">
      <bpmn:incoming>Flow_toEnd</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_toAcceptance" sourceRef="StartEvent_submitted" targetRef="acceptance" />
    <bpmn:sequenceFlow id="Flow_toEnd" sourceRef="acceptance" targetRef="End_completed" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${key}">
      <bpmndi:BPMNShape id="StartEvent_submitted_di" bpmnElement="StartEvent_submitted">
        <dc:Bounds x="152" y="102" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="143" y="145" width="55" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="acceptance_di" bpmnElement="acceptance">
        <dc:Bounds x="250" y="80" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_completed_di" bpmnElement="End_completed">
        <dc:Bounds x="422" y="102" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="429" y="145" width="22" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_toAcceptance_di" bpmnElement="Flow_toAcceptance">
        <di:waypoint x="188" y="120" />
        <di:waypoint x="250" y="120" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_toEnd_di" bpmnElement="Flow_toEnd">
        <di:waypoint x="350" y="120" />
        <di:waypoint x="422" y="120" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** A file name for a downloaded diagram. */
export function bpmnFileName(key: string): string {
  return `${key.replace(/[^A-Za-z0-9_-]/g, '_') || 'process'}.bpmn`;
}
