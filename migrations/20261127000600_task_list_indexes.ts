import type { Knex } from 'knex';

/**
 * Task list at scale: the todo list reads only the open tasks of the user's departments, sorted by
 * the case's due date, and counts them. With a million closed cases PostgreSQL sorted every case by
 * due date and walked that order looking for open tasks (0.5–1 s per page, see docs/benchmarks.md).
 *
 * - `case_tasks.due_at`: a copy of the case's due date in the read model, kept equal to
 *   `cases.due_at` by two triggers (filled when a task row is written, copied to the case's tasks
 *   when the case's due date changes), so the page is sorted and cut to its 20 rows before the
 *   join with cases.
 * - partial indexes over the open tasks only (a small fraction of the table): by department, with
 *   the columns the todo filter reads, so the count is an index-only scan; and by assignee.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_tasks', (t) => {
    t.timestamp('due_at', { useTz: true }).comment(
      'copy of cases.due_at (triggers case_tasks_due_at_fill and cases_due_at_to_tasks), for sorting the task list',
    );
  });
  await knex.raw(
    `UPDATE case_tasks t SET due_at = c.due_at FROM cases c WHERE c.id = t.case_id AND c.due_at IS NOT NULL`,
  );

  await knex.raw(`
    CREATE FUNCTION case_tasks_due_at_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.due_at := (SELECT due_at FROM cases WHERE id = NEW.case_id);
      RETURN NEW;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER case_tasks_due_at_fill BEFORE INSERT OR UPDATE OF case_id ON case_tasks
    FOR EACH ROW EXECUTE FUNCTION case_tasks_due_at_fill()`);
  await knex.raw(`
    CREATE FUNCTION cases_due_at_to_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE case_tasks SET due_at = NEW.due_at WHERE case_id = NEW.id;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER cases_due_at_to_tasks AFTER UPDATE OF due_at ON cases
    FOR EACH ROW WHEN (OLD.due_at IS DISTINCT FROM NEW.due_at) EXECUTE FUNCTION cases_due_at_to_tasks()`);

  await knex.raw(
    `CREATE INDEX case_tasks_todo_dept_idx ON case_tasks (department_code) INCLUDE (candidate_roles, assignee)
     WHERE closed_at IS NULL`,
  );
  await knex.raw(`CREATE INDEX case_tasks_todo_assignee_idx ON case_tasks (assignee) WHERE closed_at IS NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS case_tasks_todo_assignee_idx');
  await knex.raw('DROP INDEX IF EXISTS case_tasks_todo_dept_idx');
  await knex.raw('DROP TRIGGER IF EXISTS cases_due_at_to_tasks ON cases');
  await knex.raw('DROP FUNCTION IF EXISTS cases_due_at_to_tasks()');
  await knex.raw('DROP TRIGGER IF EXISTS case_tasks_due_at_fill ON case_tasks');
  await knex.raw('DROP FUNCTION IF EXISTS case_tasks_due_at_fill()');
  await knex.schema.alterTable('case_tasks', (t) => {
    t.dropColumn('due_at');
  });
}
