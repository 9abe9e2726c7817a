/**
 * The frame every view draws into: an SVG with a title and a description for
 * assistive technology, a viewBox so it scales with its container, presentation
 * as attributes (not CSS) so an exported file looks the same, and keyboard
 * focus. Text is only ever set with `.text()`.
 */
import { create, type Selection } from 'd3';
import { FONT, INK } from './palette.ts';

export type Svg = Selection<SVGSVGElement, undefined, null, undefined>;
export type G = Selection<SVGGElement, undefined, null, undefined>;

export interface Frame {
  svg: Svg;
  /** The plotting area, translated by the margins. */
  plot: G;
  width: number;
  height: number;
  /** Inner size (without margins). */
  innerWidth: number;
  innerHeight: number;
  margin: Margin;
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

let uid = 0;
/** Ids unique in the page (a view may be rendered several times). */
export function nextId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

export function frame(view: string, title: string, description: string, width: number, height: number, margin: Margin): Frame {
  const svg = create('svg') as unknown as Svg;
  const titleId = nextId(`${view}-title`);
  const descId = nextId(`${view}-desc`);
  svg
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('height', height)
    .attr('role', 'img')
    .attr('tabindex', 0)
    .attr('aria-labelledby', titleId)
    .attr('aria-describedby', descId)
    .attr('data-view', view)
    .attr('font-family', FONT)
    .attr('font-size', 12)
    .attr('fill', INK)
    .style('max-width', '100%')
    .style('height', 'auto');
  svg.append('title').attr('id', titleId).text(title);
  svg.append('desc').attr('id', descId).text(description);
  svg.append('rect').attr('class', 'background').attr('width', width).attr('height', height).attr('fill', '#ffffff');
  const plot = svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`) as unknown as G;
  return { svg, plot, width, height, innerWidth: width - margin.left - margin.right, innerHeight: height - margin.top - margin.bottom, margin };
}

/** A chart heading drawn in the SVG, so exports carry it. */
export function heading(f: Frame, text: string, sub?: string): void {
  f.svg.append('text').attr('x', 12).attr('y', 18).attr('font-weight', 600).attr('font-size', 14).text(text);
  if (sub) f.svg.append('text').attr('x', 12).attr('y', 34).attr('fill', '#555').text(sub);
}

/** The message a view shows when the data lacks what it needs. */
export function emptyFrame(view: string, title: string, message: string, width = 640): SVGSVGElement {
  const f = frame(view, title, message, width, 80, { top: 0, right: 0, bottom: 0, left: 0 });
  heading(f, title);
  f.svg.append('text').attr('x', 12).attr('y', 56).attr('fill', '#555').text(message);
  f.svg.attr('data-empty', 'true');
  return f.svg.node()!;
}
