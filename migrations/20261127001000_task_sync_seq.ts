import type { Knex } from 'knex';

/**
 * The task sync reads the engine before it takes the case's row lock, so that no database
 * connection waits for the engine. `task_sync_seq` counts the syncs that wrote the case's task rows:
 * a sync applies what it read only if the count is still what it was when it read, and reads again
 * under the lock otherwise (api/src/modules/cases/case-support.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.integer('task_sync_seq')
      .notNullable()
      .defaultTo(0)
      .comment('task syncs that wrote this case (migration 001000); a sync with an older count reads the engine again');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('task_sync_seq');
  });
}
