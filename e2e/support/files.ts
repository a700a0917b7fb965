// Real files for the upload fields: a valid one-page PDF (as api/src/test-support/flow.ts makes for the
// API tests), written to a temp folder so that the browser's file chooser can pick it up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small, valid PDF whose only page shows `text` (ASCII). */
export function tinyPdf(text = 'Tongban test material'): Buffer {
  const content = `BT /F1 12 Tf 10 50 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export interface TempFiles {
  readonly dir: string;
  /** Writes a PDF named `<name>.pdf` and returns its path. */
  pdf(name: string, text?: string): string;
  remove(): void;
}

/** A temp folder for the files a test uploads; remove() deletes it. */
export function tempFiles(prefix = 'tongban-e2e-files-'): TempFiles {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    pdf(name, text = name) {
      const file = path.join(dir, `${name}.pdf`);
      fs.writeFileSync(file, tinyPdf(text));
      return file;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
