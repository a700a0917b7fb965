import type { Db } from '../db/knex.js';
import type { Logger } from '../logger.js';
import { hashPassword } from '../modules/auth/index.js';
import { DEMO_DEPARTMENTS, DEMO_ITEMS, DEMO_USERS } from './demo-data.js';

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
  for (const item of DEMO_ITEMS) {
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
  if (missing.length) log.info({ users: missing.length }, 'demo accounts created');
  return { createdUsers: missing.map((u) => u.username) };
}

export function demoAccountsTable(password: string): string {
  const lines = DEMO_USERS.map((u) => `  ${u.username.padEnd(16)} ${u.roles.join(',').padEnd(12)} ${u.name}`);
  return [`Demo accounts (password: ${password}):`, ...lines].join('\n');
}
