import type { Knex } from 'knex';

/**
 * Reference data: the roles of PRODUCT.md and the working-day calendar for 2025 and 2026 from the
 * State Council holiday notices (DOMAIN.md §3). Self-contained on purpose: a migration never imports
 * live code. Idempotent (ON CONFLICT DO NOTHING), so a partly seeded table is completed, not duplicated.
 */
const ROLES: [string, string, string][] = [
  ['applicant', '申请人', 'Applicant'],
  ['clerk', '综合窗口人员', 'Window clerk'],
  ['approver', '审批人员', 'Approver'],
  ['lead', '部门负责人', 'Department lead'],
  ['designer', '流程设计人员', 'Process designer'],
  ['item_manager', '事项管理员', 'Item manager'],
  ['item_reviewer', '事项审核人员', 'Item reviewer'],
  ['auditor', '审计人员', 'Auditor'],
  ['sysadmin', '系统管理员', 'System administrator'],
  ['secadmin', '安全管理员', 'Security administrator'],
  ['auditadmin', '审计管理员', 'Audit administrator'],
];

interface YearNotice {
  year: number;
  source: string;
  holidays: [string, string, string][]; // from, to (inclusive, MM-DD), name
  workdays: [string, string][]; // MM-DD, reason
}

const NOTICES: YearNotice[] = [
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（2024年11月12日）',
    holidays: [
      ['01-01', '01-01', '元旦'],
      ['01-28', '02-04', '春节'],
      ['04-04', '04-06', '清明节'],
      ['05-01', '05-05', '劳动节'],
      ['05-31', '06-02', '端午节'],
      ['10-01', '10-08', '国庆节、中秋节'],
    ],
    workdays: [
      ['01-26', '春节调休上班'],
      ['02-08', '春节调休上班'],
      ['04-27', '劳动节调休上班'],
      ['09-28', '国庆节调休上班'],
      ['10-11', '国庆节调休上班'],
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    holidays: [
      ['01-01', '01-03', '元旦'],
      ['02-15', '02-23', '春节'],
      ['04-04', '04-06', '清明节'],
      ['05-01', '05-05', '劳动节'],
      ['06-19', '06-21', '端午节'],
      ['09-25', '09-27', '中秋节'],
      ['10-01', '10-07', '国庆节'],
    ],
    workdays: [
      ['01-04', '元旦调休上班'],
      ['02-14', '春节调休上班'],
      ['02-28', '春节调休上班'],
      ['05-09', '劳动节调休上班'],
      ['09-20', '中秋节调休上班'],
      ['10-10', '国庆节调休上班'],
    ],
  },
];

const iso = (d: Date) => d.toISOString().slice(0, 10);

function calendarRows(n: YearNotice) {
  const holiday = new Map<string, string>();
  for (const [from, to, name] of n.holidays) {
    for (
      let d = new Date(`${n.year}-${from}T00:00:00Z`);
      iso(d) <= `${n.year}-${to}`;
      d.setUTCDate(d.getUTCDate() + 1)
    ) {
      holiday.set(iso(d), name);
    }
  }
  const swapped = new Map(n.workdays.map(([md, why]) => [`${n.year}-${md}`, why]));
  const rows = [];
  for (let d = new Date(`${n.year}-01-01T00:00:00Z`); d.getUTCFullYear() === n.year; d.setUTCDate(d.getUTCDate() + 1)) {
    const date = iso(d);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    if (holiday.has(date))
      rows.push({ date, is_workday: false, kind: 'holiday', source: n.source, note: holiday.get(date) });
    else if (swapped.has(date))
      rows.push({ date, is_workday: true, kind: 'swapped_workday', source: n.source, note: swapped.get(date) });
    else rows.push({ date, is_workday: !weekend, kind: weekend ? 'weekend' : 'weekday', source: n.source, note: null });
  }
  return rows;
}

export async function up(knex: Knex): Promise<void> {
  await knex('roles')
    .insert(ROLES.map(([code, name_zh, name_en]) => ({ code, name_zh, name_en })))
    .onConflict('code')
    .ignore();
  for (const notice of NOTICES) {
    await knex('work_calendar').insert(calendarRows(notice)).onConflict('date').ignore();
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex('work_calendar').whereBetween('date', ['2025-01-01', '2026-12-31']).del();
  // Roles still assigned to users stay: removing them would strip people of their access.
  await knex('roles')
    .whereIn(
      'code',
      ROLES.map(([code]) => code),
    )
    .whereNotExists(knex('user_roles').whereRaw('user_roles.role_code = roles.code'))
    .del();
}
