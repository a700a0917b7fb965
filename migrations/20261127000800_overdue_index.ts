import type { Knex } from 'knex';

/**
 * The overdue filter of the task list (超期, `sla=red`): the cases whose clock runs or is paused,
 * by due date. Only those cases are in the index (a small part of `cases` once closed cases pile
 * up), so "due before now" among them is an index range, not a scan of every case.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX cases_clock_due_idx ON cases (due_at) WHERE clock_state IN ('running','paused')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS cases_clock_due_idx');
}
