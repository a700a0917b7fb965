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
  originals: 1,
  copies: 0,
  source: '申请人自备',
  ...extra,
});

const HOURS = '工作日 上午 8:30-12:00，下午 14:30-17:30（法定节假日除外）';

/** The 办事指南 fields every demo item shares; each item overrides what differs. */
const commonGuide = (department: string, window: string, phone: string, complaint: string) => ({
  legalBasis: '《中华人民共和国行政许可法》',
  acceptanceConditions: '申请材料齐全、符合法定形式',
  location: `石龙区政务服务中心（石龙区人民路 88 号）一楼 ${window} 号窗口（${department}）`,
  hours: HOURS,
  consultPhone: phone,
  complaintPhone: complaint,
  fee: { charged: false },
  steps: [
    { name: '申请', description: '通过网上办事大厅或手机端提交申请和电子材料，也可到窗口提交' },
    { name: '受理', description: '窗口对材料进行预审，材料不全的一次性告知补正内容', timeLimit: '5 个工作日内' },
    { name: '审查', description: '承办人员对申请材料进行审查，必要时现场核查' },
    { name: '决定', description: '部门负责人作出准予或不予许可的书面决定' },
    { name: '送达', description: '按申请人选择的方式送达办理结果' },
  ],
  legalDaysNote: '自受理之日起计算，不含听证、检验、检测、鉴定和专家评审时间',
  promisedDaysNote: '自受理之日起计算，以工作日计',
  specialProcedure: '需要听证、检验、检测、鉴定或专家评审的，所需时间不计入办理时限，并书面告知申请人',
  results: [{ name: '准予许可决定书', type: '批文' }],
  delivery: ['窗口领取', '邮政快递免费寄送', '电子证照（可在“我的办件”下载）'],
  channels: ['1', '2', '3', '4'],
  appointment: true,
  onlinePayment: false,
  expressDelivery: true,
  faq: [
    {
      question: '材料不全怎么办？',
      answer: '窗口会一次性告知需要补正的全部内容，您在“我的办件”中上传补正材料即可，无需重新申请。',
    },
    {
      question: '怎样查询办理进度？',
      answer: '在“办件查询”中输入办件编号和查询密码，或扫描办件二维码；登录后也可在“我的办件”查看。',
    },
  ],
});

