import fs from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import type { AppConfig } from '../config.js';

export type Db = Knex;
export type Tx = Knex.Transaction;

/** Opens the API database: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise. */
export function createDb(db: AppConfig['db']): Db {
  if (db.kind === 'postgres') {
    return knexFactory({
      client: 'pg',
      connection: {
        connectionString: db.url,
        // The API asks small questions many times: starting parallel workers costs more than the
        // query (a task list page: 7.3 ms with two workers, 1.4 ms without, docs/benchmarks.md).
        // Ten times PostgreSQL's default keeps parallel plans for the scans that are truly large.
        options: '-c parallel_setup_cost=10000',
      },
      pool: { min: 0, max: db.poolMax },
    });
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
