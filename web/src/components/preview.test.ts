import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewKind } from './preview';

test('PDFs and common images are previewed inline, by type first and by extension for a generic type', () => {
  assert.equal(previewKind('application/pdf', 'a.bin'), 'pdf');
  assert.equal(previewKind('Application/PDF; charset=binary'), 'pdf');
  assert.equal(previewKind('image/jpeg', 'x'), 'image');
  assert.equal(previewKind('application/octet-stream', 'scan.PDF'), 'pdf');
  assert.equal(previewKind('', 'photo.webp'), 'image');
});

test('other files (SVG, Office documents, unknown) are only downloaded', () => {
  assert.equal(previewKind('image/svg+xml', 'a.svg'), null, 'an SVG can carry script');
  assert.equal(previewKind('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx'), null);
  assert.equal(previewKind('text/html', 'a.pdf'), null, 'a declared type is trusted over the name');
  assert.equal(previewKind(null, 'notes.txt'), null);
});
