import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { create as parseFont } from 'fontkit';
import PDFDocument from 'pdfkit';
import { noticeContent, type NoticeData } from './notice-content.js';

const require = createRequire(import.meta.url);

// Resolved through the package, so the path holds wherever node_modules is installed.
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
} as const;

/** A parsed font face, as PDFKit takes it in place of a file (anything with `layout`). */
type Face = ReturnType<typeof parseFont>;
type Fonts = { regular: Face; bold: Face };
let fonts: Promise<Fonts> | undefined;

/**
 * The two faces are ~15 MB each: read and parsed once per process, on first use. Parsing is most
 * of a notice's cost (PDFKit would parse a file or buffer again for every document); a parsed face
 * is shared by all documents, each embedding its own subset.
 */
function loadFonts(): Promise<Fonts> {
  fonts ??= Promise.all([
    readFile(require.resolve(FONT_FILES.regular)),
    readFile(require.resolve(FONT_FILES.bold)),
  ]).then(([regular, bold]) => ({ regular: parseFont(regular), bold: parseFont(bold) }));
  // A failed read (missing package) must not stay cached: the next call retries.
  fonts.catch(() => {
    fonts = undefined;
  });
  return fonts;
}

const SIZE = { title: 22, subtitle: 16, number: 14, body: 14, footer: 9 };
const MARGINS = { top: 90, bottom: 80, left: 80, right: 75 };
const LINE_GAP = 6;

/**
 * Renders an official notice as an A4 PDF with Noto Serif SC embedded as a subset. The output
 * depends only on `data` (the creation date is `issuedAt`), so the same notice renders to the
 * same bytes.
 */
export async function renderNotice(data: NoticeData): Promise<Buffer> {
  const { regular, bold } = await loadFonts();
  const content = noticeContent(data);
  const doc = new PDFDocument({
    // Our face from the start: PDFKit would otherwise load (parse) Helvetica for every document.
    font: regular as unknown as string,
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: content.title,
      Author: data.department,
      Subject: `${content.title} ${data.noticeNo}`,
      Keywords: data.caseNo,
      Creator: '通办 Tongban',
      Producer: '通办 Tongban (PDFKit)',
      CreationDate: data.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('serif', regular as unknown as Buffer);
  doc.registerFont('serif-bold', bold as unknown as Buffer);
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const indent = SIZE.body * 2; // 首行缩进两字

  doc.font('serif-bold').fontSize(SIZE.title).text(content.title, { align: 'center', width });
  if (content.subtitle) doc.font('serif').fontSize(SIZE.subtitle).text(content.subtitle, { align: 'center', width });
  doc.moveDown(0.5);
  doc.font('serif').fontSize(SIZE.number).text(content.noticeNo, { align: 'center', width });
  doc.moveDown(1.2);

  doc.fontSize(SIZE.body).text(content.salutation, { width, lineGap: LINE_GAP });
  for (const block of content.blocks) {
    doc.text(block.text, { width, indent, lineGap: LINE_GAP, paragraphGap: LINE_GAP });
  }

  // The issuing department and the date stay together on one page.
  const spacing = 2.5 * doc.currentLineHeight(true);
  const signature = 2 * (doc.currentLineHeight(true) + LINE_GAP);
  if (doc.y + spacing + signature > doc.page.height - MARGINS.bottom) doc.addPage();
  else doc.moveDown(2.5);
  doc.text(content.department, { align: 'right', width, lineGap: LINE_GAP });
  doc.text(content.dateText, { align: 'right', width, lineGap: LINE_GAP });

  writeFooters(doc, content.footer);
  doc.end();
  return finished;
}

/** Case number and page count on every page, drawn after the content so the total is known. */
function writeFooters(doc: PDFKit.PDFDocument, footer: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise make pdfkit open a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 55;
    const left = MARGINS.left;
    const width = doc.page.width - MARGINS.left - MARGINS.right;
    doc
      .moveTo(left, y - 6)
      .lineTo(left + width, y - 6)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke();
    doc.font('serif').fontSize(SIZE.footer).fillColor('#444444');
    doc.text(footer, left, y, { width, align: 'left', lineBreak: false });
    doc.text(`第 ${i - start + 1} 页 / 共 ${count} 页`, left, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