export const DEMO_ITEMS = [
  {
    code: '11410404MB0000001X4000111001001',
    catalog_code: '000111001000',
    name: '食品经营许可（新办）',
    type: '01',
    department_code: 'SLQ-SCJG',
    audience: ['person', 'legal'],
    themes: ['准营准办', '就业创业'],
    case_type: 'promised',
    legal_days: 20,
    promised_days: 10,
    online: true,
    onsite_visits: 0,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('市场监督管理局', '12', '0375-1234501', '0375-1234599'),
      legalBasis: '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》第六条',
      acceptanceConditions:
        '申请人应当取得营业执照等合法主体资格；具有与经营的食品品种、数量相适应的经营场所、设备设施、食品安全管理人员和管理制度',
      process: '网上申请 → 受理 → 审查 → 决定 → 发证',
      results: [{ name: '食品经营许可证', type: '证照' }],
    },
    materials: [
      material('M01', '食品经营许可申请书', true, { blankForm: true, notes: '申请人签字或盖章' }),
      material('M02', '营业执照或者其他主体资格证明文件', true, {
        source: '政府部门核发',
        issuingBody: '市场监督管理部门',
        originals: 0,
        copies: 1,
        notes: '已办理营业执照的可免于提交，由部门共享获取',
      }),
      material('M03', '与食品经营项目相适应的主要设备设施布局、操作流程等文件', true, { form: 'both' }),
      material('M04', '食品安全管理制度目录'),
      material('M05', '委托代理人身份证明及授权委托书', false, { notes: '委托他人办理的提交' }),
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
    themes: ['准营准办'],
    case_type: 'instant',
    legal_days: 10,
    promised_days: 0,
    online: true,
    onsite_visits: 0,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('市场监督管理局', '12', '0375-1234501', '0375-1234599'),
      process: '网上申请 → 当场办结',
      steps: [
        { name: '申请', description: '在线提交补办申请和遗失声明' },
        { name: '办结', description: '材料齐全的当场补发', timeLimit: '即办' },
      ],
      results: [{ name: '食品经营许可证（补发）', type: '证照' }],
    },
    materials: [material('M01', '食品经营许可证补办申请书', true, { blankForm: true }), material('M02', '遗失声明')],
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
    themes: ['准营准办', '医疗卫生'],
    case_type: 'promised',
    legal_days: 20,
    promised_days: 10,
    online: true,
    onsite_visits: 1,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('卫生健康委员会', '15', '0375-1234502', '0375-1234598'),
      legalBasis: '《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》第二十二条',
      onsiteReason: '现场卫生审查',
      results: [{ name: '公共场所卫生许可证', type: '证照' }],
    },
    materials: [
      material('M01', '公共场所卫生许可申请表', true, { blankForm: true }),
      material('M02', '营业执照复印件', true, { originals: 0, copies: 1, source: '政府部门核发' }),
      material('M03', '公共场所卫生检测或者评价报告', true, { source: '第三方检测机构出具' }),
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
      ...commonGuide('住房和城乡建设局', '21', '0375-1234503', '0375-1234597'),
      legalBasis: '《中华人民共和国建筑法》第七条；《建筑工程施工许可管理办法》',
      results: [{ name: '建筑工程施工许可证', type: '证照' }],
    },
    materials: [
      material('M01', '建筑工程施工许可申请表', true, { blankForm: true }),
      material('M02', '建设工程规划许可证', true, { source: '政府部门核发', issuingBody: '自然资源主管部门' }),
      material('M03', '施工合同'),
    ],
    form: {
      fields: [
        { key: 'projectName', label: '项目名称', type: 'text', required: true },
        { key: 'projectAddress', label: '建设地址', type: 'text', required: true },
      ],
    },
  },
  {
    code: '11410404MB0000001X4000111003001',
    catalog_code: '000111003000',
    name: '个体工商户设立登记',
    type: '01',
    department_code: 'SLQ-SCJG',
    audience: ['person'],
    themes: ['就业创业', '准营准办'],
    case_type: 'promised',
    legal_days: 15,
    promised_days: 3,
    online: true,
    onsite_visits: 0,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('市场监督管理局', '11', '0375-1234501', '0375-1234599'),
      legalBasis: '《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》第二十一条',
      acceptanceConditions: '有经营能力的自然人；经营场所真实合法；名称符合名称登记管理规定',
      results: [{ name: '营业执照', type: '证照' }],
    },
    materials: [
      material('M01', '个体工商户登记（备案）申请书', true, { blankForm: true }),
      material('M02', '经营者身份证明', true, { originals: 1, copies: 1, form: 'both' }),
      material('M03', '经营场所使用证明'),
    ],
    form: {
      fields: [
        { key: 'shopName', label: '个体工商户名称', type: 'text', required: true },
        { key: 'premisesAddress', label: '经营场所', type: 'text', required: true },
        { key: 'contactPhone', label: '联系电话', type: 'phone', required: true },
      ],
    },
  },
  {
    code: '11410404MB0000003X4000333002001',
    catalog_code: '000333002000',
    name: '公共租赁住房保障资格申请',
    type: '20',
    department_code: 'SLQ-ZJJ',
    audience: ['person'],
    themes: ['住房保障'],
    case_type: 'promised',
    legal_days: 30,
    promised_days: 15,
    online: true,
    onsite_visits: 0,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('住房和城乡建设局', '21', '0375-1234503', '0375-1234597'),
      legalBasis: '《公共租赁住房管理办法》第七条',
      acceptanceConditions: '在本区无住房或者住房面积低于规定标准；收入、财产低于规定标准',
      results: [{ name: '公共租赁住房保障资格确认通知书', type: '批文' }],
    },
    materials: [
      material('M01', '公共租赁住房申请表', true, { blankForm: true }),
      material('M02', '家庭成员身份证明', true, { copies: 1 }),
      material('M03', '收入证明', true, { source: '工作单位或街道出具' }),
    ],
    form: {
      fields: [
        { key: 'householdSize', label: '家庭人口数', type: 'number', required: true },
        { key: 'currentAddress', label: '现居住地址', type: 'text', required: true },
        { key: 'contactPhone', label: '联系电话', type: 'phone', required: true },
      ],
    },
  },
  {
    code: '11410404MB0000002X4000222002001',
    catalog_code: '000222002000',
    name: '护士执业注册',
    type: '01',
    department_code: 'SLQ-WJW',
    audience: ['person'],
    themes: ['职业资格', '医疗卫生'],
    case_type: 'promised',
    legal_days: 20,
    promised_days: 10,
    online: true,
    onsite_visits: 0,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('卫生健康委员会', '15', '0375-1234502', '0375-1234598'),
      legalBasis: '《护士条例》第七条；《护士执业注册管理办法》',
      acceptanceConditions: '具有完全民事行为能力；取得护士执业资格考试合格成绩；符合健康标准',
      results: [{ name: '护士执业证书', type: '证照' }],
    },
    materials: [
      material('M01', '护士执业注册申请审核表', true, { blankForm: true }),
      material('M02', '学历证书及专业学习中的临床实习证明', true, { originals: 1, copies: 1 }),
      material('M03', '健康体检证明', true, { source: '二级以上医疗机构出具' }),
    ],
    form: {
      fields: [
        { key: 'employer', label: '拟执业机构', type: 'text', required: true },
        { key: 'contactPhone', label: '联系电话', type: 'phone', required: true },
      ],
    },
  },
  {
    code: '11410404MB0000004X4000444001001',
    catalog_code: '000444001000',
    name: '企业投资项目备案',
    type: '10',
    department_code: 'SLQ-FGW',
    audience: ['legal'],
    themes: ['投资审批', '工程建设'],
    case_type: 'instant',
    legal_days: 5,
    promised_days: 0,
    online: true,
    onsite_visits: 0,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('发展和改革委员会', '23', '0375-1234504', '0375-1234596'),
      legalBasis: '《企业投资项目核准和备案管理条例》第十三条',
      process: '在线填报 → 即时备案',
      steps: [{ name: '在线备案', description: '信息完整的即时出具备案证明', timeLimit: '即办' }],
      results: [{ name: '企业投资项目备案证明', type: '其他' }],
    },
    materials: [material('M01', '项目备案信息表', true, { blankForm: true })],
    form: {
      fields: [
        { key: 'projectName', label: '项目名称', type: 'text', required: true },
        { key: 'totalInvestment', label: '总投资（万元）', type: 'number', required: true },
      ],
    },
  },
  {
    code: '11410404MB0000005X4000555001001',
    catalog_code: '000555001000',
    name: '公众聚集场所投入使用、营业前消防安全检查',
    type: '01',
    department_code: 'SLQ-XF',
    audience: ['legal'],
    themes: ['公安消防', '准营准办'],
    case_type: 'promised',
    legal_days: 10,
    promised_days: 5,
    online: true,
    onsite_visits: 1,
    process_key: 'general-approval',
    guide: {
      ...commonGuide('消防救援大队', '25', '0375-1234505', '0375-1234595'),
      legalBasis: '《中华人民共和国消防法》第十五条',
      onsiteReason: '消防救援机构对场所进行现场检查',
      results: [{ name: '公众聚集场所投入使用、营业前消防安全检查意见书', type: '批文' }],
    },
    materials: [
      material('M01', '公众聚集场所投入使用、营业消防安全告知承诺书', true, { blankForm: true }),
      material('M02', '营业执照', true, { originals: 0, copies: 1, source: '政府部门核发' }),
      material('M03', '消防安全制度、灭火和应急疏散预案'),
      material('M04', '场所平面布置图'),
    ],
    form: {
      fields: [
        { key: 'premisesName', label: '场所名称', type: 'text', required: true },
        { key: 'premisesAddress', label: '场所地址', type: 'text', required: true },
      ],
    },
  },
];

