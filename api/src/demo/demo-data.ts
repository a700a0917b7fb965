import type { Role, UserKind } from '@tongban/contracts';

/** Demo organisation of 石龙区 (the tender's district), its accounts and a few service items. */
export const DEMO_DEPARTMENTS = [
  { code: 'SLQ', name: '石龙区人民政府', parent_code: null, level: 4 },
  { code: 'SLQ-ZWFW', name: '石龙区政务服务和大数据管理局', parent_code: 'SLQ', level: 4 },
  { code: 'SLQ-SCJG', name: '石龙区市场监督管理局', parent_code: 'SLQ', level: 4 },
  { code: 'SLQ-WJW', name: '石龙区卫生健康委员会', parent_code: 'SLQ', level: 4 },
  { code: 'SLQ-XF', name: '石龙区消防救援大队', parent_code: 'SLQ', level: 4 },
  { code: 'SLQ-ZJJ', name: '石龙区住房和城乡建设局', parent_code: 'SLQ', level: 4 },
  { code: 'SLQ-ZRZY', name: '石龙区自然资源局', parent_code: 'SLQ', level: 4 },
  { code: 'SLQ-FGW', name: '石龙区发展和改革委员会', parent_code: 'SLQ', level: 4 },
  { code: 'SLQ-RSJ', name: '石龙区人力资源和社会保障局', parent_code: 'SLQ', level: 4 },
];

interface DemoUser {
  username: string;
  name: string;
  kind: UserKind;
  roles: Role[];
  departments: string[];
  phone?: string;
  email?: string;
  idNumber?: string;
}

export const DEMO_USERS: DemoUser[] = [
  {
    username: 'applicant1',
    name: '张三',
    kind: 'person',
    roles: ['applicant'],
    departments: [],
    phone: '13800001234',
    email: 'applicant1@example.test',
    idNumber: '410402199001011234',
  },
  {
    username: 'applicant2',
    name: '李四',
    kind: 'person',
    roles: ['applicant'],
    departments: [],
    phone: '13900005678',
    email: 'applicant2@example.test',
    idNumber: '410402198505052345',
  },
  {
    username: 'legal1',
    name: '石龙区味道餐饮有限公司',
    kind: 'legal',
    roles: ['applicant'],
    departments: [],
    phone: '037512345678',
    email: 'legal1@example.test',
    idNumber: '91410400MA00000001',
  },
  { username: 'clerk1', name: '王窗口', kind: 'staff', roles: ['clerk'], departments: ['SLQ-SCJG'] },
  { username: 'approver1', name: '赵审批', kind: 'staff', roles: ['approver'], departments: ['SLQ-SCJG'] },
  { username: 'approver2', name: '钱审批', kind: 'staff', roles: ['approver'], departments: ['SLQ-SCJG'] },
  { username: 'lead1', name: '孙科长', kind: 'staff', roles: ['lead'], departments: ['SLQ-SCJG'] },
  { username: 'designer1', name: '周设计', kind: 'staff', roles: ['designer'], departments: ['SLQ-ZWFW'] },
  { username: 'itemadmin1', name: '吴事项', kind: 'staff', roles: ['item_manager'], departments: ['SLQ-ZWFW'] },
  { username: 'auditor1', name: '郑审计', kind: 'staff', roles: ['auditor'], departments: ['SLQ-ZWFW'] },
  { username: 'admin1', name: '系统管理员', kind: 'staff', roles: ['sysadmin'], departments: ['SLQ-ZWFW'] },
  { username: 'secadmin1', name: '安全管理员', kind: 'staff', roles: ['secadmin'], departments: ['SLQ-ZWFW'] },
  { username: 'auditadmin1', name: '审计管理员', kind: 'staff', roles: ['auditadmin'], departments: ['SLQ-ZWFW'] },
  { username: 'clerk2', name: '冯窗口', kind: 'staff', roles: ['clerk'], departments: ['SLQ-ZJJ'] },
  { username: 'approver_wjw1', name: '陈卫健', kind: 'staff', roles: ['approver'], departments: ['SLQ-WJW'] },
  { username: 'lead_wjw1', name: '褚主任', kind: 'staff', roles: ['lead'], departments: ['SLQ-WJW'] },
  { username: 'approver_xf1', name: '卫消防', kind: 'staff', roles: ['approver'], departments: ['SLQ-XF'] },
  { username: 'lead_xf1', name: '蒋队长', kind: 'staff', roles: ['lead'], departments: ['SLQ-XF'] },
  { username: 'approver_zjj1', name: '沈住建', kind: 'staff', roles: ['approver'], departments: ['SLQ-ZJJ'] },
  { username: 'lead_zjj1', name: '韩局长', kind: 'staff', roles: ['lead'], departments: ['SLQ-ZJJ'] },
  { username: 'approver_zrzy1', name: '杨资源', kind: 'staff', roles: ['approver'], departments: ['SLQ-ZRZY'] },
  { username: 'lead_zrzy1', name: '朱局长', kind: 'staff', roles: ['lead'], departments: ['SLQ-ZRZY'] },
  { username: 'approver_fgw1', name: '秦发改', kind: 'staff', roles: ['approver'], departments: ['SLQ-FGW'] },
  { username: 'lead_fgw1', name: '尤主任', kind: 'staff', roles: ['lead'], departments: ['SLQ-FGW'] },
];

