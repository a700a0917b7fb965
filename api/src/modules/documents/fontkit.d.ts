// fontkit ships no type declarations; the one function the notice renderer uses.
declare module 'fontkit' {
  /** Parses a TrueType/OpenType file; the result is what PDFKit accepts as a font source. */
  export function create(buffer: Uint8Array, postscriptName?: string): { layout(text: string): unknown };
}
