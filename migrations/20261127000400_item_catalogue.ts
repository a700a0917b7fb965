import type { Knex } from 'knex';

/**
 * The portal's theme catalogue (主题分类): the themes under which items are listed for persons
 * (面向自然人) and for legal persons (面向法人), as GB/T 39046 keeps them apart. An item names its
 * themes in `service_items.themes`; it is listed under a theme of an audience when the theme's name
 * is among them and the item serves that audience. The theme list itself is reference data (next file).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('item_themes', (t) => {
    t.string('code', 32).primary({ constraintName: 'item_themes_pk' }).comment('stable code used in portal links');
    t.string('audience', 8).notNullable().comment('person 自然人 | legal 法人');
    t.string('name', 32).notNullable().comment('theme name as items name it in service_items.themes');
    t.string('name_en', 64).notNullable().comment('English name for the portal');
    t.integer('sort_order').notNullable().defaultTo(0).comment('position in the portal, ascending');
    t.unique(['audience', 'name'], { indexName: 'item_themes_audience_name_uq' });
  });
  await knex.raw(`COMMENT ON TABLE item_themes IS '主题分类 of the portal, one list per audience (GB/T 39046)'`);
  await knex.raw(
    `ALTER TABLE item_themes ADD CONSTRAINT item_themes_audience_ck CHECK (audience IN ('person','legal'))`,
  );
  await knex.raw(`ALTER TABLE item_themes ADD CONSTRAINT item_themes_name_ck CHECK (length(trim(name)) > 0)`);
  await knex.raw('CREATE INDEX service_items_themes_idx ON service_items USING gin (themes)');
  await knex.raw(
    `COMMENT ON COLUMN service_items.themes IS 'names of item_themes the item is listed under (for each audience it serves)'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS service_items_themes_idx');
  await knex.schema.dropTableIfExists('item_themes');
}