const material = (code: string, name: string, required = true, extra: Record<string, unknown> = {}) => ({
  code,
  name,
  required,
  form: 'electronic',
  copies: 1,
  source: '申请人自备',
  ...extra,
});

const commonGuide = (department: string, phone: string, complaint: string) => ({
  legalBasis: '《中华人民共和国行政许可法》',
  acceptanceConditions: '申请材料齐全、符合法定形式',
  location: `石龙区政务服务中心 ${department} 窗口`,
  hours: '工作日 上午 8:30-12:00，下午 14:30-17:30（法定节假日除外）',
  consultPhone: phone,
  complaintPhone: complaint,
  fee: { charged: false },
  results: [{ name: '准予许可决定书', type: '证照' }],
});

export const DEMO_ITEMS = [
  {
    code: '11410404MB0000001X4000111001001',
    catalog_code: '000111001000',
    name: '食品经营许可（新办）',
    type: '01',
    department_code: 'SLQ-SCJG',
    audience: ['person', 'legal'],
    themes: ['开办企业', '餐饮服务'],
    case_type: 'promised',
    legal_days: 20,
    promised_days: 10,
    online: true,
    onsite_visits: 0,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('市场监管', '0375-1234501', '0375-1234599'),
      legalBasis: '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》',
      process: '网上申请 → 受理 → 审查 → 决定 → 发证',
      results: [{ name: '食品经营许可证', type: '证照' }],
    },
    materials: [
      material('M01', '食品经营许可申请书'),
      material('M02', '营业执照或者其他主体资格证明文件', true, { source: '政府部门核发' }),
      material('M03', '与食品经营项目相适应的主要设备设施布局、操作流程等文件'),
      material('M04', '食品安全管理制度目录'),
      material('M05', '委托代理人身份证明及授权委托书', false),
    ],
    form: {
      fields: [
        { key: 'operatorName', label: '经营者名称', type: 'text', required: true },
        { key: 'premisesAddress', label: '经营场所', type: 'text', required: true },
        {
          key: 'businessScope',
          label: '经营项目',
          type: 'select',
          options: ['预包装食品销售', '热食类食品制售', '冷食类食品制售'],
          required: true,
        },
        { key: 'contactPhone', label: '联系电话', type: 'phone', required: true },
      ],
    },
  },
  {
    code: '11410404MB0000001X4000111002001',
    catalog_code: '000111002000',
    name: '食品经营许可证补办',
    type: '01',
    department_code: 'SLQ-SCJG',
    audience: ['person', 'legal'],
    themes: ['餐饮服务'],
    case_type: 'instant',
    legal_days: 10,
    promised_days: 0,
    online: true,
    onsite_visits: 0,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('市场监管', '0375-1234501', '0375-1234599'),
      process: '网上申请 → 当场办结',
      results: [{ name: '食品经营许可证（补发）', type: '证照' }],
    },
    materials: [material('M01', '食品经营许可证补办申请书'), material('M02', '遗失声明')],
    form: {
      fields: [
        { key: 'licenceNo', label: '原许可证编号', type: 'text', required: true },
        { key: 'reason', label: '补办原因', type: 'text', required: true },
      ],
    },
  },
  {
    code: '11410404MB0000002X4000222001001',
    catalog_code: '000222001000',
    name: '公共场所卫生许可（新办）',
    type: '01',
    department_code: 'SLQ-WJW',
    audience: ['person', 'legal'],
    themes: ['开办企业', '住宿餐饮'],
    case_type: 'promised',
    legal_days: 20,
    promised_days: 10,
    online: true,
    onsite_visits: 1,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('卫健', '0375-1234502', '0375-1234598'),
      legalBasis: '《公共场所卫生管理条例》第八条',
      onsiteReason: '现场卫生审查',
      results: [{ name: '公共场所卫生许可证', type: '证照' }],
    },
    materials: [
      material('M01', '公共场所卫生许可申请表'),
      material('M02', '营业执照复印件'),
      material('M03', '公共场所卫生检测或者评价报告'),
    ],
    form: {
      fields: [
        { key: 'premisesName', label: '场所名称', type: 'text', required: true },
        { key: 'premisesAddress', label: '场所地址', type: 'text', required: true },
      ],
    },
  },
  {
    code: '11410404MB0000003X4000333001001',
    catalog_code: '000333001000',
    name: '建筑工程施工许可证核发',
    type: '01',
    department_code: 'SLQ-ZJJ',
    audience: ['legal'],
    themes: ['工程建设'],
    case_type: 'promised',
    legal_days: 15,
    promised_days: 7,
    online: true,
    onsite_visits: 0,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('住建', '0375-1234503', '0375-1234597'),
      legalBasis: '《中华人民共和国建筑法》第七条；《建筑工程施工许可管理办法》',
      results: [{ name: '建筑工程施工许可证', type: '证照' }],
    },
    materials: [
      material('M01', '建筑工程施工许可申请表'),
      material('M02', '建设工程规划许可证'),
      material('M03', '施工合同'),
    ],
    form: {
      fields: [
        { key: 'projectName', label: '项目名称', type: 'text', required: true },
        { key: 'projectAddress', label: '建设地址', type: 'text', required: true },
      ],
    },
  },
];
