import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { NOTICE_TITLES, formatChineseDate, noticeContent, renderNotice, type NoticeData } from './index.js';

const base = {
  noticeNo: '石市监受〔2026〕第000012号',
  caseNo: '11130100MB0000000X20261127001',
  applicantName: '石家庄市某某餐饮有限公司',
  itemName: '食品经营许可（新办）',
  department: '石家庄市某区市场监督管理局',
  issuedAt: new Date('2026-11-27T02:00:00Z'),
  appliedAt: '2026-11-20',
};

const NOTICES: Record<NoticeData['type'], NoticeData> = {
  acceptance: { ...base, type: 'acceptance', acceptedAt: '2026-11-27', dueDate: '2026-12-25', workingDays: 20 },
  not_acceptance: { ...base, type: 'not_acceptance', reason: '申请事项依法不属于本机关职权范围' },
  correction: {
    ...base,
    type: 'correction',
    items: [
      { materialName: '营业执照副本', reason: '复印件不清晰' },
      { materialName: '食品安全管理制度', reason: '缺少从业人员健康管理制度' },
    ],
    deadline: '2026-12-11',
  },
  special: { ...base, type: 'special', procedureType: 2, kind: 'expert_review', reason: '工艺复杂', expectedDays: 15 },
  approval_decision: {
    ...base,
    type: 'approval_decision',
    licenceName: '食品经营许可证',
    licenceNo: 'JY11301000000012',
  },
  refusal_decision: { ...base, type: 'refusal_decision', reason: '经营场所与申请材料不符' },
};

const text = (data: NoticeData) => {
  const c = noticeContent(data);
  return [c.title, c.subtitle, c.noticeNo, c.salutation, ...c.blocks.map((b) => b.text), c.department, c.dateText].join(
    '\n',
  );
};

const rendered = new Map<string, Buffer>();
async function pdfOf(type: NoticeData['type']): Promise<Buffer> {
  let pdf = rendered.get(type);
  if (!pdf) {
    pdf = await renderNotice(NOTICES[type]);
    rendered.set(type, pdf);
  }
  return pdf;
}

for (const type of Object.keys(NOTICES) as NoticeData['type'][]) {
  test(`renders the ${type} notice as a PDF with the CJK font embedded as a subset`, async () => {
    const pdf = await pdfOf(type);
    const raw = pdf.toString('latin1');
    assert.ok(raw.startsWith('%PDF-'), 'PDF header');
    assert.ok(raw.trimEnd().endsWith('%%EOF'), 'PDF trailer');
    assert.ok(pdf.length > 1024, `size ${pdf.length}`);
    assert.match(raw, /\/FontFile2 \d+ 0 R/);
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Regular/);
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Bold/, 'bold title face');
    // A subset, not the 15 MB face.
    assert.ok(pdf.length < 300_000, `size ${pdf.length}`);
  });
}

/** Reads a string entry of the document information dictionary (pdfkit writes each as an object). */
function infoString(raw: string, key: string): string | undefined {
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(raw)?.[1];
  if (!ref) return undefined;
  const m = new RegExp(`\\n${ref} 0 obj\\n\\(((?:\\\\[\\s\\S]|[^\\\\)])*)\\)\\nendobj`).exec(raw);
  if (!m?.[1]) return undefined;
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  const bytes = Buffer.from(
    m[1].replace(/\\([0-7]{1,3}|[\s\S])/g, (_, e: string) =>
      /^[0-7]+$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : (escapes[e] ?? e),
    ),
    'latin1',
  );
  return bytes[0] === 0xfe && bytes[1] === 0xff
    ? bytes.subarray(2).swap16().toString('utf16le')
    : bytes.toString('latin1');
}

test('the PDF metadata names the notice, the department and the issue time', async () => {
  const raw = (await pdfOf('acceptance')).toString('latin1');
  assert.equal(infoString(raw, 'Title'), NOTICE_TITLES.acceptance);
  assert.equal(infoString(raw, 'Author'), base.department);
  assert.equal(infoString(raw, 'CreationDate'), 'D:20261127020000Z');
});

test('the same notice renders to the same bytes; only the date changes them', async () => {
  const again = await renderNotice(NOTICES.acceptance);
  assert.ok(again.equals(await pdfOf('acceptance')));
  const later = await renderNotice({ ...NOTICES.acceptance, issuedAt: new Date('2026-11-28T02:00:00Z') });
  assert.ok(!later.equals(again));
});

