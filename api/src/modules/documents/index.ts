export { renderNotice } from './notice-pdf.js';
export {
  NOTICE_TITLES,
  SPECIAL_PROCEDURE_KIND_LABELS,
  formatChineseDate,
  noticeContent,
  type CorrectionItem,
  type NoticeData,
  type NoticeDate,
  type NoticeType,
  type SpecialProcedureKind,
  type SpecialProcedureNotice,
} from './notice-content.js';
