/// <reference path="./modules.d.ts" />
/**
 * A figure's SVG text as the file `plot` writes: the SVG itself, a PNG, or a
 * PDF. Both converters are loaded only when asked for.
 *
 * PNG: resvg (@resvg/resvg-js, a Rust SVG renderer with a prebuilt binary
 * per platform, about 4 MB installed): no browser needed, and the same SVG
 * gives the same pixels on a machine with the same fonts. Drawn at 300 dpi
 * (the SVG's px taken as points, 1/72 in), the resolution journals ask for.
 * Text uses the system's fonts: the first of the figure's font-family list
 * installed, else the system's sans-serif.
 *
 * PDF: pdfkit with svg-to-pdfkit, vector (text stays text, in Helvetica, one of
 * the 14 fonts every PDF reader has, so nothing is embedded), one page the size of
 * the figure in points. The creation date is fixed (the epoch) and the
 * document id is derived from the content, so the same figure gives the same
 * bytes.
 */
export const FORMATS = ['svg', 'png', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

/** Pixels per SVG px in a PNG: 300 dpi with 1 px = 1 pt. */
export const PNG_SCALE = 300 / 72;

export async function encodeFigure(svgText: string, format: Format): Promise<string | Uint8Array> {
  if (format === 'svg') return svgText;
  if (format === 'png') return png(svgText);
  return pdf(svgText);
}

async function png(svgText: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svgText, { fitTo: { mode: 'zoom', value: PNG_SCALE }, background: '#ffffff', font: { loadSystemFonts: true } });
  return resvg.render().asPng();
}

async function pdf(svgText: string): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
  const { default: svgToPdf } = await import('svg-to-pdfkit');
  const [width, height] = sizeOf(svgText);
  const doc = new PDFDocument({ size: [width, height], margin: 0, info: { CreationDate: new Date(0), Producer: 'clusterlab', Creator: 'clusterlab plot' } });
  const chunks: Uint8Array[] = [];
  doc.on('data', (c: Uint8Array) => chunks.push(c));
  const ended = new Promise<void>((done, fail) => {
    doc.on('end', () => done());
    doc.on('error', fail);
  });
  svgToPdf(doc, svgText, 0, 0, { width, height, assumePt: true });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** The figure's width and height attributes (what the page size follows). */
function sizeOf(svgText: string): [number, number] {
  const open = /<svg\b[^>]*>/.exec(svgText)?.[0] ?? '';
  const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(open)?.[1] ?? NaN);
  const w = attr('width');
  const h = attr('height');
  return [Number.isFinite(w) && w > 0 ? w : 252, Number.isFinite(h) && h > 0 ? h : 180];
}
