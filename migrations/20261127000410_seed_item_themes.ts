import type { Knex } from 'knex';

/**
 * Reference data: the themes of the national government-service portal (国家政务服务平台) for
 * persons and for legal persons, in the portal's order. Self-contained (a migration never imports
 * live code) and idempotent (ON CONFLICT DO NOTHING), so a local addition or renaming is kept.
 */
const PERSON: [string, string, string][] = [
  ['P-BIRTH', '生育收养', 'Birth and adoption'],
  ['P-HOUSEHOLD', '户籍办理', 'Household registration'],
  ['P-EDUCATION', '教育科研', 'Education and research'],
  ['P-EMPLOYMENT', '就业创业', 'Employment and starting a business'],
  ['P-PERMIT', '准营准办', 'Permits to operate'],
  ['P-QUALIFICATION', '职业资格', 'Professional qualifications'],
  ['P-MARRIAGE', '婚姻登记', 'Marriage registration'],
  ['P-HOUSING', '住房保障', 'Housing'],
  ['P-SOCIAL', '社会保障', 'Social security'],
  ['P-HEALTH', '医疗卫生', 'Health care'],
  ['P-CERTIFICATE', '证件办理', 'Certificates and ID documents'],
  ['P-TRANSPORT', '交通出行', 'Transport'],
  ['P-RETIREMENT', '离职退休', 'Retirement'],
  ['P-OTHER', '其他', 'Other'],
];

const LEGAL: [string, string, string][] = [
  ['L-SETUP', '设立变更', 'Setting up and changes'],
  ['L-PERMIT', '准营准办', 'Permits to operate'],
  ['L-QUALIFICATION', '资质认证', 'Qualifications and certification'],
  ['L-CONSTRUCTION', '工程建设', 'Construction projects'],
  ['L-INVESTMENT', '投资审批', 'Investment approval'],
  ['L-TAX', '税收财务', 'Tax and finance'],
  ['L-HR', '人力资源', 'Human resources'],
  ['L-HEALTH', '医疗卫生', 'Health care'],
  ['L-SAFETY', '安全生产', 'Work safety'],
  ['L-FIRE', '公安消防', 'Public security and fire'],
  ['L-ENVIRONMENT', '环保绿化', 'Environment'],
  ['L-CLOSING', '法人注销', 'Closing a business'],
  ['L-OTHER', '其他', 'Other'],
];

const rows = (audience: 'person' | 'legal', list: [string, string, string][]) =>
  list.map(([code, name, name_en], index) => ({ code, audience, name, name_en, sort_order: (index + 1) * 10 }));

export async function up(knex: Knex): Promise<void> {
  await knex('item_themes')
    .insert([...rows('person', PERSON), ...rows('legal', LEGAL)])
    .onConflict()
    .ignore();
}

export async function down(knex: Knex): Promise<void> {
  await knex('item_themes')
    .whereIn(
      'code',
      [...PERSON, ...LEGAL].map(([code]) => code),
    )
    .del();
}
