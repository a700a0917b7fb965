import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diagramMarkers, elementIdOf, hidesDiagram, markerSignature, parseDefinitionId } from './diagram-state';

describe('parseDefinitionId', () => {
  it('given <key>:<version>:<uuid>, when parsed, then key and version come back', () => {
    assert.deepEqual(parseDefinitionId('general_approval:3:8f2c1a4e-1c2d-11f0-9a3b-0242ac120002'), {
      key: 'general_approval',
      version: 3,
    });
  });
  it('given a key holding a colon, when parsed, then the key keeps it', () => {
    assert.deepEqual(parseDefinitionId('a:b:12:uuid'), { key: 'a:b', version: 12 });
  });
  it('given no id, a short id or a bad version, when parsed, then null', () => {
    assert.equal(parseDefinitionId(null), null);
    assert.equal(parseDefinitionId(undefined), null);
    assert.equal(parseDefinitionId(''), null);
    assert.equal(parseDefinitionId('8f2c1a4e-1c2d-11f0'), null);
    assert.equal(parseDefinitionId('key:uuid'), null);
    assert.equal(parseDefinitionId('key:0:uuid'), null);
    assert.equal(parseDefinitionId('key:v2:uuid'), null);
    assert.equal(parseDefinitionId(':2:uuid'), null);
  });
});

describe('diagramMarkers', () => {
  it('given completed and active ids, when computed, then completed get tb-completed and active tb-active', () => {
    assert.deepEqual(diagramMarkers({ completedActivityIds: ['start', 'accept'], activeActivityIds: ['review'] }), [
      { id: 'start', marker: 'tb-completed' },
      { id: 'accept', marker: 'tb-completed' },
      { id: 'review', marker: 'tb-active' },
    ]);
  });
  it('given an activity both completed before and active again (a return), then it is only active', () => {
    assert.deepEqual(diagramMarkers({ completedActivityIds: ['accept', 'review'], activeActivityIds: ['accept'] }), [
      { id: 'review', marker: 'tb-completed' },
      { id: 'accept', marker: 'tb-active' },
    ]);
  });
  it('given repeated ids and multi-instance bodies, then each element is marked once', () => {
    assert.deepEqual(
      diagramMarkers({
        completedActivityIds: ['start', 'start', 'countersign#multiInstanceBody', 'countersign'],
        activeActivityIds: [],
      }),
      [
        { id: 'start', marker: 'tb-completed' },
        { id: 'countersign', marker: 'tb-completed' },
      ],
    );
  });
  it('given ids the diagram does not have, then they are skipped', () => {
    const known = new Set(['start', 'review']);
    assert.deepEqual(
      diagramMarkers({ completedActivityIds: ['start', 'gone'], activeActivityIds: ['review', 'other'] }, (id) =>
        known.has(id),
      ),
      [
        { id: 'start', marker: 'tb-completed' },
        { id: 'review', marker: 'tb-active' },
      ],
    );
  });
  it('given no state, then no markers', () => {
    assert.deepEqual(diagramMarkers({}), []);
  });
});

describe('small helpers', () => {
  it('elementIdOf strips the multi-instance suffix only', () => {
    assert.equal(elementIdOf('review#multiInstanceBody'), 'review');
    assert.equal(elementIdOf('review'), 'review');
  });
  it('markerSignature changes with the ids and not otherwise', () => {
    const a = markerSignature({ activeActivityIds: ['x'], completedActivityIds: ['s'] });
    assert.equal(a, markerSignature({ activeActivityIds: ['x'], completedActivityIds: ['s'] }));
    assert.notEqual(a, markerSignature({ activeActivityIds: ['y'], completedActivityIds: ['s'] }));
    assert.notEqual(a, markerSignature({ activeActivityIds: [], completedActivityIds: ['x', 's'] }));
  });
  it('hidesDiagram: only a 403 hides the card', () => {
    assert.equal(hidesDiagram(403), true);
    assert.equal(hidesDiagram(404), false);
    assert.equal(hidesDiagram(undefined), false);
  });
});
