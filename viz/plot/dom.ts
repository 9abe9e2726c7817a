/**
 * The DOM the views draw into outside a browser: jsdom, loaded only when a
 * figure is drawn (`clusterlab plot`), installed as the globals the views and
 * d3 use (`document` for d3.create and the node timeline's canvas).
 *
 * Why jsdom and not a lighter DOM (linkedom, happy-dom): the view tests
 * (test/viz) already draw every view in it, so the figures `plot` writes are
 * the ones those tests check, and its XMLSerializer writes the same markup
 * as a browser's (test/e2e/plot.e2e.test.ts compares the two).
 */
export interface Dom {
  serialize(node: Node): string;
}

let installed: Dom | null = null;

export async function installDom(): Promise<Dom> {
  if (installed) return installed;
  const { JSDOM, VirtualConsole } = await import('jsdom');
  // A silent console: jsdom reports what it does not implement (canvas) there, and plot gives the views its own canvas.
  const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>', { virtualConsole: new VirtualConsole() });
  const g = globalThis as Record<string, unknown>;
  // The app's own export (app/export.ts svgText) serializes with the global XMLSerializer.
  if (g.document === undefined) g.document = dom.window.document;
  if (g.XMLSerializer === undefined) g.XMLSerializer = dom.window.XMLSerializer;
  // d3-brush (the utilization view's, as in the app) asks whether the device is touchable
  // (navigator.maxTouchPoints, or an ontouchstart handler property) and then styles the brush
  // for touch. The figure is the one a desktop browser exports: no touch (Node 20 has no navigator).
  if (g.navigator === undefined) g.navigator = dom.window.navigator;
  delete (dom.window.SVGElement.prototype as { ontouchstart?: unknown }).ontouchstart;
  const serializer = new dom.window.XMLSerializer();
  installed = { serialize: (node) => serializer.serializeToString(node) };
  return installed;
}
