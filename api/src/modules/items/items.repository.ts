import type { Db, Tx } from '../../db/knex.js';

export interface ItemRow {
  code: string;
  catalog_code: string;
  version: number;
  name: string;
  type: string;
  department_code: string;
  department_name: string;
  audience: string[];
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
  audience?: 'person' | 'legal';
  department?: string;
  theme?: string;
  q?: string;
}

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
      if (f.theme) q.whereRaw('? = ANY(i.themes)', [f.theme]);
      if (f.q) q.where((w) => w.whereILike('i.name', `%${f.q}%`).orWhereILike('i.code', `%${f.q}%`));
      return (await q.orderBy('i.code')) as ItemRow[];
    },

    /** Pass the transaction when inside one: the embedded database has a single connection. */
    async find(code: string, exec?: Db | Tx): Promise<ItemRow | null> {
      return ((await base(exec).where('i.code', code).first()) as ItemRow | undefined) ?? null;
    },

    /** Binds an item to another process key; cases started later use that process's latest version. */
    async setProcessKey(code: string, processKey: string): Promise<void> {
      await db('service_items').where({ code }).update({ process_key: processKey, updated_at: db.fn.now() });
    },
  };
}

export type ItemsRepository = ReturnType<typeof createItemsRepository>;
