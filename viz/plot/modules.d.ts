// pdfkit and svg-to-pdfkit ship no type files: the little of them viz/plot/encode.ts uses.
declare module 'pdfkit' {
  interface PdfOptions {
    size: [number, number];
    margin: number;
    info: Record<string, string | Date>;
  }
  export default class PDFDocument {
    constructor(options: PdfOptions);
    on(event: 'data', listener: (chunk: Uint8Array) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    end(): void;
  }
}
declare module 'svg-to-pdfkit' {
  import type PDFDocument from 'pdfkit';
  export default function svgToPdf(doc: PDFDocument, svg: string, x: number, y: number, options?: { width?: number; height?: number; assumePt?: boolean }): void;
}