test('every notice names its title, number, applicant, item, department, issue date and case number', () => {
  for (const data of Object.values(NOTICES)) {
    const c = noticeContent(data);
    const t = text(data);
    assert.equal(c.title, NOTICE_TITLES[data.type]);
    for (const part of [base.noticeNo, base.applicantName, base.itemName, base.department, '2026年11月27日'])
      assert.ok(t.includes(part), `${data.type}: ${part}`);
    assert.equal(c.footer, `办件编号：${base.caseNo}`);
  }
});

test('not-acceptance and refusal notices state the reason and both remedies with their time limits', () => {
  for (const type of ['not_acceptance', 'refusal_decision'] as const) {
    const t = text(NOTICES[type]);
    assert.ok(t.includes((NOTICES[type] as { reason: string }).reason), type);
    assert.match(t, /六十日内[^，。]*申请行政复议/, type);
    assert.match(t, /六个月内[^，。]*提起行政诉讼/, type);
  }
  const named = text({ ...NOTICES.refusal_decision, reviewBody: '某区人民政府', court: '某区人民法院' } as NoticeData);
  assert.ok(named.includes('向某区人民政府申请行政复议') && named.includes('向某区人民法院提起行政诉讼'));
});

test('the acceptance notice gives the accepted date, working days and promised completion date', () => {
  const t = text(NOTICES.acceptance);
  assert.ok(t.includes('受理日期为2026年11月27日'));
  assert.ok(t.includes('20个工作日内'));
  assert.ok(t.includes('承诺办结日期为2026年12月25日'));
});

test('the correction notice lists every material with its reason, the deadline and the one-time rule', () => {
  const c = noticeContent(NOTICES.correction);
  assert.equal(c.subtitle, '（一次性告知）');
  const items = c.blocks.filter((b) => b.kind === 'item').map((b) => b.text);
  assert.deepEqual(items, ['1. 营业执照副本：复印件不清晰。', '2. 食品安全管理制度：缺少从业人员健康管理制度。']);
  const t = text(NOTICES.correction);
  assert.ok(t.includes('请于2026年12月11日前'));
  assert.ok(t.includes('一次性告知') && t.includes('不再要求补正其他材料'));
  assert.throws(() => noticeContent({ ...NOTICES.correction, items: [] } as NoticeData), { code: 'DOMAIN_RULE' });
});

test('a type-2 special procedure cites Art. 45, its reason and expected days, and that the time is not counted', () => {
  const t = text(NOTICES.special);
  assert.ok(t.includes('第四十五条') && t.includes('专家评审') && t.includes('不计算在行政许可期限内'));
  assert.ok(t.includes('理由：工艺复杂。') && t.includes('15个工作日'));
});

test('a type-1 special procedure extends the limit by the approved working days with the reason (Art. 42)', () => {
  const t = text({
    ...base,
    type: 'special',
    procedureType: 1,
    reason: '需征求相关部门意见',
    extensionDays: 10,
    newDueDate: '2027-01-11',
  });
  assert.ok(t.includes('（延长审批）') && t.includes('第四十二条'));
  assert.ok(
    t.includes('延长10个工作日') && t.includes('2027年1月11日') && t.includes('延长理由：需征求相关部门意见。'),
  );
});

test('dates print in Chinese, instants in China Standard Time', () => {
  assert.equal(formatChineseDate('2026-01-04'), '2026年1月4日');
  assert.equal(formatChineseDate(new Date('2026-11-26T16:30:00Z')), '2026年11月27日');
  assert.throws(() => formatChineseDate('not a date'), { code: 'VALIDATION_FAILED' });
});

test('the text printed in the PDF carries the remedies (checked with pdftotext when installed)', async (t) => {
  const pdftotext = promisify(execFile);
  try {
    await pdftotext('pdftotext', ['-v']);
  } catch {
    t.skip('pdftotext not installed (apt-get install poppler-utils); the PDF text was not extracted');
    return;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'notice-'));
  try {
    const file = path.join(dir, 'refusal.pdf');
    await writeFile(file, await pdfOf('refusal_decision'));
    const { stdout } = await pdftotext('pdftotext', [file, '-']);
    const flat = stdout.replace(/\s+/g, '');
    for (const part of [
      '不予行政许可决定书',
      base.noticeNo,
      '六十日内依法申请行政复议',
      '六个月内依法向人民法院提起行政诉讼',
    ])
      assert.ok(flat.includes(part), part);
    assert.ok(flat.includes(`办件编号：${base.caseNo}`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
