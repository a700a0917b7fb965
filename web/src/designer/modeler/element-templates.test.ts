import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEPARTMENT_SCOPED_ROLES, TOPICS, TOPIC_NAMES } from '@tongban/contracts';
import { buildElementTemplates, candidateGroupsFor, type TemplateProperty } from './element-templates';

const bindingValue = (properties: TemplateProperty[], name: string) => properties.find((p) => p.binding.name === name);

describe('buildElementTemplates', () => {
  it('given the topic registry, when generated, then one external service task template per topic with the topic fixed', () => {
    const templates = buildElementTemplates('zh').filter((t) => t.id.startsWith('tongban.topic.'));
    assert.equal(templates.length, TOPICS.length);
    for (const topic of TOPICS) {
      const template = templates.find((t) => t.id === `tongban.topic.${topic.name}`);
      assert.ok(template, topic.name);
      assert.deepEqual(template.appliesTo, ['bpmn:ServiceTask']);
      assert.equal(template.name, topic.label.zh);
      assert.equal(bindingValue(template.properties, 'camunda:type')?.value, 'external');
      assert.equal(bindingValue(template.properties, 'camunda:type')?.type, 'Hidden');
      const topicProperty = bindingValue(template.properties, 'camunda:topic');
      assert.equal(topicProperty?.value, topic.name);
      assert.equal(topicProperty?.editable, false, 'the topic cannot be edited');
    }
  });

  it('given any template, when generated, then every topic it names is registered', () => {
    for (const template of buildElementTemplates('en')) {
      const topic = bindingValue(template.properties, 'camunda:topic');
      if (topic) assert.ok(TOPIC_NAMES.includes(topic.value), topic.value);
    }
  });

  it('given the department-scoped roles, when generated, then one user task template per role with fixed candidate groups', () => {
    const templates = buildElementTemplates('zh').filter((t) => t.id.startsWith('tongban.userTask.'));
    assert.deepEqual(
      templates.map((t) => t.id),
      DEPARTMENT_SCOPED_ROLES.map((r) => `tongban.userTask.${r}`),
    );
    const clerk = templates.find((t) => t.id === 'tongban.userTask.clerk');
    assert.deepEqual(clerk?.appliesTo, ['bpmn:UserTask']);
    const groups = bindingValue(clerk?.properties ?? [], 'camunda:candidateGroups');
    assert.equal(groups?.value, 'clerk:${departmentCode}');
    assert.equal(groups?.editable, false);
  });

  it('given the general flow, when its candidate groups are compared, then they follow the generated pattern', () => {
    assert.equal(candidateGroupsFor('approver'), 'approver:${departmentCode}');
    assert.equal(candidateGroupsFor('lead'), 'lead:${departmentCode}');
  });

  it('given a language, when generated, then names, categories and descriptions are in it and ids are unique', () => {
    const en = buildElementTemplates('en');
    const zh = buildElementTemplates('zh');
    assert.equal(new Set(en.map((t) => t.id)).size, en.length);
    assert.deepEqual(
      en.map((t) => t.id),
      zh.map((t) => t.id),
    );
    assert.equal(en.find((t) => t.id === 'tongban.topic.tongban.case.accepted')?.name, 'Register acceptance');
    assert.equal(en.find((t) => t.id === 'tongban.userTask.lead')?.category.name, 'Tongban user steps');
    assert.match(
      zh.find((t) => t.id === 'tongban.topic.tongban.decision.document')?.description ?? '',
      /读取变量: caseNo, decision/,
    );
  });

  it('given a custom registry, when generated, then only its topics appear', () => {
    const templates = buildElementTemplates('en', [TOPICS[0]], []);
    assert.deepEqual(
      templates.map((t) => t.id),
      [`tongban.topic.${TOPICS[0].name}`],
    );
  });
});
