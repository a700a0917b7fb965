/** Which files the console shows inline: PDFs in a frame, common images as an image; others only download. */
export type PreviewKind = 'pdf' | 'image' | null;

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp'];
const IMAGE_EXT = /\.(png|jpe?g|gif|webp|bmp)$/i;

/** The preview of a file by its stored type, falling back to the name's extension for a generic type. */
export function previewKind(mime: string | null | undefined, name = ''): PreviewKind {
  const type = (mime ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
  if (type === 'application/pdf') return 'pdf';
  if (IMAGE_TYPES.includes(type)) return 'image';
  if (type === '' || type === 'application/octet-stream') {
    if (/\.pdf$/i.test(name)) return 'pdf';
    if (IMAGE_EXT.test(name)) return 'image';
  }
  return null;
}
