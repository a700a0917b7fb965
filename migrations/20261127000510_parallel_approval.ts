import type { Knex } from 'knex';

/**
 * Parallel approval (并联审批, DOMAIN.md §6): which departments take part in an item or bundle
 * (一件事), the case's branches with their own clocks and pauses, corrections and special
 * procedures tied to the branch that raised them, and simulated approval (模拟审批).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('parallel_items', (t) => {
    t.string('item_code', 36)
      .primary({ constraintName: 'parallel_items_pk' })
      .references('code')
      .inTable('service_items')
      .onDelete('CASCADE')
      .withKeyName('parallel_items_item_fk');
    t.string('kind', 8).notNullable().defaultTo('item').comment('item: one item, several departments | bundle: 一件事');
    t.string('refusal_policy', 12)
      .notNullable()
      .defaultTo('cancel_rest')
      .comment('a department refuses: cancel_rest cancels the other branches, finish_all lets them finish');
    t.boolean('simulation_allowed').notNullable().defaultTo(false).comment('模拟审批 allowed');
    t.string('prerequisite_material', 32).comment('material code that may be missing under simulated approval');
    t.jsonb('members').notNullable().defaultTo('[]').comment('bundle: [{ itemCode, name }] of the member items');
  });
  await knex.raw(`ALTER TABLE parallel_items ADD CONSTRAINT parallel_items_kind_ck CHECK (kind IN ('item','bundle'))`);
  await knex.raw(
    `ALTER TABLE parallel_items ADD CONSTRAINT parallel_items_refusal_ck CHECK (refusal_policy IN ('cancel_rest','finish_all'))`,
  );
  await knex.raw(
    `ALTER TABLE parallel_items ADD CONSTRAINT parallel_items_simulation_ck CHECK (NOT simulation_allowed OR prerequisite_material IS NOT NULL)`,
  );
  await knex.raw(
    `COMMENT ON TABLE parallel_items IS 'Items and bundles handled by the parallel-approval flow; the service item''s department is the lead (牵头) department'`,
  );

  await knex.schema.createTable('parallel_participants', (t) => {
    t.string('item_code', 36)
      .notNullable()
      .references('item_code')
      .inTable('parallel_items')
      .onDelete('CASCADE')
      .withKeyName('parallel_participants_item_fk');
    t.string('department_code', 32)
      .notNullable()
      .references('code')
      .inTable('departments')
      .withKeyName('parallel_participants_dept_fk');
    t.smallint('position').notNullable();
    t.integer('promised_days').notNullable().comment("the department's own promised limit");
    t.string('day_unit', 8).notNullable().defaultTo('working');
    t.specificType('member_items', 'text[]').notNullable().defaultTo('{}').comment('bundle items this branch decides');
    t.primary(['item_code', 'department_code'], { constraintName: 'parallel_participants_pk' });
  });
  await knex.raw(
    `ALTER TABLE parallel_participants ADD CONSTRAINT parallel_participants_days_ck CHECK (promised_days > 0)`,
  );
  await knex.raw(
    `ALTER TABLE parallel_participants ADD CONSTRAINT parallel_participants_unit_ck CHECK (day_unit IN ('working','natural'))`,
  );

  await knex.schema.createTable('parallel_cases', (t) => {
    t.uuid('case_id')
      .primary({ constraintName: 'parallel_cases_pk' })
      .references('id')
      .inTable('cases')
      .onDelete('CASCADE')
      .withKeyName('parallel_cases_case_fk');
    t.string('refusal_policy', 12).notNullable();
    t.boolean('simulated').notNullable().defaultTo(false).comment('applied without the prerequisite (模拟审批)');
    t.string('prerequisite_material', 32);
    t.timestamp('formalized_at', { useTz: true }).comment('prerequisite received: simulated → formal');
  });

  await knex.schema.createTable('case_branches', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id')
      .notNullable()
      .references('id')
      .inTable('cases')
      .onDelete('CASCADE')
      .withKeyName('case_branches_case_fk');
    t.string('department_code', 32)
      .notNullable()
      .references('code')
      .inTable('departments')
      .withKeyName('case_branches_dept_fk');
    t.smallint('position').notNullable();
    t.specificType('member_items', 'text[]').notNullable().defaultTo('{}');
    t.string('status', 12).notNullable().defaultTo('pending');
    t.string('handler', 64).comment('username of who last acted on the branch');
    t.string('opinion', 2000);
    t.string('result', 16);
    t.string('result_reason', 2000);
    t.string('cancel_reason', 1000);
    t.uuid('document_id').references('id').inTable('documents').withKeyName('case_branches_document_fk');
    t.integer('promised_days').notNullable();
    t.string('day_unit', 8).notNullable();
    t.integer('extension_days').notNullable().defaultTo(0);
    t.timestamp('started_at', { useTz: true });
    t.timestamp('due_at', { useTz: true });
    t.string('clock_state', 8);
    t.timestamp('clock_paused_at', { useTz: true });
    t.timestamp('completed_at', { useTz: true });
    t.unique(['case_id', 'department_code'], { indexName: 'case_branches_case_dept_uq' });
  });
  await knex.raw(
    `ALTER TABLE case_branches ADD CONSTRAINT case_branches_status_ck CHECK (status IN ('pending','in_progress','correction','special','approved','refused','cancelled'))`,
  );
  await knex.raw(
    `ALTER TABLE case_branches ADD CONSTRAINT case_branches_result_ck CHECK (result IS NULL OR result IN ('approved','refused'))`,
  );
  await knex.raw(
    `ALTER TABLE case_branches ADD CONSTRAINT case_branches_clock_ck CHECK (clock_state IS NULL OR clock_state IN ('running','paused','stopped'))`,
  );
  await knex.raw(
    `COMMENT ON TABLE case_branches IS 'One branch per participating department of a parallel case: status, handler, opinion, result and its own clock'`,
  );

  await knex.schema.createTable('branch_pauses', (t) => {
    t.bigIncrements('id').primary({ constraintName: 'branch_pauses_pk' });
    t.uuid('branch_id')
      .notNullable()
      .references('id')
      .inTable('case_branches')
      .onDelete('CASCADE')
      .withKeyName('branch_pauses_branch_fk');
    t.string('reason', 12).notNullable();
    t.uuid('ref_id').notNullable().comment('the correction or special procedure that paused the branch clock');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
    t.unique(['ref_id'], { indexName: 'branch_pauses_ref_uq' });
  });
  await knex.raw(
    `ALTER TABLE branch_pauses ADD CONSTRAINT branch_pauses_reason_ck CHECK (reason IN ('correction','special'))`,
  );

  await knex.schema.alterTable('corrections', (t) => {
    t.string('branch_department', 32).comment('parallel approval: the department whose branch asked');
  });
  await knex.schema.alterTable('special_procedures', (t) => {
    t.string('branch_department', 32).comment('parallel approval: the department whose branch is paused');
  });
  await knex.raw('ALTER TABLE documents DROP CONSTRAINT documents_type_ck');
  await knex.raw(
    `ALTER TABLE documents ADD CONSTRAINT documents_type_ck CHECK (type IN ('acceptance','not_acceptance','correction','special','approval_decision','refusal_decision','simulated_decision'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('documents').where({ type: 'simulated_decision' }).del();
  await knex.raw('ALTER TABLE documents DROP CONSTRAINT documents_type_ck');
  await knex.raw(
    `ALTER TABLE documents ADD CONSTRAINT documents_type_ck CHECK (type IN ('acceptance','not_acceptance','correction','special','approval_decision','refusal_decision'))`,
  );
  await knex.schema.alterTable('special_procedures', (t) => t.dropColumn('branch_department'));
  await knex.schema.alterTable('corrections', (t) => t.dropColumn('branch_department'));
  for (const table of ['branch_pauses', 'case_branches', 'parallel_cases', 'parallel_participants', 'parallel_items'])
    await knex.schema.dropTableIfExists(table);
}
