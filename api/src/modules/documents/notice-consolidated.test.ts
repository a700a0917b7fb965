import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noticeContent, type NoticeData } from './index.js';

const base = {
  noticeNo: '石龙准许〔2026〕第000001号',
  caseNo: '11410404MB0000001X40009990010012026112700001',
  applicantName: '石龙区味道餐馆',
  itemName: '开办餐馆一件事',
  department: '石龙区市场监督管理局',
  issuedAt: new Date('2026-11-27T02:00:00Z'),
};
const departmentResults = [
  {
    department: '石龙区市场监督管理局',
    items: ['营业执照核发', '食品经营许可（新办）'],
    result: '同意',
    opinion: '符合条件',
  },
  {
    department: '石龙区卫生健康委员会',
    items: ['公共场所卫生许可（新办）'],
    result: '不同意',
    opinion: '检测报告不合格',
  },
  { department: '石龙区消防救援大队', result: '审查终止', opinion: null },
];
const text = (d: NoticeData) =>
  noticeContent(d)
    .blocks.map((b) => b.text)
    .join('\n');

test("the consolidated decision lists every department's result", () => {
  const refused = text({ ...base, type: 'refusal_decision', reason: '卫生健康委员会不予许可', departmentResults });
  assert.match(refused, /各部门审查结果如下/);
  assert.match(refused, /1\. 石龙区市场监督管理局（营业执照核发、食品经营许可（新办））：同意，符合条件。/);
  assert.match(refused, /2\. 石龙区卫生健康委员会（公共场所卫生许可（新办））：不同意，检测报告不合格。/);
  assert.match(refused, /3\. 石龙区消防救援大队：审查终止。/);
  assert.doesNotMatch(text({ ...base, type: 'refusal_decision', reason: 'x' }), /各部门/);
});

test('a simulated approval is marked as such and says how it becomes formal', () => {
  const data: NoticeData = {
    ...base,
    type: 'approval_decision',
    departmentResults,
    simulated: { prerequisite: '国有土地使用权证明' },
  };
  const content = noticeContent(data);
  assert.equal(content.subtitle, '（模拟审批）');
  assert.match(text(data), /模拟审批结果：申请人尚未取得国有土地使用权证明，本决定不作为正式行政许可/);
  assert.equal(noticeContent({ ...base, type: 'approval_decision' }).subtitle, undefined);
});