/**
 * Items of the parallel-approval demo: the bundle's members that the general demo lacks (营业执照,
 * 消防安全检查) and the construction-stage item with four departments.
 */
export const DEMO_PARALLEL_ITEMS = [
  {
    code: '11410404MB0000003X4000333003001',
    catalog_code: '000333003000',
    name: '工程建设项目施工许可阶段并联审批',
    type: '01',
    department_code: 'SLQ-ZJJ',
    audience: ['legal'],
    themes: ['工程建设'],
    case_type: 'promised',
    legal_days: 20,
    promised_days: 15,
    online: true,
    onsite_visits: 0,
    process_key: 'parallel-approval',
    guide: {
      ...commonGuide('住房和城乡建设局（牵头）', '21', '0375-1234503', '0375-1234597'),
      legalBasis:
        '《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》（国办发〔2019〕11号）；《中华人民共和国建筑法》第七条',
      process: '一窗受理 → 住建、自然资源、发展改革、消防并联审查 → 牵头部门汇总 → 出具决定',
      results: [{ name: '施工许可阶段并联审批决定书', type: '证照' }],
    },
    materials: [
      material('M01', '施工许可阶段并联审批申请表'),
      material('M02', '国有土地使用权证明（前置要件，可模拟审批后补交）'),
      material('M03', '建设工程规划设计方案'),
      material('M04', '施工图设计文件审查合格书'),
      material('M05', '项目备案（核准）文件'),
      material('M06', '消防设计文件'),
    ],
    form: {
      fields: [
        { key: 'projectName', label: '项目名称', type: 'text', required: true },
        { key: 'projectAddress', label: '建设地址', type: 'text', required: true },
        { key: 'investment', label: '总投资（万元）', type: 'number', required: true },
      ],
    },
  },
];

