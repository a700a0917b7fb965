import type { Knex } from 'knex';

/**
 * General approval (通用审批): case fields for the clock and materials, the task read model,
 * corrections, special procedures, issued documents, notice counters, clock pauses,
 * idempotency keys, worker-topic executions and evaluations.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.string('query_code', 12).comment('查询密码 for anonymous progress lookup; shown to the applicant');
    t.jsonb('materials').notNullable().defaultTo('[]').comment('[{ code, fileIds }]');
    t.string('applicant_name', 128).comment('as entered; masked on display');
    t.integer('promised_days').comment('fixed at acceptance from the item');
    t.string('day_unit', 8).comment('working | natural, fixed at acceptance');
    t.integer('extension_days').notNullable().defaultTo(0).comment('type-1 special procedure extensions');
    t.string('clock_state', 8).comment('running | paused | stopped');
    t.timestamp('clock_paused_at', { useTz: true });
    t.string('result_reason', 1000);
    t.string('decision_notice_no', 64);
    t.string('termination', 16).comment('voided | withdrawn | expired');
    t.string('termination_reason', 1000);
    t.string('current_step', 64).comment('activity id of the open user task, for progress answers');
    t.index(['status', 'due_at'], 'cases_status_due_idx');
  });
  await knex.raw(
    `ALTER TABLE cases ADD CONSTRAINT cases_clock_state_ck CHECK (clock_state IS NULL OR clock_state IN ('running','paused','stopped'))`,
  );
  await knex.raw(`ALTER TABLE cases ADD CONSTRAINT cases_extension_ck CHECK (extension_days >= 0)`);

  await knex.schema.createTable('case_tasks', (t) => {
    t.string('task_id', 64).primary({ constraintName: 'case_tasks_pk' });
    t.uuid('case_id')
      .notNullable()
      .references('id')
      .inTable('cases')
      .onDelete('CASCADE')
      .withKeyName('case_tasks_case_fk');
    t.string('activity_id', 64).notNullable();
    t.string('name', 128).notNullable();
    t.string('department_code', 32).notNullable();
    t.specificType('candidate_roles', 'text[]').notNullable();
    t.string('assignee', 64);
    t.string('owner', 64);
    t.string('delegation_state', 16);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('closed_at', { useTz: true });
    t.string('closed_action', 32);
    t.string('closed_by', 64);
    t.index(['department_code', 'closed_at'], 'case_tasks_open_idx');
    t.index(['case_id'], 'case_tasks_case_idx');
    t.index(['assignee'], 'case_tasks_assignee_idx');
  });
  await knex.raw(
    `COMMENT ON TABLE case_tasks IS 'Read model of the engine''s user tasks, synchronised per case, for fast task lists'`,
  );

  await knex.schema.createTable('corrections', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id')
      .notNullable()
      .references('id')
      .inTable('cases')
      .onDelete('CASCADE')
      .withKeyName('corrections_case_fk');
    t.string('stage', 12).notNullable();
    t.jsonb('items').notNullable().comment('[{ materialCode, reason }]: everything to fix, in one notice');
    t.string('opinion', 1000);
    t.string('notice_no', 64);
    t.timestamp('deadline_at', { useTz: true });
    t.uuid('requested_by').notNullable().references('id').inTable('users').withKeyName('corrections_requested_by_fk');
    t.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('answered_at', { useTz: true });
    t.jsonb('answer');
    t.string('status', 10).notNullable().defaultTo('open');
    t.index(['case_id'], 'corrections_case_idx');
  });
  await knex.raw(
    `ALTER TABLE corrections ADD CONSTRAINT corrections_stage_ck CHECK (stage IN ('acceptance','handling'))`,
  );
  await knex.raw(
    `ALTER TABLE corrections ADD CONSTRAINT corrections_status_ck CHECK (status IN ('open','answered','expired','cancelled'))`,
  );
  await knex.raw(`CREATE UNIQUE INDEX corrections_one_open_uq ON corrections (case_id) WHERE status = 'open'`);

  await knex.schema.createTable('special_procedures', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id')
      .notNullable()
      .references('id')
      .inTable('cases')
      .onDelete('CASCADE')
      .withKeyName('special_procedures_case_fk');
    t.smallint('type')
      .notNullable()
      .comment('特别程序种类: 1 延长审批, 2 其他 (hearing, expert review, inspection, test, public notice …)');
    t.string('kind', 32)
      .notNullable()
      .comment('extension | hearing | expert_review | inspection | test | public_notice | other');
    t.string('reason', 1000).notNullable();
    t.integer('expected_days').notNullable();
    t.string('from_step', 32).notNullable();
    t.string('notice_no', 64);
    t.uuid('started_by')
      .notNullable()
      .references('id')
      .inTable('users')
      .withKeyName('special_procedures_started_by_fk');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('ended_by').references('id').inTable('users').withKeyName('special_procedures_ended_by_fk');
    t.timestamp('ended_at', { useTz: true });
    t.string('result', 1000);
    t.index(['case_id'], 'special_procedures_case_idx');
  });
  await knex.raw(`ALTER TABLE special_procedures ADD CONSTRAINT special_procedures_type_ck CHECK (type IN (1, 2))`);
  await knex.raw(`ALTER TABLE special_procedures ADD CONSTRAINT special_procedures_days_ck CHECK (expected_days > 0)`);

  await knex.schema.createTable('clock_pauses', (t) => {
    t.bigIncrements('id').primary({ constraintName: 'clock_pauses_pk' });
    t.uuid('case_id')
      .notNullable()
      .references('id')
      .inTable('cases')
      .onDelete('CASCADE')
      .withKeyName('clock_pauses_case_fk');
    t.string('reason', 12).notNullable();
    t.uuid('ref_id').notNullable().comment('the correction or special procedure that paused the clock');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
    t.unique(['ref_id'], { indexName: 'clock_pauses_ref_uq' });
  });
  await knex.raw(
    `ALTER TABLE clock_pauses ADD CONSTRAINT clock_pauses_reason_ck CHECK (reason IN ('correction','special'))`,
  );

  await knex.schema.createTable('documents', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id')
      .notNullable()
      .references('id')
      .inTable('cases')
      .onDelete('CASCADE')
      .withKeyName('documents_case_fk');
    t.string('type', 24).notNullable();
    t.string('title', 100).notNullable();
    t.string('notice_no', 64).notNullable().unique('documents_notice_no_uq');
    t.uuid('file_id').notNullable().references('id').inTable('files').withKeyName('documents_file_fk');
    t.string('ref_key', 128)
      .notNullable()
      .unique('documents_ref_key_uq')
      .comment('what the document is for; one document per ref');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id'], 'documents_case_idx');
  });
  await knex.raw(
    `ALTER TABLE documents ADD CONSTRAINT documents_type_ck CHECK (type IN ('acceptance','not_acceptance','correction','special','approval_decision','refusal_decision'))`,
  );

  await knex.schema.createTable('counters', (t) => {
    t.string('scope', 80).notNullable();
    t.string('period', 16).notNullable();
    t.integer('last').notNullable().defaultTo(0);
    t.primary(['scope', 'period'], { constraintName: 'counters_pk' });
  });
  await knex.raw(
    `COMMENT ON TABLE counters IS 'Serial numbers per scope and period: case numbers per item and day, notices per type and year'`,
  );

  await knex.schema.createTable('idempotency_keys', (t) => {
    t.uuid('user_id')
      .notNullable()
      .references('id')
      .inTable('users')
      .onDelete('CASCADE')
      .withKeyName('idempotency_keys_user_fk');
    t.string('key', 128).notNullable();
    t.string('request_hash', 64).notNullable();
    t.integer('status_code');
    t.jsonb('response');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'key'], { constraintName: 'idempotency_keys_pk' });
  });

  await knex.schema.createTable('topic_executions', (t) => {
    t.string('task_id', 64)
      .primary({ constraintName: 'topic_executions_pk' })
      .comment('external task id: a re-delivered task does nothing twice');
    t.string('topic', 64).notNullable();
    t.string('case_no', 50);
    t.jsonb('result').notNullable();
    t.timestamp('done_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('evaluations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id')
      .notNullable()
      .references('id')
      .inTable('cases')
      .onDelete('CASCADE')
      .withKeyName('evaluations_case_fk');
    t.uuid('user_id').notNullable().references('id').inTable('users').withKeyName('evaluations_user_fk');
    t.smallint('rating').notNullable().comment('5 非常满意 … 1 非常不满意 (API scale); national code = 6 - rating');
    t.jsonb('dimensions').notNullable().defaultTo('{}');
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
    t.string('comment', 1000);
    t.string('channel', 2).notNullable().defaultTo('1');
    t.string('ip', 64).notNullable();
    t.boolean('is_default').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['case_id', 'user_id'], { indexName: 'evaluations_case_user_uq' });
    t.unique(['case_id', 'ip'], { indexName: 'evaluations_case_ip_uq' });
  });
  await knex.raw(`ALTER TABLE evaluations ADD CONSTRAINT evaluations_rating_ck CHECK (rating BETWEEN 1 AND 5)`);
  await knex.raw(
    `ALTER TABLE evaluations ADD CONSTRAINT evaluations_bad_reason_ck CHECK (rating > 2 OR coalesce(length(comment), 0) > 0 OR cardinality(tags) > 0)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'evaluations',
    'topic_executions',
    'idempotency_keys',
    'counters',
    'documents',
    'clock_pauses',
    'special_procedures',
    'corrections',
    'case_tasks',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_clock_state_ck');
  await knex.raw('ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_extension_ck');
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['status', 'due_at'], 'cases_status_due_idx');
    for (const c of [
      'query_code',
      'materials',
      'applicant_name',
      'promised_days',
      'day_unit',
      'extension_days',
      'clock_state',
      'clock_paused_at',
      'result_reason',
      'decision_notice_no',
      'termination',
      'termination_reason',
      'current_step',
    ]) {
      t.dropColumn(c);
    }
  });
}
