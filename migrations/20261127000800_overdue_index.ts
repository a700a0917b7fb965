import type { Knex } from 'knex';

/**
 * The overdue filter of the task list (超期, `sla=red`) at scale. "Overdue" is: the case's clock runs
 * and now is past its due date, or the clock is paused and it was paused after the due date. With
 * 100 000 open tasks, asking `cases` for that made PostgreSQL join thousands of overdue cases for
 * every page (p95 65 ms, docs/benchmarks.md). As migration 000600 did for the due date, the task
 * read model now carries the case's clock state and pause time too, kept equal to the case's by the
 * same two triggers, so the overdue page and its count are read from `case_tasks` alone, in due-date
 * order from one index over the open tasks.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_tasks', (t) => {
    t.string('clock_state', 8).comment('copy of cases.clock_state (triggers of migration 000800), for the SLA filter');
    t.timestamp('clock_paused_at', { useTz: true }).comment('copy of cases.clock_paused_at, for the SLA filter');
  });
  await knex.raw(
    `UPDATE case_tasks t SET clock_state = c.clock_state, clock_paused_at = c.clock_paused_at
     FROM cases c WHERE c.id = t.case_id AND (c.clock_state IS NOT NULL OR c.clock_paused_at IS NOT NULL)`,
  );
  await knex.raw(`
    CREATE OR REPLACE FUNCTION case_tasks_due_at_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT due_at, clock_state, clock_paused_at INTO NEW.due_at, NEW.clock_state, NEW.clock_paused_at
        FROM cases WHERE id = NEW.case_id;
      RETURN NEW;
    END $$`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION cases_due_at_to_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE case_tasks SET due_at = NEW.due_at, clock_state = NEW.clock_state, clock_paused_at = NEW.clock_paused_at
        WHERE case_id = NEW.id;
      RETURN NULL;
    END $$`);
  await knex.raw('DROP TRIGGER cases_due_at_to_tasks ON cases');
  await knex.raw(`
    CREATE TRIGGER cases_due_at_to_tasks AFTER UPDATE OF due_at, clock_state, clock_paused_at ON cases
    FOR EACH ROW WHEN (OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.clock_state IS DISTINCT FROM NEW.clock_state
                       OR OLD.clock_paused_at IS DISTINCT FROM NEW.clock_paused_at)
    EXECUTE FUNCTION cases_due_at_to_tasks()`);
  await knex.raw(
    `CREATE INDEX case_tasks_todo_due_idx ON case_tasks (department_code, due_at)
     INCLUDE (candidate_roles, assignee, clock_state, clock_paused_at) WHERE closed_at IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS case_tasks_todo_due_idx');
  await knex.raw('DROP TRIGGER cases_due_at_to_tasks ON cases');
  await knex.raw(`
    CREATE OR REPLACE FUNCTION cases_due_at_to_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE case_tasks SET due_at = NEW.due_at WHERE case_id = NEW.id;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER cases_due_at_to_tasks AFTER UPDATE OF due_at ON cases
    FOR EACH ROW WHEN (OLD.due_at IS DISTINCT FROM NEW.due_at) EXECUTE FUNCTION cases_due_at_to_tasks()`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION case_tasks_due_at_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.due_at := (SELECT due_at FROM cases WHERE id = NEW.case_id);
      RETURN NEW;
    END $$`);
  await knex.schema.alterTable('case_tasks', (t) => {
    t.dropColumn('clock_paused_at');
    t.dropColumn('clock_state');
  });
}
