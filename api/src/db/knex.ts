import fs from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import type { AppConfig } from '../config.js';

export type Db = Knex;
export type Tx = Knex.Transaction;

/** Opens the API database: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise. */
export function createDb(db: AppConfig['db']): Db {
  if (db.kind === 'postgres') {
    return knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: db.poolMax } });
  }
  fs.mkdirSync(db.dir, { recursive: true });
  // knex-pglite keeps exactly one connection; a pool setting is not accepted.
  return knexFactory({
    client: ClientPgLite as unknown as Knex.Config['client'],
    dialect: 'postgres',
    connection: { filename: db.dir },
  } as Knex.Config);
}

/** Runs work in one transaction; every multi-statement write goes through here. */
export function inTransaction<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(work);
}
