import type { Knex } from 'knex';

/**
 * Parallel approval: each participating department may have its own correction open at the same
 * time (the applicant answers them in turn, each answer going back to the branch that asked). One
 * open correction per case becomes one per case and branch; a case-level correction (acceptance,
 * or the general flow) still excludes a second one, as its branch is NULL → ''.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX corrections_one_open_uq');
  await knex.raw(
    `CREATE UNIQUE INDEX corrections_one_open_uq ON corrections (case_id, (coalesce(branch_department, ''))) WHERE status = 'open'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  // Before going back to one open correction per case, the later of two open ones are cancelled.
  await knex.raw(`
    UPDATE corrections c SET status = 'cancelled'
    WHERE c.status = 'open'
      AND EXISTS (SELECT 1 FROM corrections o WHERE o.case_id = c.case_id AND o.status = 'open' AND o.requested_at < c.requested_at)`);
  await knex.raw('DROP INDEX corrections_one_open_uq');
  await knex.raw(`CREATE UNIQUE INDEX corrections_one_open_uq ON corrections (case_id) WHERE status = 'open'`);
}
