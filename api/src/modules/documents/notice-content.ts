import { AppError } from '../../errors.js';

/**
 * What each official notice says, as plain text blocks. Kept apart from the PDF layout so the
 * wording (legal basis, deadlines, remedies) can be tested without reading a PDF.
 */

/** A calendar date `YYYY-MM-DD` (as the working-day calendar returns it) or an instant. */
export type NoticeDate = Date | string;

export type NoticeType =
  'acceptance' | 'not_acceptance' | 'correction' | 'special' | 'approval_decision' | 'refusal_decision';

/** Titles as printed; also the `documents.title` of the case flow. */
export const NOTICE_TITLES: Record<NoticeType, string> = {
  acceptance: '受理通知书',
  not_acceptance: '不予受理通知书',
  correction: '补正材料通知书',
  special: '特别程序告知书',
  approval_decision: '准予行政许可决定书',
  refusal_decision: '不予行政许可决定书',
};

/**
 * Type-2 special procedures (特别程序种类 2 其他): the procedures 《行政许可法》第四十五条 names,
 * plus public notice and "other".
 */
export const SPECIAL_PROCEDURE_KIND_LABELS = {
  hearing: '听证',
  tender: '招标',
  auction: '拍卖',
  inspection: '检验',
  test: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  expert_review: '专家评审',
  public_notice: '公告',
  other: '其他特别程序',
} as const;
export type SpecialProcedureKind = keyof typeof SPECIAL_PROCEDURE_KIND_LABELS;

interface NoticeCommon {
  /** The number the case flow allocated, e.g. 石市监受〔2026〕第000012号; printed as given. */
  noticeNo: string;
  caseNo: string;
  applicantName: string;
  itemName: string;
  /** Name of the issuing department (also the PDF author). */
  department: string;
  issuedAt: Date;
  /** When the application was made; printed as "于…提出的" when known. */
  appliedAt?: NoticeDate;
}

/** Where the applicant may seek remedy; generic wording when not given. */
interface Remedies {
  reviewBody?: string;
  court?: string;
}

export interface CorrectionItem {
  materialName: string;
  reason: string;
}

export type SpecialProcedureNotice =
  | { procedureType: 1; reason: string; extensionDays: number; newDueDate?: NoticeDate }
  | { procedureType: 2; kind: SpecialProcedureKind; reason: string; expectedDays: number };

export type NoticeData = NoticeCommon &
  (
    | { type: 'acceptance'; acceptedAt: NoticeDate; dueDate: NoticeDate; workingDays: number }
    | ({ type: 'not_acceptance'; reason: string } & Remedies)
    | {
        type: 'correction';
        items: CorrectionItem[];
        deadline: NoticeDate;
        /** Before acceptance (Art. 32) or while handling (clock paused); default acceptance. */
        stage?: 'acceptance' | 'handling';
      }
    | ({ type: 'special' } & SpecialProcedureNotice)
    | ({
        type: 'approval_decision';
        licenceName?: string;
        licenceNo?: string;
        validUntil?: NoticeDate;
        remarks?: string;
        /** 模拟审批: reviewed before a prerequisite exists; not yet a formal permit. */
        simulated?: { prerequisite: string };
      } & Consolidated)
    | ({ type: 'refusal_decision'; reason: string } & Remedies & Consolidated)
  );

/** Parallel approval (并联审批): the consolidated decision lists every department's result. */
interface Consolidated {
  departmentResults?: { department: string; items?: string[]; result: string; opinion?: string | null }[];
}

function departmentBlocks(data: Consolidated): NoticeBlock[] {
  if (!data.departmentResults?.length) return [];
  return [
    { text: '各部门审查结果如下：', kind: 'paragraph' },
    ...data.departmentResults.map((r, i): NoticeBlock => ({
      text: `${i + 1}. ${r.department}${r.items?.length ? `（${r.items.join('、')}）` : ''}：${r.result}${r.opinion ? `，${sentence(r.opinion)}` : '。'}`,
      kind: 'item',
    })),
  ];
}

export interface NoticeBlock {
  text: string;
  /** Paragraphs get a two-character first-line indent; list items do too, numbered in the text. */
  kind: 'paragraph' | 'item';
}

