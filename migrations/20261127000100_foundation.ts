import type { Knex } from 'knex';

/**
 * Foundation schema: organisation, identity, sessions, service items, cases, events, files,
 * notifications, audit trail, working-day calendar, process deployments, worker heartbeats.
 * Runs on PostgreSQL 15 and on embedded PGlite alike.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('departments', (t) => {
    t.string('code', 32).primary();
    t.string('name', 128).notNullable();
    t.string('parent_code', 32).references('code').inTable('departments').withKeyName('departments_parent_fk');
    t.smallint('level').notNullable().defaultTo(4).comment('行使层级: 4 县级, 5 乡镇/街道, 6 村/社区');
    t.string('credit_code', 18).comment('统一社会信用代码 of the implementing body');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`COMMENT ON TABLE departments IS 'District departments and sub-units (部门)'`);

  await knex.schema.createTable('roles', (t) => {
    t.string('code', 32).primary();
    t.string('name_zh', 64).notNullable();
    t.string('name_en', 64).notNullable();
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('username', 64).notNullable().unique('users_username_uq');
    t.string('name', 128).notNullable();
    t.string('kind', 8).notNullable();
    t.string('password_hash', 100).notNullable();
    t.timestamp('password_changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.boolean('disabled').notNullable().defaultTo(false);
    t.string('email', 254);
    t.string('phone', 32).comment('Personal data: masked on display');
    t.string('id_number', 32).comment('Personal data (ID card or USCC): masked on display');
    t.jsonb('contact_preferences').notNullable().defaultTo(knex.raw(`'["site"]'::jsonb`));
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_kind_ck CHECK (kind IN ('staff','person','legal'))`);
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_failed_logins_ck CHECK (failed_logins >= 0)`);

  await knex.schema.createTable('user_roles', (t) => {
    t.uuid('user_id')
      .notNullable()
      .references('id')
      .inTable('users')
      .onDelete('CASCADE')
      .withKeyName('user_roles_user_fk');
    t.string('role_code', 32).notNullable().references('code').inTable('roles').withKeyName('user_roles_role_fk');
    t.primary(['user_id', 'role_code'], { constraintName: 'user_roles_pk' });
  });
  await knex.schema.createTable('user_departments', (t) => {
    t.uuid('user_id')
      .notNullable()
      .references('id')
      .inTable('users')
      .onDelete('CASCADE')
      .withKeyName('user_departments_user_fk');
    t.string('department_code', 32)
      .notNullable()
      .references('code')
      .inTable('departments')
      .withKeyName('user_departments_dept_fk');
    t.primary(['user_id', 'department_code'], { constraintName: 'user_departments_pk' });
  });

  await knex.schema.createTable('sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('token_hash', 64)
      .notNullable()
      .unique('sessions_token_hash_uq')
      .comment('SHA-256 of the bearer token; the token itself is never stored');
    t.uuid('user_id')
      .notNullable()
      .references('id')
      .inTable('users')
      .onDelete('CASCADE')
      .withKeyName('sessions_user_fk');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.string('ip', 64);
    t.string('user_agent', 256);
    t.index(['user_id'], 'sessions_user_idx');
  });

  await knex.schema.createTable('service_items', (t) => {
    t.string('code', 36).primary().comment('实施编码 (opaque)');
    t.string('catalog_code', 12).notNullable().comment('基本编码 (opaque)');
    t.integer('version').notNullable().defaultTo(1);
    t.string('name', 200).notNullable();
    t.string('type', 2).notNullable().comment('GB/T 39046 A.1 item type code');
    t.string('department_code', 32)
      .notNullable()
      .references('code')
      .inTable('departments')
      .withKeyName('service_items_dept_fk');
    t.specificType('audience', 'text[]').notNullable().comment('person and/or legal');
    t.specificType('themes', 'text[]').notNullable().defaultTo('{}');
    t.string('case_type', 8).notNullable().comment('instant 即办件 | promised 承诺件');
    t.integer('legal_days').notNullable();
    t.integer('promised_days').notNullable();
    t.string('day_unit', 8).notNullable().defaultTo('working');
    t.boolean('online').notNullable().defaultTo(true);
    t.integer('onsite_visits').notNullable().defaultTo(0);
    t.string('process_key', 64).notNullable().comment('BPMN process definition key the item runs on');
    t.decimal('sla_yellow_ratio', 4, 3)
      .notNullable()
      .defaultTo(0.333)
      .comment('yellow card when remaining/limit ≤ this');
    t.jsonb('guide').notNullable().defaultTo('{}').comment('办事指南 fields');
    t.jsonb('materials').notNullable().defaultTo('[]');
    t.jsonb('form').notNullable().defaultTo('{}').comment('application form definition');
    t.string('status', 16).notNullable().defaultTo('published');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `ALTER TABLE service_items ADD CONSTRAINT service_items_case_type_ck CHECK (case_type IN ('instant','promised'))`,
  );
  await knex.raw(
    `ALTER TABLE service_items ADD CONSTRAINT service_items_days_ck CHECK (promised_days >= 0 AND legal_days >= 0 AND promised_days <= legal_days)`,
  );
  await knex.raw(
    `ALTER TABLE service_items ADD CONSTRAINT service_items_instant_ck CHECK ((case_type = 'instant') = (promised_days = 0))`,
  );
  await knex.raw(
    `ALTER TABLE service_items ADD CONSTRAINT service_items_unit_ck CHECK (day_unit IN ('working','natural'))`,
  );
  await knex.raw(
    `ALTER TABLE service_items ADD CONSTRAINT service_items_status_ck CHECK (status IN ('draft','published','suspended','cancelled'))`,
  );

  await knex.schema.createTable('cases', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('case_no', 50).notNullable().unique('cases_case_no_uq');
    t.string('item_code', 36).notNullable().references('code').inTable('service_items').withKeyName('cases_item_fk');
    t.string('department_code', 32)
      .notNullable()
      .references('code')
      .inTable('departments')
      .withKeyName('cases_dept_fk');
    t.uuid('applicant_id').notNullable().references('id').inTable('users').withKeyName('cases_applicant_fk');
    t.string('status', 24).notNullable();
    t.string('result', 16);
    t.string('channel', 2).notNullable().defaultTo('2').comment('办理形式 code');
    t.string('query_code_hash', 64).comment('SHA-256 of the 查询密码');
    t.string('process_instance_id', 64);
    t.string('process_definition_id', 128);
    t.jsonb('form').notNullable().defaultTo('{}');
    t.timestamp('submitted_at', { useTz: true });
    t.timestamp('accepted_at', { useTz: true });
    t.string('acceptance_notice_no', 64);
    t.timestamp('due_at', { useTz: true });
    t.timestamp('completed_at', { useTz: true });
    t.integer('row_version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['applicant_id', 'created_at'], 'cases_applicant_idx');
    t.index(['department_code', 'status'], 'cases_dept_status_idx');
  });
  await knex.raw(
    `ALTER TABLE cases ADD CONSTRAINT cases_status_ck CHECK (status IN ('draft','submitted','correction_required','not_accepted','accepted','in_progress','special_procedure','completed','voided','withdrawn','archived'))`,
  );
  await knex.raw(
    `ALTER TABLE cases ADD CONSTRAINT cases_result_ck CHECK (result IS NULL OR result IN ('approved','refused'))`,
  );

  await knex.schema.createTable('case_events', (t) => {
    t.bigIncrements('id').primary({ constraintName: 'case_events_pk' });
    t.uuid('case_id')
      .notNullable()
      .references('id')
      .inTable('cases')
      .onDelete('CASCADE')
      .withKeyName('case_events_case_fk');
    t.string('type', 48).notNullable();
    t.uuid('actor_id').references('id').inTable('users').withKeyName('case_events_actor_fk');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.boolean('applicant_visible').notNullable().defaultTo(true);
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.string('dedupe_key', 128)
      .unique('case_events_dedupe_uq')
      .comment('set by workers so a re-delivered task records once');
    t.index(['case_id', 'at'], 'case_events_case_idx');
  });

  await knex.schema.createTable('files', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('owner_id').notNullable().references('id').inTable('users').withKeyName('files_owner_fk');
    t.uuid('case_id').references('id').inTable('cases').withKeyName('files_case_fk');
    t.string('purpose', 16).notNullable().defaultTo('material');
    t.string('name', 255).notNullable();
    t.bigInteger('size').notNullable();
    t.string('mime', 100).notNullable().comment('detected from the content, not the name');
    t.string('sha256', 64).notNullable();
    t.string('storage_path', 512).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id'], 'files_case_idx');
  });
  await knex.raw(`ALTER TABLE files ADD CONSTRAINT files_size_ck CHECK (size >= 0)`);

  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id').primary({ constraintName: 'notifications_pk' });
    t.uuid('case_id').references('id').inTable('cases').withKeyName('notifications_case_fk');
    t.uuid('user_id').notNullable().references('id').inTable('users').withKeyName('notifications_user_fk');
    t.string('channel', 8).notNullable();
    t.string('template', 48).notNullable();
    t.string('title', 200).notNullable();
    t.text('body').notNullable();
    t.string('status', 12).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.timestamp('read_at', { useTz: true });
    t.text('last_error');
    t.string('dedupe_key', 160).notNullable().unique('notifications_dedupe_uq');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status', 'next_attempt_at'], 'notifications_outbox_idx');
    t.index(['user_id', 'created_at'], 'notifications_user_idx');
  });
  await knex.raw(
    `ALTER TABLE notifications ADD CONSTRAINT notifications_channel_ck CHECK (channel IN ('site','email','sms'))`,
  );
  await knex.raw(
    `ALTER TABLE notifications ADD CONSTRAINT notifications_status_ck CHECK (status IN ('pending','sent','failed'))`,
  );

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary({ constraintName: 'audit_log_pk' });
    t.timestamp('at', { useTz: true }).notNullable();
    t.uuid('actor_id');
    t.string('actor_username', 64);
    t.string('type', 64).notNullable();
    t.boolean('success').notNullable();
    t.string('target', 128);
    t.string('case_no', 50);
    t.string('ip', 64);
    t.string('request_id', 64);
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable().unique('audit_log_hash_uq');
    t.index(['at'], 'audit_log_at_idx');
    t.index(['actor_username', 'at'], 'audit_log_actor_idx');
    t.index(['case_no'], 'audit_log_case_idx');
  });
  await knex.raw(`COMMENT ON TABLE audit_log IS 'Append-only, hash-chained audit trail (等保三级); kept >= 6 months'`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END;
    $$ LANGUAGE plpgsql`);
  await knex.raw(
    `CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
  );
  await knex.raw(
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
  );

  await knex.schema.createTable('work_calendar', (t) => {
    t.date('date').primary({ constraintName: 'work_calendar_pk' });
    t.boolean('is_workday').notNullable();
    t.string('kind', 16).notNullable().comment('weekday | weekend | holiday | swapped_workday | local');
    t.string('source', 200).notNullable().comment('the document the day comes from');
    t.string('note', 200);
  });
  await knex.raw(
    `ALTER TABLE work_calendar ADD CONSTRAINT work_calendar_kind_ck CHECK (kind IN ('weekday','weekend','holiday','swapped_workday','local'))`,
  );

  await knex.schema.createTable('process_deployments', (t) => {
    t.bigIncrements('id').primary({ constraintName: 'process_deployments_pk' });
    t.string('process_key', 64).notNullable();
    t.integer('version').notNullable();
    t.string('definition_id', 128).notNullable().unique('process_deployments_definition_uq');
    t.string('deployment_id', 64).notNullable();
    t.string('resource_name', 200).notNullable();
    t.string('sha256', 64).notNullable();
    t.string('deployed_by', 64).notNullable();
    t.string('source', 16).notNullable().comment('startup | cli | designer');
    t.string('comment', 500);
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['process_key', 'version'], 'process_deployments_key_idx');
  });

  await knex.schema.createTable('worker_heartbeats', (t) => {
    t.string('worker_id', 128).primary();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.jsonb('topics').notNullable().defaultTo('[]');
    t.string('host', 128);
    t.integer('pid');
    t.timestamp('stopped_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'worker_heartbeats',
    'process_deployments',
    'work_calendar',
    'audit_log',
    'notifications',
    'files',
    'case_events',
    'cases',
    'service_items',
    'sessions',
    'user_departments',
    'user_roles',
    'users',
    'roles',
    'departments',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP FUNCTION IF EXISTS audit_log_append_only()');
}