/**
 * Items and bundles run by the parallel-approval flow: the service item's department leads
 * (牵头); each participant is a branch with its own promised limit. Seeded with the demo.
 */
export const DEMO_PARALLEL = [
  {
    itemCode: '11410404MB0000003X4000333003001',
    kind: 'item' as const,
    refusalPolicy: 'finish_all' as const,
    simulationAllowed: true,
    prerequisiteMaterial: 'M02',
    participants: [
      { department: 'SLQ-ZJJ', promisedDays: 7, memberItems: [] },
      { department: 'SLQ-ZRZY', promisedDays: 10, memberItems: [] },
      { department: 'SLQ-FGW', promisedDays: 5, memberItems: [] },
      { department: 'SLQ-XF', promisedDays: 10, memberItems: [] },
    ],
  },
];

/** 开办餐馆一件事: business licence + food business licence (市场监管), hygiene (卫健), fire (消防). */
export const DEMO_BUNDLES = [
  {
    code: '11410404MB0000001X4000999001001',
    catalog_code: '000999001000',
    name: '开办餐馆一件事',
    department_code: 'SLQ-SCJG',
    legal_days: 20,
    promised_days: 15,
    themes: ['开办企业', '一件事一次办', '餐饮服务'],
    guide: {
      ...commonGuide('市场监督管理局（牵头）', '11', '0375-1234501', '0375-1234599'),
      legalBasis: '《国务院关于加快推进政务服务标准化规范化便利化的指导意见》（国发〔2022〕5号）',
      process: '一次申请、一套材料 → 市场监管牵头受理 → 市场监管、卫健、消防并联审批 → 汇总出件',
      results: [{ name: '营业执照、食品经营许可证、公共场所卫生许可证、消防安全检查合格证', type: '证照' }],
    },
    refusalPolicy: 'cancel_rest' as const,
    members: [
      { itemCode: '11410404MB0000001X4000111003001', prefix: 'BL' },
      { itemCode: '11410404MB0000001X4000111001001', prefix: 'FD' },
      { itemCode: '11410404MB0000002X4000222001001', prefix: 'HY' },
      { itemCode: '11410404MB0000005X4000555001001', prefix: 'FS' },
    ],
    shared: [
      {
        code: 'S01',
        name: '营业执照或者其他主体资格证明文件',
        from: [
          { itemCode: '11410404MB0000001X4000111001001', materialCode: 'M02' },
          { itemCode: '11410404MB0000002X4000222001001', materialCode: 'M02' },
          { itemCode: '11410404MB0000005X4000555001001', materialCode: 'M02' },
        ],
      },
      {
        code: 'S02',
        name: '经营场所平面布置及设备设施布局图',
        from: [
          { itemCode: '11410404MB0000001X4000111001001', materialCode: 'M03' },
          { itemCode: '11410404MB0000005X4000555001001', materialCode: 'M04' },
        ],
      },
    ],
    participants: [
      {
        department: 'SLQ-SCJG',
        promisedDays: 10,
        memberItems: ['11410404MB0000001X4000111003001', '11410404MB0000001X4000111001001'],
      },
      { department: 'SLQ-WJW', promisedDays: 10, memberItems: ['11410404MB0000002X4000222001001'] },
      { department: 'SLQ-XF', promisedDays: 10, memberItems: ['11410404MB0000005X4000555001001'] },
    ],
  },
];
