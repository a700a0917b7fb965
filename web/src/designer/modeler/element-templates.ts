import { DEPARTMENT_SCOPED_ROLES, ROLE_LABELS, TOPICS, type Role, type TopicDefinition } from '@tongban/contracts';

/** A Camunda 7 element template (the subset of the schema these templates use). */
export interface ElementTemplate {
  $schema: string;
  id: string;
  name: string;
  version: number;
  description: string;
  category: { id: string; name: string };
  appliesTo: string[];
  properties: TemplateProperty[];
}

export interface TemplateProperty {
  label?: string;
  description?: string;
  type: 'String' | 'Hidden' | 'Text';
  value: string;
  editable?: boolean;
  binding: { type: 'property'; name: string };
}

type Lang = 'zh' | 'en';

export const TEMPLATE_SCHEMA = 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json';

/** The candidate groups of a user task for one department-scoped role, as the flows write them. */
export const candidateGroupsFor = (role: Role) => `${role}:\${departmentCode}`;

const TEXT = {
  workers: { zh: '通办服务任务', en: 'Tongban worker steps' },
  userTasks: { zh: '通办人工环节', en: 'Tongban user steps' },
  name: { zh: '名称', en: 'Name' },
  topic: { zh: '主题（由登记表固定）', en: 'Topic (fixed by the registry)' },
  groups: { zh: '候选组（按办件部门）', en: 'Candidate groups (the case department)' },
  reads: { zh: '读取变量', en: 'Reads' },
  sets: { zh: '写入变量', en: 'Sets' },
  userTask: { zh: '由本部门的{role}办理', en: 'Worked by the {role} of the case department' },
} as const;

function topicDescription(topic: TopicDefinition, lang: Lang): string {
  const parts = [topic.description];
  if (topic.inputs.length) parts.push(`${TEXT.reads[lang]}: ${topic.inputs.join(', ')}`);
  if (topic.outputs.length) parts.push(`${TEXT.sets[lang]}: ${topic.outputs.join(', ')}`);
  return parts.join(' · ');
}

/**
 * The designer's element templates, generated from the contracts: one external service task per
 * registered worker topic (type and topic fixed, so no other topic can be chosen through a
 * template) and one user task per department-scoped role (candidate groups `<role>:${departmentCode}`,
 * the pattern the API matches against a user's roles and departments).
 */
export function buildElementTemplates(
  lang: Lang,
  topics: readonly TopicDefinition[] = TOPICS,
  roles: readonly Role[] = DEPARTMENT_SCOPED_ROLES,
): ElementTemplate[] {
  const workers = topics.map((topic): ElementTemplate => ({
    $schema: TEMPLATE_SCHEMA,
    id: `tongban.topic.${topic.name}`,
    name: topic.label[lang],
    version: 1,
    description: topicDescription(topic, lang),
    category: { id: 'tongban-workers', name: TEXT.workers[lang] },
    appliesTo: ['bpmn:ServiceTask'],
    properties: [
      { label: TEXT.name[lang], type: 'String', value: topic.label.zh, binding: { type: 'property', name: 'name' } },
      { type: 'Hidden', value: 'external', binding: { type: 'property', name: 'camunda:type' } },
      {
        label: TEXT.topic[lang],
        type: 'String',
        value: topic.name,
        editable: false,
        binding: { type: 'property', name: 'camunda:topic' },
      },
    ],
  }));
  const userTasks = roles.map((role): ElementTemplate => ({
    $schema: TEMPLATE_SCHEMA,
    id: `tongban.userTask.${role}`,
    name: ROLE_LABELS[role][lang],
    version: 1,
    description: TEXT.userTask[lang].replace('{role}', ROLE_LABELS[role][lang]),
    category: { id: 'tongban-user-tasks', name: TEXT.userTasks[lang] },
    appliesTo: ['bpmn:UserTask'],
    properties: [
      {
        label: TEXT.groups[lang],
        type: 'String',
        value: candidateGroupsFor(role),
        editable: false,
        binding: { type: 'property', name: 'camunda:candidateGroups' },
      },
    ],
  }));
  return [...workers, ...userTasks];
}
