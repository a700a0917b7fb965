import type { Db, Tx } from '../../db/knex.js';
import { AppError } from '../../errors.js';
import {
  NOTICE_TITLES,
  SPECIAL_PROCEDURE_KIND_LABELS,
  type NoticeData,
  type SpecialProcedureKind,
} from '../documents/index.js';
import type { ItemRow } from '../items/index.js';
import type { CaseRow } from './cases.repository.js';

export interface ItemInfo {
  code: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  caseType: 'instant' | 'promised';
  legalDays: number;
  promisedDays: number;
  dayUnit: 'working' | 'natural';
  slaYellowRatio: number;
  processKey: string;
  audience: string[];
  status: string;
  materials: { code: string; name: string; required: boolean }[];
  form: { fields?: { key: string; label: string; required?: boolean }[] };
}

export const toItemInfo = (r: ItemRow): ItemInfo => ({
  code: r.code,
  name: r.name,
  departmentCode: r.department_code,
  departmentName: r.department_name,
  caseType: r.case_type,
  legalDays: r.legal_days,
  promisedDays: r.promised_days,
  dayUnit: r.day_unit,
  slaYellowRatio: Number(r.sla_yellow_ratio),
  processKey: r.process_key,
  audience: r.audience,
  status: r.status,
  materials: r.materials as ItemInfo['materials'],
  form: r.form as ItemInfo['form'],
});

export type DocumentType =
  | 'acceptance'
  | 'not_acceptance'
  | 'correction'
  | 'special'
  | 'approval_decision'
  | 'refusal_decision'
  | 'simulated_decision';

export interface DocumentRequest {
  type: DocumentType;
  /** One document per ref: issuing it again (a re-delivered task) is a no-op. */
  refKey: string;
  noticeNo: string;
  now: Date;
  fields: Record<string, unknown>;
}

export interface NotificationRequest {
  template: string;
  title: string;
  body: string;
  dedupeKey: string;
}

/** What the case flow needs from the documents, notifications and items modules. */
export interface CaseEffects {
  item(exec: Db | Tx, code: string): Promise<ItemInfo>;
  issueDocument(trx: Tx, c: CaseRow, item: ItemInfo, doc: DocumentRequest): Promise<void>;
  notifyApplicant(trx: Tx, c: CaseRow, n: NotificationRequest): Promise<void>;
}

export function missingItem(code: string): AppError {
  return new AppError('NOT_FOUND', `事项 ${code} 不存在`);
}

export interface EffectsDeps {
  items: { find(code: string, exec?: Db | Tx): Promise<ItemRow | null> };
  renderNotice(data: NoticeData): Promise<Buffer>;
  storeGenerated(
    trx: Tx,
    g: { ownerId: string; caseId: string; name: string; bytes: Buffer; mime: string },
  ): Promise<string>;
  insertDocument(
    trx: Tx,
    d: { case_id: string; type: string; title: string; notice_no: string; file_id: string; ref_key: string },
  ): Promise<void>;
  documentExists(trx: Tx, refKey: string): Promise<boolean>;
  enqueueNotification(
    trx: Tx,
    n: { userId: string; caseId: string; template: string; title: string; body: string; dedupeKey: string },
  ): Promise<void>;
}

type DepartmentResults = { department: string; items?: string[]; result: string; opinion?: string | null }[];

/** Title of each stored document type. */
const DOCUMENT_TITLES: Record<DocumentType, string> = {
  ...NOTICE_TITLES,
  simulated_decision: `${NOTICE_TITLES.approval_decision}（模拟审批）`,
};

/** Builds the data of each notice type from the case and the step's fields. */
function noticeData(c: CaseRow, item: ItemInfo, doc: DocumentRequest): NoticeData {
  const common = {
    noticeNo: doc.noticeNo,
    caseNo: c.case_no,
    applicantName: c.applicant_name ?? '申请人',
    itemName: item.name,
    department: item.departmentName,
    issuedAt: doc.now,
    ...(c.submitted_at ? { appliedAt: new Date(c.submitted_at) } : {}),
  };
  const f = doc.fields;
  switch (doc.type) {
    case 'acceptance':
      return {
        ...common,
        type: 'acceptance',
        acceptedAt: String(f.acceptedDate),
        dueDate: String(f.dueDate || f.acceptedDate),
        workingDays: Number(f.promisedDays ?? 0),
      };
    case 'not_acceptance':
      return { ...common, type: 'not_acceptance', reason: String(f.reason) };
    case 'correction':
      return {
        ...common,
        type: 'correction',
        stage: (f.stage as 'acceptance' | 'handling') ?? 'acceptance',
        deadline: String(f.deadline),
        items: (f.items as { materialCode: string; reason: string }[]).map((i) => ({
          materialName: item.materials.find((m) => m.code === i.materialCode)?.name ?? i.materialCode,
          reason: i.reason,
        })),
      };
    case 'special':
      return Number(f.specialType) === 1
        ? {
            ...common,
            type: 'special',
            procedureType: 1,
            reason: String(f.reason),
            extensionDays: Number(f.expectedDays),
            ...(f.dueDate ? { newDueDate: String(f.dueDate) } : {}),
          }
        : {
            ...common,
            type: 'special',
            procedureType: 2,
            kind:
              (f.kind as SpecialProcedureKind) in SPECIAL_PROCEDURE_KIND_LABELS
                ? (f.kind as SpecialProcedureKind)
                : 'other',
            reason: String(f.reason),
            expectedDays: Number(f.expectedDays),
          };
    case 'approval_decision':
    case 'simulated_decision':
      return {
        ...common,
        type: 'approval_decision',
        licenceName: (item as ItemInfo & { resultName?: string }).resultName,
        ...(f.departmentResults ? { departmentResults: f.departmentResults as DepartmentResults } : {}),
        ...(doc.type === 'simulated_decision'
          ? { simulated: { prerequisite: String(f.prerequisite ?? '前置要件') } }
          : {}),
      };
    case 'refusal_decision':
      return {
        ...common,
        type: 'refusal_decision',
        reason: String(f.reason),
        ...(f.departmentResults ? { departmentResults: f.departmentResults as DepartmentResults } : {}),
      };
  }
}

export function createCaseEffects(deps: EffectsDeps): CaseEffects {
  return {
    async item(trx, code) {
      const row = await deps.items.find(code, trx);
      if (!row) throw missingItem(code);
      return toItemInfo(row);
    },

    async issueDocument(trx, c, item, doc) {
      if (await deps.documentExists(trx, doc.refKey)) return;
      const bytes = await deps.renderNotice(noticeData(c, item, doc));
      const title = DOCUMENT_TITLES[doc.type];
      const fileId = await deps.storeGenerated(trx, {
        ownerId: c.applicant_id,
        caseId: c.id,
        name: `${title}-${c.case_no}.pdf`,
        bytes,
        mime: 'application/pdf',
      });
      await deps.insertDocument(trx, {
        case_id: c.id,
        type: doc.type,
        title,
        notice_no: doc.noticeNo,
        file_id: fileId,
        ref_key: doc.refKey,
      });
    },

    async notifyApplicant(trx, c, n) {
      await deps.enqueueNotification(trx, { userId: c.applicant_id, caseId: c.id, ...n });
    },
  };
}
