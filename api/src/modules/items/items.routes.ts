import { z } from 'zod';
import {
  ITEM_AUDIENCES,
  ItemCatalogueDto,
  ItemGuideContent,
  ItemMaterialDto,
  ItemSummaryDto,
} from '@tongban/contracts';
import { AppError, notFound } from '../../errors.js';
import { state } from '../../http/context.js';
import type { ApiRouter } from '../../http/router.js';
import type { ItemRow, ItemsRepository } from './items.repository.js';

const ItemGuide = ItemSummaryDto.extend({
  catalogCode: z.string(),
  version: z.number(),
  processKey: z.string(),
  guide: ItemGuideContent,
  materials: z.array(ItemMaterialDto),
  form: z.record(z.string(), z.unknown()),
});

export const toItemSummary = (r: ItemRow) => ({
  code: r.code,
  name: r.name,
  type: r.type,
  department: { code: r.department_code, name: r.department_name },
  audience: r.audience,
  themes: r.themes,
  caseType: r.case_type,
  legalDays: r.legal_days,
  promisedDays: r.promised_days,
  dayUnit: r.day_unit,
  online: r.online,
  onsiteVisits: r.onsite_visits,
});

const Audience = z.enum(ITEM_AUDIENCES);

/** What the item routes need of the processes module: whether a process key is deployed. */
export interface DeployedProcesses {
  isDeployed(key: string): Promise<boolean>;
}

/** A process key as the engine and the designer accept it. */
const ProcessKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'process key');

export function registerItemRoutes(router: ApiRouter, items: ItemsRepository, processes: DeployedProcesses): void {
  router.add({
    method: 'get',
    path: '/api/v1/items',
    summary: 'Published service items, by audience, theme (code), department and name',
    tags: ['portal'],
    access: { kind: 'public' },
    query: z.object({
      audience: Audience.optional(),
      department: z.string().max(32).optional(),
      theme: z.string().max(32).optional(),
      q: z.string().trim().max(100).optional(),
    }),
    success: { status: 200, description: 'Items', schema: z.array(ItemSummaryDto) },
    handler: async ({ query }) => (await items.listPublished(query)).map(toItemSummary),
  });

  router.add({
    method: 'get',
    path: '/api/v1/item-catalogue',
    summary: 'Themes (主题) and departments of the portal for persons or legal persons, with item counts',
    tags: ['portal'],
    access: { kind: 'public' },
    query: z.object({ audience: Audience }),
    success: { status: 200, description: 'Catalogue', schema: ItemCatalogueDto },
    handler: async ({ query }) => ({ audience: query.audience, ...(await items.catalogue(query.audience)) }),
  });

  router.add({
    method: 'get',
    path: '/api/v1/items/:code',
    summary: 'The full guide (办事指南) of an item',
    tags: ['portal'],
    access: { kind: 'public' },
    params: z.object({ code: z.string().max(36) }),
    success: { status: 200, description: 'Item guide', schema: ItemGuide },
    errors: [404],
    handler: async ({ params }) => {
      const r = await items.find(params.code);
      if (!r || r.status !== 'published') throw notFound('事项');
      return {
        ...toItemSummary(r),
        catalogCode: r.catalog_code,
        version: r.version,
        processKey: r.process_key,
        guide: r.guide,
        materials: r.materials as Record<string, unknown>[],
        form: r.form,
      };
    },
  });

  router.add({
    method: 'patch',
    path: '/api/v1/items/:code',
    summary: 'Bind an item to a deployed process (item managers); new cases use its latest version',
    tags: ['items'],
    access: { kind: 'roles', roles: ['item_manager'] },
    params: z.object({ code: z.string().max(36) }),
    body: z.object({ processKey: ProcessKey }).strict(),
    success: {
      status: 200,
      description: 'The item with its process key',
      schema: z.object({ code: z.string(), processKey: z.string() }),
    },
    errors: [404, 422, 503],
    handler: async ({ req, params, body }) => {
      const item = await items.find(params.code);
      if (!item) throw notFound('事项');
      if (!(await processes.isDeployed(body.processKey))) {
        throw new AppError('DOMAIN_RULE', `流程 ${body.processKey} 尚未部署`, { processKey: body.processKey });
      }
      await items.setProcessKey(item.code, body.processKey);
      state(req).audit = {
        type: 'item.process',
        target: item.code,
        detail: { from: item.process_key, to: body.processKey },
      };
      return { code: item.code, processKey: body.processKey };
    },
  });
}
