import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attachmentHeader } from './files.routes.js';
import { sanitiseFileName } from './files.service.js';

test('a file name keeps only its last path segment, of either separator', () => {
  assert.equal(sanitiseFileName('../../etc/passwd'), 'passwd');
  assert.equal(sanitiseFileName('C:\\Users\\张三\\营业执照.pdf'), '营业执照.pdf');
});

test('control and direction-override characters are removed from a file name', () => {
  assert.equal(sanitiseFileName('a\u0000b\u0007c\r\n.pdf'), 'abc.pdf');
  assert.equal(sanitiseFileName('invoice\u202efdp.exe'), 'invoicefdp.exe');
  assert.equal(sanitiseFileName('x\u0085y.png'), 'xy.png');
});

test('an empty or dot-only name becomes "file"', () => {
  for (const raw of ['', '   ', '..', '.', 'a/', '\u0001'])
    assert.equal(sanitiseFileName(raw), 'file', JSON.stringify(raw));
});

test('a long name is cut to 255 characters keeping its extension', () => {
  const name = sanitiseFileName(`${'材'.repeat(300)}.pdf`);
  assert.equal([...name].length, 255);
  assert.ok(name.endsWith('材.pdf'));
  const astral = sanitiseFileName(`${'𠀀'.repeat(300)}.jpg`);
  assert.equal([...astral].length, 255, 'counted in characters, not UTF-16 units');
});

test('decomposed Unicode (as macOS sends it) is stored composed', () => {
  assert.equal(sanitiseFileName('Cafe\u0301.pdf'), 'Café.pdf');
});

test('the download header carries an ASCII fallback and the exact UTF-8 name', () => {
  assert.equal(
    attachmentHeader('营业执照 (1).pdf'),
    `attachment; filename="____ (1).pdf"; filename*=UTF-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%20%281%29.pdf`,
  );
  assert.equal(attachmentHeader('a"b\\c.pdf'), `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`);
});
