import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './knex.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/** Applies every pending migration in migrations/; returns the names applied now. */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({
    directory: MIGRATIONS_DIR,
    loadExtensions: ['.ts'],
    tableName: 'knex_migrations',
  })) as [number, string[]];
  return applied;
}
