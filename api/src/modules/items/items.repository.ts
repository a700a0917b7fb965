import type { ItemAudience } from '@tongban/contracts';
import type { Db, Tx } from '../../db/knex.js';

export interface ItemRow {
  code: string;
  catalog_code: string;
  version: number;
  name: string;
  type: string;
  department_code: string;
  department_name: string;
  audience: ItemAudience[];
  themes: string[];
  case_type: 'instant' | 'promised';
  legal_days: number;
  promised_days: number;
  day_unit: 'working' | 'natural';
  online: boolean;
  onsite_visits: number;
  process_key: string;
  sla_yellow_ratio: string;
  guide: Record<string, unknown>;
  materials: unknown[];
  form: Record<string, unknown>;
  status: string;
}

export interface ItemFilter {
  audience?: ItemAudience;
  department?: string;
  /** Code of a catalogue theme (item_themes). */
  theme?: string;
  q?: string;
}

export interface CatalogueEntry {
  code: string;
  name: string;
  nameEn?: string;
  count: number;
}

/** `%` and `_` typed by a visitor are searched for, not wildcards. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createItemsRepository(db: Db) {
  const base = (exec: Db | Tx = db) =>
    exec('service_items as i')
      .join('departments as d', 'd.code', 'i.department_code')
      .select('i.*', 'd.name as department_name');
  return {
    async listPublished(f: ItemFilter): Promise<ItemRow[]> {
      const q = base().where('i.status', 'published');
      if (f.audience) q.whereRaw('? = ANY(i.audience)', [f.audience]);
      if (f.department) q.where('i.department_code', f.department);
      if (f.theme) {
        // Listed under a theme: the item names it and serves the theme's audience.
        q.whereExists((sub) =>
          sub
            .select(db.raw('1'))
            .from('item_themes as t')
            .where('t.code', f.theme as string)
            .whereRaw('t.name = ANY(i.themes)')
            .whereRaw('t.audience = ANY(i.audience)'),
        );
      }
      if (f.q) {
        const pattern = likePattern(f.q);
        q.where((w) => w.whereILike('i.name', pattern).orWhereILike('i.code', pattern));
      }
      return (await q.orderBy('i.code')) as ItemRow[];
    },

    /** Pass the transaction when inside one: the embedded database has a single connection. */
    async find(code: string, exec?: Db | Tx): Promise<ItemRow | null> {
      return ((await base(exec).where('i.code', code).first()) as ItemRow | undefined) ?? null;
    },

    /** The audience's themes in portal order and the departments with items, each with its count of published items. */
    async catalogue(audience: ItemAudience): Promise<{ themes: CatalogueEntry[]; departments: CatalogueEntry[] }> {
      const themes = (await db('item_themes as t')
        .leftJoin('service_items as i', (j) =>
          j
            .on(db.raw('t.name = ANY(i.themes)'))
            .andOn(db.raw('t.audience = ANY(i.audience)'))
            .andOnVal('i.status', '=', 'published'),
        )
        .where('t.audience', audience)
        .groupBy('t.code', 't.name', 't.name_en', 't.sort_order')
        .orderBy([{ column: 't.sort_order' }, { column: 't.code' }])
        .select('t.code', 't.name', 't.name_en')
        .count({ count: 'i.code' })) as { code: string; name: string; name_en: string; count: string | number }[];
      const departments = (await db('service_items as i')
        .join('departments as d', 'd.code', 'i.department_code')
        .where('i.status', 'published')
        .whereRaw('? = ANY(i.audience)', [audience])
        .groupBy('d.code', 'd.name')
        .orderBy('d.code')
        .select('d.code', 'd.name')
        .count({ count: 'i.code' })) as { code: string; name: string; count: string | number }[];
      return {
        themes: themes.map((t) => ({ code: t.code, name: t.name, nameEn: t.name_en, count: Number(t.count) })),
        departments: departments.map((d) => ({ code: d.code, name: d.name, count: Number(d.count) })),
      };
    },

    /** Binds an item to another process key; cases started later use that process's latest version. */
    async setProcessKey(code: string, processKey: string): Promise<void> {
      await db('service_items').where({ code }).update({ process_key: processKey, updated_at: db.fn.now() });
    },
  };
}

export type ItemsRepository = ReturnType<typeof createItemsRepository>;
