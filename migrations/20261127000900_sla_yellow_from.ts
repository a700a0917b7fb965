import type { Knex } from 'knex';

/**
 * The yellow and green filters of the task list (即将到期 / 正常) at scale. A case's light turns
 * yellow when the working days left to its due date fall to ⌊(promised + extension days) × the
 * item's yellow ratio⌋ = N. Counted from the due date backwards, that is from the (N+1)-th working
 * day on or before the due date: stored per case as `sla_yellow_from` (a Beijing date), the filter
 * compares dates instead of counting working days for every open task of the department (737 ms for
 * the count at 100 000 open tasks, docs/benchmarks.md). The task list's own SLA column keeps counting
 * (it is the definition; an integration test holds the filter to it).
 *
 * Kept current by triggers: on the case (due date, promised or extension days, item), on the item
 * (its ratio) and on the calendar (any change of a working day), and copied to the case's task rows
 * with the clock (migration 000800).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION sla_yellow_from(due timestamptz, promised integer, extension integer, ratio numeric)
    RETURNS date LANGUAGE sql STABLE AS $$
      SELECT CASE
        WHEN due IS NULL THEN NULL
        -- Without promised days the light never turns yellow (the SLA expression compares with NULL).
        WHEN promised IS NULL OR ratio IS NULL THEN 'infinity'::date
        ELSE coalesce(
          (SELECT w.date FROM work_calendar w
            WHERE w.is_workday AND w.date <= ((due AT TIME ZONE 'UTC') + interval '8 hours')::date
            ORDER BY w.date DESC OFFSET floor((promised + coalesce(extension, 0)) * ratio)::integer LIMIT 1),
          -- Fewer working days in the calendar than that: yellow from the start.
          '-infinity'::date)
      END
    $$`);
  await knex.schema.alterTable('cases', (t) => {
    t.date('sla_yellow_from').comment('Beijing date from which the SLA light is yellow (migration 000900)');
  });
  await knex.schema.alterTable('case_tasks', (t) => {
    t.date('sla_yellow_from').comment("copy of cases.sla_yellow_from, for the task list's SLA filters");
  });

  await knex.raw(`
    CREATE FUNCTION cases_sla_yellow_from() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.sla_yellow_from := sla_yellow_from(NEW.due_at, NEW.promised_days, NEW.extension_days,
        (SELECT sla_yellow_ratio FROM service_items WHERE code = NEW.item_code));
      RETURN NEW;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER cases_sla_yellow_from BEFORE INSERT OR UPDATE OF due_at, promised_days, extension_days, item_code
    ON cases FOR EACH ROW EXECUTE FUNCTION cases_sla_yellow_from()`);
  // Only cases whose clock runs or is paused have a light.
  await knex.raw(`
    CREATE FUNCTION items_sla_yellow_from() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE cases c SET sla_yellow_from = sla_yellow_from(c.due_at, c.promised_days, c.extension_days, NEW.sla_yellow_ratio)
        WHERE c.item_code = NEW.code AND c.clock_state IN ('running','paused');
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER items_sla_yellow_from AFTER UPDATE OF sla_yellow_ratio ON service_items
    FOR EACH ROW WHEN (OLD.sla_yellow_ratio IS DISTINCT FROM NEW.sla_yellow_ratio)
    EXECUTE FUNCTION items_sla_yellow_from()`);
  await knex.raw(`
    CREATE FUNCTION calendar_sla_yellow_from() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE cases c SET sla_yellow_from = sla_yellow_from(c.due_at, c.promised_days, c.extension_days, i.sla_yellow_ratio)
        FROM service_items i WHERE i.code = c.item_code AND c.clock_state IN ('running','paused');
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER calendar_sla_yellow_from AFTER INSERT OR UPDATE OR DELETE ON work_calendar
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_sla_yellow_from()`);

  // Copied to the task rows with the due date and the clock. The copy fires on any update of a case
  // whose values changed: \`sla_yellow_from\` also changes when the BEFORE trigger above sets it, and an
  // \`UPDATE OF <columns>\` trigger fires only for the columns the statement itself sets.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION case_tasks_due_at_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT due_at, clock_state, clock_paused_at, sla_yellow_from
        INTO NEW.due_at, NEW.clock_state, NEW.clock_paused_at, NEW.sla_yellow_from
        FROM cases WHERE id = NEW.case_id;
      RETURN NEW;
    END $$`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION cases_due_at_to_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE case_tasks SET due_at = NEW.due_at, clock_state = NEW.clock_state,
          clock_paused_at = NEW.clock_paused_at, sla_yellow_from = NEW.sla_yellow_from
        WHERE case_id = NEW.id;
      RETURN NULL;
    END $$`);
  await knex.raw('DROP TRIGGER cases_due_at_to_tasks ON cases');
  await knex.raw(`
    CREATE TRIGGER cases_due_at_to_tasks AFTER UPDATE ON cases
    FOR EACH ROW WHEN (OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.clock_state IS DISTINCT FROM NEW.clock_state
                       OR OLD.clock_paused_at IS DISTINCT FROM NEW.clock_paused_at
                       OR OLD.sla_yellow_from IS DISTINCT FROM NEW.sla_yellow_from)
    EXECUTE FUNCTION cases_due_at_to_tasks()`);

  // Existing rows: the live cases (the trigger copies the value to their tasks). A closed case has
  // no light; its value is written when its due date is (every insert or change of one).
  await knex.raw(`
    UPDATE cases c SET sla_yellow_from = sla_yellow_from(c.due_at, c.promised_days, c.extension_days, i.sla_yellow_ratio)
      FROM service_items i WHERE i.code = c.item_code AND c.clock_state IN ('running','paused')`);

  await knex.raw('DROP INDEX case_tasks_todo_due_idx');
  await knex.raw(
    `CREATE INDEX case_tasks_todo_due_idx ON case_tasks (department_code, due_at)
     INCLUDE (candidate_roles, assignee, clock_state, clock_paused_at, sla_yellow_from) WHERE closed_at IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX case_tasks_todo_due_idx');
  await knex.raw(
    `CREATE INDEX case_tasks_todo_due_idx ON case_tasks (department_code, due_at)
     INCLUDE (candidate_roles, assignee, clock_state, clock_paused_at) WHERE closed_at IS NULL`,
  );
  await knex.raw('DROP TRIGGER cases_due_at_to_tasks ON cases');
  await knex.raw(`
    CREATE TRIGGER cases_due_at_to_tasks AFTER UPDATE OF due_at, clock_state, clock_paused_at ON cases
    FOR EACH ROW WHEN (OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.clock_state IS DISTINCT FROM NEW.clock_state
                       OR OLD.clock_paused_at IS DISTINCT FROM NEW.clock_paused_at)
    EXECUTE FUNCTION cases_due_at_to_tasks()`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION cases_due_at_to_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE case_tasks SET due_at = NEW.due_at, clock_state = NEW.clock_state, clock_paused_at = NEW.clock_paused_at
        WHERE case_id = NEW.id;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION case_tasks_due_at_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT due_at, clock_state, clock_paused_at INTO NEW.due_at, NEW.clock_state, NEW.clock_paused_at
        FROM cases WHERE id = NEW.case_id;
      RETURN NEW;
    END $$`);
  await knex.raw('DROP TRIGGER calendar_sla_yellow_from ON work_calendar');
  await knex.raw('DROP FUNCTION calendar_sla_yellow_from()');
  await knex.raw('DROP TRIGGER items_sla_yellow_from ON service_items');
  await knex.raw('DROP FUNCTION items_sla_yellow_from()');
  await knex.raw('DROP TRIGGER cases_sla_yellow_from ON cases');
  await knex.raw('DROP FUNCTION cases_sla_yellow_from()');
  await knex.schema.alterTable('case_tasks', (t) => {
    t.dropColumn('sla_yellow_from');
  });
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('sla_yellow_from');
  });
  await knex.raw('DROP FUNCTION sla_yellow_from(timestamptz, integer, integer, numeric)');
}
