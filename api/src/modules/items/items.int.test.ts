import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ItemCatalogueDto, ItemGuideContent, ItemMaterialDto, ItemSummaryDto } from '@tongban/contracts';
import { DEMO_ITEMS } from '../../demo/demo-data.js';
import { startTestApi, type TestApi } from '../../test-support/harness.js';

const BUILDING = '11410404MB0000003X4000333001001'; // 建筑工程施工许可证核发: legal persons only, 工程建设
const BUILDING_PARALLEL = '11410404MB0000003X4000333003001'; // 工程建设项目施工许可阶段并联审批
const FOOD = '11410404MB0000001X4000111001001'; // 食品经营许可（新办）: persons and legal persons
const HIDDEN = 'TEST-ITEMS-HIDDEN-0001';

let api: TestApi;
before(async () => {
  api = await startTestApi();
  // A draft item of a theme some demo items have: it must never be listed, counted or shown.
  await api
    .db('service_items')
    .insert({
      code: HIDDEN,
      catalog_code: 'TESTHIDDEN01',
      name: '测试未发布事项',
      type: '01',
      department_code: 'SLQ-ZJJ',
      audience: ['person', 'legal'],
      themes: ['工程建设', '住房保障'],
      case_type: 'promised',
      legal_days: 20,
      promised_days: 10,
      process_key: 'general-approval',
      status: 'draft',
    })
    .onConflict('code')
    .merge();
});
after(async () => {
  await api.db('service_items').where({ code: HIDDEN }).del();
  await api.close();
});

const get = async (path: string) => {
  const r = await api.call('GET', path);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  return r.body;
};
const codes = (items: { code: string }[]) => items.map((i) => i.code);

describe('the item catalogue (GET /api/v1/item-catalogue)', () => {
  test('lists the themes of each audience in portal order, and counts only published items of that audience', async () => {
    for (const audience of ['person', 'legal'] as const) {
      const catalogue = ItemCatalogueDto.parse(await get(`/api/v1/item-catalogue?audience=${audience}`));
      assert.equal(catalogue.audience, audience);
      assert.ok(catalogue.themes.length >= 10, 'the national theme list');
      assert.ok(
        catalogue.themes.every((theme) => theme.code.startsWith(audience === 'person' ? 'P-' : 'L-')),
        'no theme of the other audience',
      );
      for (const theme of catalogue.themes) {
        const listed = await get(`/api/v1/items?theme=${theme.code}`);
        assert.equal(theme.count, listed.length, `${theme.code} count matches its list`);
        assert.ok(!codes(listed).includes(HIDDEN), 'a draft item is never listed');
      }
      for (const department of catalogue.departments) {
        const listed = await get(`/api/v1/items?audience=${audience}&department=${department.code}`);
        assert.equal(department.count, listed.length, `${department.code} count matches its list`);
      }
    }
  });

  test('puts an item for legal persons under the legal theme only, and an item for both under both', async () => {
    const legal = ItemCatalogueDto.parse(await get('/api/v1/item-catalogue?audience=legal'));
    const person = ItemCatalogueDto.parse(await get('/api/v1/item-catalogue?audience=person'));
    assert.ok(codes(await get('/api/v1/items?theme=L-CONSTRUCTION')).includes(BUILDING));
    assert.ok(!codes(await get('/api/v1/items?audience=person')).includes(BUILDING), '施工许可 is not for persons');
    for (const theme of person.themes.filter((t) => t.count > 0))
      assert.ok(!codes(await get(`/api/v1/items?theme=${theme.code}`)).includes(BUILDING), theme.code);
    assert.ok(codes(await get('/api/v1/items?theme=L-PERMIT')).includes(FOOD));
    assert.ok(codes(await get('/api/v1/items?theme=P-PERMIT')).includes(FOOD));
    assert.equal(legal.themes.find((t) => t.code === 'L-CONSTRUCTION')?.name, '工程建设');
    assert.equal(legal.themes.find((t) => t.code === 'L-CONSTRUCTION')?.nameEn, 'Construction projects');
    assert.ok(legal.departments.some((d) => d.code === 'SLQ-ZJJ' && d.name === '石龙区住房和城乡建设局'));
  });

  test('answers 400 VALIDATION_FAILED without an audience or with an unknown one', async () => {
    for (const query of ['', '?audience=alien']) {
      const r = await api.call('GET', `/api/v1/item-catalogue${query}`);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.code, 'VALIDATION_FAILED');
    }
  });

  test('is public: answers without a session', async () => {
    const r = await fetch(`${api.url}/api/v1/item-catalogue?audience=person`);
    assert.equal(r.status, 200);
  });
});

describe('the item list (GET /api/v1/items)', () => {
  test('searches by name, and a typed % or _ is searched for, not a wildcard', async () => {
    const found = (await get(`/api/v1/items?q=${encodeURIComponent('施工许可')}`)) as { code: string }[];
    assert.deepEqual(codes(found).sort(), [BUILDING, BUILDING_PARALLEL]);
    assert.deepEqual(await get('/api/v1/items?q=%25'), []);
    assert.deepEqual(await get('/api/v1/items?q=_'), []);
  });

  test('an unknown theme lists nothing, and each row has the summary shape', async () => {
    assert.deepEqual(await get('/api/v1/items?theme=NO-SUCH-THEME'), []);
    for (const row of await get('/api/v1/items')) ItemSummaryDto.parse(row);
  });
});

describe('the guide (GET /api/v1/items/:code)', () => {
  test('every demo item has a guide with only the documented 办事指南 fields, and the consultation and complaint phones differ', async () => {
    for (const demo of DEMO_ITEMS) {
      const item = await get(`/api/v1/items/${demo.code}`);
      const guide = ItemGuideContent.strict().parse(item.guide);
      for (const material of item.materials) ItemMaterialDto.strict().parse(material);
      for (const field of ['legalBasis', 'acceptanceConditions', 'location', 'hours'] as const)
        assert.ok(guide[field], `${demo.name}: ${field}`);
      assert.ok(guide.consultPhone && guide.complaintPhone && guide.consultPhone !== guide.complaintPhone, demo.name);
      assert.ok((guide.steps ?? []).length > 0, `${demo.name}: steps`);
      assert.ok((guide.results ?? []).length > 0, `${demo.name}: results`);
      assert.ok(item.promisedDays <= item.legalDays, demo.name);
    }
  });

  test('answers 404 NOT_FOUND for an unpublished or unknown item', async () => {
    for (const code of [HIDDEN, 'NO-SUCH-ITEM']) {
      const r = await api.call('GET', `/api/v1/items/${code}`);
      assert.equal(r.status, 404, r.text);
      assert.equal(r.body.code, 'NOT_FOUND');
    }
  });
});
