import type { TaskAction } from '@tongban/contracts';
import type { Locale } from '../../i18n/translate';

/**
 * 常用语: the opinions a clerk, approver or lead writes most often, per action, so that a click puts
 * the usual wording into the opinion box (and it can still be edited).
 */
export const COMMON_PHRASES: Partial<Record<TaskAction, Record<Locale, readonly string[]>>> = {
  accept: {
    'zh-CN': ['材料齐全，符合法定形式，予以受理。', '经核对，申请材料真实完整，予以受理。', '同意受理，转审查。'],
    en: [
      'Materials complete and in the legal form; accepted.',
      'Materials checked as true and complete; accepted.',
      'Accepted; forwarded for review.',
    ],
  },
  acceptAndDecide: {
    'zh-CN': ['材料齐全，当场办结。', '符合即办条件，准予许可。'],
    en: ['Materials complete; decided on the spot.', 'Meets the conditions for immediate handling; granted.'],
  },
  notAccept: {
    'zh-CN': ['申请事项不属于本机关职权范围，不予受理。', '申请事项依法不需要取得行政许可，不予受理。'],
    en: [
      'The matter is outside this authority’s competence; not accepted.',
      'The matter needs no administrative licence by law; not accepted.',
    ],
  },
  requestCorrection: {
    'zh-CN': ['申请材料不齐全，请按一次性告知书补正。', '材料不符合法定形式，请补正后重新提交。'],
    en: [
      'Materials incomplete; please supply what the notice lists.',
      'Materials not in the legal form; please correct and resubmit.',
    ],
  },
  approve: {
    'zh-CN': ['经审查，符合法定条件和标准，同意。', '经现场核查，情况属实，同意。', '同意，报领导审批。'],
    en: [
      'Reviewed: meets the legal conditions and standards; approved.',
      'Checked on site: as stated; approved.',
      'Approved; forwarded for the decision.',
    ],
  },
  refuse: {
    'zh-CN': ['经审查，不符合法定条件和标准，不予许可。', '经现场核查，与申请材料不符，不予许可。'],
    en: [
      'Reviewed: does not meet the legal conditions; refused.',
      'Checked on site: does not match the application; refused.',
    ],
  },
  return: {
    'zh-CN': ['审查意见不完整，退回重新审查。', '材料需进一步核实，退回上一环节。'],
    en: ['The review opinion is incomplete; returned for a new review.', 'Materials need checking; returned.'],
  },
  startSpecialProcedure: {
    'zh-CN': ['需组织现场核查，进入特别程序。', '需组织专家评审，进入特别程序。'],
    en: ['An on-site inspection is needed; special procedure started.', 'An expert review is needed.'],
  },
  endSpecialProcedure: {
    'zh-CN': ['特别程序已完成，恢复办理。'],
    en: ['Special procedure finished; handling resumes.'],
  },
  submit: {
    'zh-CN': ['已按委派意见办理完毕。', '经核实，情况属实。'],
    en: ['Done as asked.', 'Checked: as stated.'],
  },
  void: {
    'zh-CN': ['办件信息录入错误，予以作废。'],
    en: ['The case was entered wrongly; voided.'],
  },
};

/** The built-in phrases of an action in the locale (none for actions without an opinion box). */
export function phrasesFor(action: TaskAction, locale: Locale): readonly string[] {
  return COMMON_PHRASES[action]?.[locale] ?? [];
}

/**
 * The opinion after a phrase is chosen: the phrase alone in an empty box, otherwise appended on the
 * same line; a phrase the opinion already holds is not repeated. The result respects `maxLength`.
 */
export function insertPhrase(current: string | undefined, phrase: string, maxLength = 2000): string {
  const text = (current ?? '').trimEnd();
  if (text.includes(phrase)) return text;
  const joined = text ? `${text}${/[。！？.!?；;，,]$/.test(text) ? '' : '；'}${phrase}` : phrase;
  return joined.slice(0, maxLength);
}

const OWN_KEY = 'tongban.phrases';
const MAX_OWN = 20;

/** The user's own saved phrases (browser storage), newest first; nothing when storage is unusable. */
export function loadOwnPhrases(storage: Pick<Storage, 'getItem'> | null): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(OWN_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
  } catch {
    return [];
  }
}

/** Saves a phrase at the front (once, trimmed, at most 20 kept); returns the new list. */
export function saveOwnPhrase(storage: Pick<Storage, 'getItem' | 'setItem'> | null, phrase: string): string[] {
  const text = phrase.trim().slice(0, 500);
  const list = loadOwnPhrases(storage).filter((p) => p !== text);
  const next = text ? [text, ...list].slice(0, MAX_OWN) : list;
  try {
    storage?.setItem(OWN_KEY, JSON.stringify(next));
  } catch {
    // Storage full or refused: the phrase lives until the page closes.
  }
  return next;
}

export function removeOwnPhrase(storage: Pick<Storage, 'getItem' | 'setItem'> | null, phrase: string): string[] {
  const next = loadOwnPhrases(storage).filter((p) => p !== phrase);
  try {
    storage?.setItem(OWN_KEY, JSON.stringify(next));
  } catch {
    // as above
  }
  return next;
}