export interface NoticeContent {
  title: string;
  subtitle?: string;
  noticeNo: string;
  salutation: string;
  blocks: NoticeBlock[];
  department: string;
  dateText: string;
  footer: string;
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/**
 * 2026年11月27日. Instants are read in China Standard Time (UTC+8, no daylight saving), computed
 * directly so the output does not depend on the host's time zone or ICU data.
 */
export function formatChineseDate(value: NoticeDate): string {
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
  }
  const t = new Date(value).getTime();
  if (Number.isNaN(t)) throw new AppError('VALIDATION_FAILED', '文书日期无效', { date: String(value) });
  const d = new Date(t + CHINA_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** Free text from clerks may lack a final full stop; the notice prints full sentences. */
function sentence(text: string): string {
  const t = text.trim();
  return /[。！？；.!?;]$/.test(t) ? t : `${t}。`;
}

const LAW = '《中华人民共和国行政许可法》';

function remedyText(document: '通知书' | '决定书', r: Remedies): string {
  const review = r.reviewBody ? `向${r.reviewBody}申请行政复议` : '依法申请行政复议';
  const court = r.court ? `向${r.court}提起行政诉讼` : '依法向人民法院提起行政诉讼';
  return `如对本决定不服，可以自收到本${document}之日起六十日内${review}，或者自收到本${document}之日起六个月内${court}。`;
}

export function noticeContent(data: NoticeData): NoticeContent {
  const d = formatChineseDate;
  const applied = `你（单位）${data.appliedAt ? `于${d(data.appliedAt)}` : ''}提出的“${data.itemName}”申请`;
  const p = (text: string): NoticeBlock => ({ text, kind: 'paragraph' });
  let subtitle: string | undefined;
  let blocks: NoticeBlock[];

  switch (data.type) {
    case 'acceptance':
      blocks = [
        p(
          `${applied}，经审查，申请材料齐全、符合法定形式。根据${LAW}第三十二条第一款第（五）项的规定，本机关决定予以受理，受理日期为${d(data.acceptedAt)}。`,
        ),
        p(
          `本机关将自受理之日起${data.workingDays}个工作日内作出决定，承诺办结日期为${d(data.dueDate)}。法定节假日不计算在内；依法需要听证、检验、检测、鉴定、专家评审等的，所需时间不计算在上述期限内，本机关将另行书面告知。`,
        ),
        p(`你（单位）可凭办件编号${data.caseNo}查询办理进度。`),
      ];
      break;
    case 'not_acceptance':
      blocks = [
        p(`${applied}，经审查，不予受理，理由如下：`),
        p(sentence(data.reason)),
        p(`根据${LAW}第三十二条第一款的规定，本机关决定不予受理。`),
        p(remedyText('通知书', data)),
      ];
      break;
    case 'correction': {
      if (data.items.length === 0) throw new AppError('DOMAIN_RULE', '补正通知书必须列明需要补正的材料');
      subtitle = '（一次性告知）';
      const handling = data.stage === 'handling';
      blocks = [
        p(
          handling
            ? `${applied}，本机关在审查中发现申请材料需要补正。现一次性告知你（单位）需要补正的全部内容如下：`
            : `${applied}，经审查，申请材料不齐全或者不符合法定形式。根据${LAW}第三十二条第一款第（四）项的规定，现一次性告知你（单位）需要补正的全部内容如下：`,
        ),
        ...data.items.map((item, i): NoticeBlock => ({
          text: `${i + 1}. ${item.materialName}：${sentence(item.reason)}`,
          kind: 'item',
        })),
        p(
          `请于${d(data.deadline)}前一次性提交上述全部补正材料。本通知已一次性告知需要补正的全部内容，本机关不再要求补正其他材料。`,
        ),
        p(
          handling
            ? '补正期间不计算在办理期限内，自收到全部补正材料之日起恢复计算。逾期未补正的，视为放弃本次申请。'
            : '自收到全部补正材料之日起受理。逾期未补正的，视为放弃本次申请。',
        ),
      ];
      break;
    }
    case 'special':
      if (data.procedureType === 1) {
        subtitle = '（延长审批）';
        blocks = [
          p(
            `${applied}，本机关已依法受理。根据${LAW}第四十二条第一款的规定，经本机关负责人批准，办理期限延长${data.extensionDays}个工作日${data.newDueDate ? `，延长后的办结日期为${d(data.newDueDate)}` : ''}。`,
          ),
          p(`延长理由：${sentence(data.reason)}`),
        ];
      } else {
        const label = SPECIAL_PROCEDURE_KIND_LABELS[data.kind];
        subtitle = `（${label}）`;
        blocks = [
          p(
            `${applied}，本机关已依法受理。根据${LAW}第四十五条的规定，该申请需要进行${label}，所需时间不计算在行政许可期限内。`,
          ),
          p(`理由：${sentence(data.reason)}`),
          p(`预计所需时间为${data.expectedDays}个工作日。在此期间办理期限暂停计算，${label}结束后恢复计算。`),
        ];
      }
      break;
    case 'approval_decision': {
      const licence = data.licenceName
        ? `许可证件：${data.licenceName}${data.licenceNo ? `（编号：${data.licenceNo}）` : ''}${data.validUntil ? `，有效期至${d(data.validUntil)}` : ''}。`
        : null;
      if (data.simulated) subtitle = '（模拟审批）';
      blocks = [
        ...(data.simulated
          ? [
              p(
                `本决定为模拟审批结果：申请人尚未取得${data.simulated.prerequisite}，本决定不作为正式行政许可，不得据此开工或者经营。申请人取得并提交上述前置要件后，本机关不再重复审查，直接出具正式决定。`,
              ),
            ]
          : []),
        p(`${applied}，经审查，符合法定条件、标准。根据${LAW}第三十八条第一款的规定，本机关决定准予行政许可。`),
        ...departmentBlocks(data),
        ...(licence ? [p(licence)] : []),
        ...(data.remarks ? [p(sentence(data.remarks))] : []),
        p(`根据${LAW}第四十四条的规定，本机关将自作出决定之日起十个工作日内向你（单位）颁发、送达行政许可证件。`),
      ];
      break;
    }
    case 'refusal_decision':
      blocks = [
        p(`${applied}，经审查，不符合法定条件、标准，理由如下：`),
        p(sentence(data.reason)),
        ...departmentBlocks(data),
        p(`根据${LAW}第三十八条第二款的规定，本机关决定不予行政许可。`),
        p(remedyText('决定书', data)),
      ];
      break;
  }

  return {
    title: NOTICE_TITLES[data.type],
    ...(subtitle ? { subtitle } : {}),
    noticeNo: data.noticeNo,
    salutation: `${data.applicantName}：`,
    blocks,
    department: data.department,
    dateText: formatChineseDate(data.issuedAt),
    footer: `办件编号：${data.caseNo}`,
  };
}
