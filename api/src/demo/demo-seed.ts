import type { Db } from '../db/knex.js';
import type { Logger } from '../logger.js';
import { hashPassword } from '../modules/auth/index.js';
import { mergeBundle } from '../modules/cases/parallel/bundle.js';
import {
  DEMO_BUNDLES,
  DEMO_DEPARTMENTS,
  DEMO_ITEMS,
  DEMO_PARALLEL,
  DEMO_PARALLEL_ITEMS,
  DEMO_USERS,
} from './demo-data.js';

/**
 * Writes the demo organisation, accounts and items when they are missing. Idempotent: existing
 * rows (and passwords users changed) are left alone, so restarts keep every change.
 */
export async function seedDemo(db: Db, password: string, log: Logger): Promise<{ createdUsers: string[] }> {
  await db('departments').insert(DEMO_DEPARTMENTS).onConflict('code').ignore();
  const existing = new Set(
    (await db('users')
      .whereIn(
        'username',
        DEMO_USERS.map((u) => u.username),
      )
      .pluck('username')) as string[],
  );
  const missing = DEMO_USERS.filter((u) => !existing.has(u.username));
  const passwordHash = missing.length ? await hashPassword(password) : '';
  for (const u of missing) {
    await db.transaction(async (trx) => {
      const [row] = await trx('users')
        .insert({
          username: u.username,
          name: u.name,
          kind: u.kind,
          password_hash: passwordHash,
          phone: u.phone ?? null,
          email: u.email ?? null,
          id_number: u.idNumber ?? null,
        })
        .returning('id');
      const id = (row as { id: string }).id;
      await trx('user_roles').insert(u.roles.map((role_code) => ({ user_id: id, role_code })));
      if (u.departments.length)
        await trx('user_departments').insert(
          u.departments.map((department_code) => ({ user_id: id, department_code })),
        );
    });
  }
  for (const item of [...DEMO_ITEMS, ...DEMO_PARALLEL_ITEMS]) {
    await db('service_items')
      .insert({
        ...item,
        guide: JSON.stringify(item.guide),
        materials: JSON.stringify(item.materials),
        form: JSON.stringify(item.form),
      })
      .onConflict('code')
      .ignore();
  }
  await seedParallel(db);
  if (missing.length) log.info({ users: missing.length }, 'demo accounts created');
  return { createdUsers: missing.map((u) => u.username) };
}

export function demoAccountsTable(password: string): string {
  const lines = DEMO_USERS.map((u) => `  ${u.username.padEnd(16)} ${u.roles.join(',').padEnd(12)} ${u.name}`);
  return [`Demo accounts (password: ${password}):`, ...lines].join('\n');
}

/** The parallel-approval demo: the construction-stage item and the 开办餐馆一件事 bundle. */
async function seedParallel(db: Db): Promise<void> {
  const setting = async (
    itemCode: string,
    p: {
      kind: 'item' | 'bundle';
      refusalPolicy: string;
      simulationAllowed?: boolean;
      prerequisiteMaterial?: string;
      members?: { itemCode: string; name: string }[];
      participants: { department: string; promisedDays: number; memberItems: string[] }[];
    },
  ) => {
    await db('parallel_items')
      .insert({
        item_code: itemCode,
        kind: p.kind,
        refusal_policy: p.refusalPolicy,
        simulation_allowed: p.simulationAllowed ?? false,
        prerequisite_material: p.prerequisiteMaterial ?? null,
        members: JSON.stringify(p.members ?? []),
      })
      .onConflict('item_code')
      .ignore();
    await db('parallel_participants')
      .insert(
        p.participants.map((x, i) => ({
          item_code: itemCode,
          department_code: x.department,
          position: i + 1,
          promised_days: x.promisedDays,
          member_items: `{${x.memberItems.join(',')}}`,
        })),
      )
      .onConflict(['item_code', 'department_code'])
      .ignore();
  };
  for (const p of DEMO_PARALLEL) await setting(p.itemCode, p);
  const allItems = [...DEMO_ITEMS, ...DEMO_PARALLEL_ITEMS];
  for (const b of DEMO_BUNDLES) {
    const members = b.members.map((m) => {
      const item = allItems.find((i) => i.code === m.itemCode);
      if (!item) throw new Error(`bundle ${b.code}: member ${m.itemCode} is not a demo item`);
      return { itemCode: item.code, name: item.name, prefix: m.prefix, materials: item.materials, form: item.form };
    });
    const merged = mergeBundle(members, b.shared);
    await db('service_items')
      .insert({
        code: b.code,
        catalog_code: b.catalog_code,
        name: b.name,
        type: '01',
        department_code: b.department_code,
        audience: ['person', 'legal'],
        themes: b.themes,
        case_type: 'promised',
        legal_days: b.legal_days,
        promised_days: b.promised_days,
        online: true,
        onsite_visits: 0,
        process_key: 'parallel-approval',
        guide: JSON.stringify(b.guide),
        materials: JSON.stringify(merged.materials),
        form: JSON.stringify(merged.form),
      })
      .onConflict('code')
      .ignore();
    await setting(b.code, {
      kind: 'bundle',
      refusalPolicy: b.refusalPolicy,
      members: members.map((m) => ({ itemCode: m.itemCode, name: m.name })),
      participants: b.participants,
    });
  }
}
