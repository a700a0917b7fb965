import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOPICS, TOPIC_NAMES } from '@tongban/contracts';
import { forwardToApi } from './forward-to-api/handler.js';
import { assertHandlersMatchRegistry, topicHandlers, type TopicHandlers } from './index.js';

test('has a handler for every topic of the registry and for nothing else', () => {
  assert.deepEqual(Object.keys(topicHandlers).sort(), [...TOPIC_NAMES].sort());
  for (const name of TOPIC_NAMES) assert.equal(typeof (topicHandlers as Record<string, unknown>)[name], 'function');
  assert.doesNotThrow(() => assertHandlersMatchRegistry(TOPICS, topicHandlers));
});

test('a handler map missing a registry topic neither compiles nor passes the start-up check', () => {
  // @ts-expect-error every registry topic needs a handler
  const incomplete: TopicHandlers = { 'tongban.case.accepted': forwardToApi };

  assert.throws(
    () => assertHandlersMatchRegistry(TOPICS, incomplete),
    /no handler for tongban\.case\.notAccepted, .*tongban\.case\.terminated/,
  );
});

test('the start-up check rejects a topic added to the registry without a handler', () => {
  const grownRegistry = [...TOPICS, { name: 'tongban.archive.transfer' }];

  assert.throws(
    () => assertHandlersMatchRegistry(grownRegistry, topicHandlers),
    /no handler for tongban\.archive\.transfer/,
  );
});

test('the start-up check rejects a handler for a topic the registry does not know', () => {
  const handlers = { ...topicHandlers, 'tongban.unknown': forwardToApi };

  assert.throws(
    () => assertHandlersMatchRegistry(TOPICS, handlers),
    /handlers for topics not in the registry: tongban\.unknown/,
  );
});
