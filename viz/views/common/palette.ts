/**
 * Colours and dashes for variants: the Okabe-Ito palette (Okabe & Ito 2008),
 * distinguishable with the common colour-vision deficiencies, in an order that
 * keeps the low-contrast yellow last. Past eight variants the colours repeat
 * with a dash pattern; every series also carries a direct label, so colour is
 * never the only cue.
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#000000', '#F0E442'] as const;
const DASHES = ['', '6 3', '2 2', '8 3 2 3'];

export function colorOf(variants: readonly string[], variant: string): string {
  const i = Math.max(0, variants.indexOf(variant));
  return OKABE_ITO[i % OKABE_ITO.length]!;
}

export function dashOf(variants: readonly string[], variant: string): string {
  const i = Math.max(0, variants.indexOf(variant));
  return DASHES[Math.floor(i / OKABE_ITO.length) % DASHES.length]!;
}

/** Event categories for annotations (failure, detection, recovery, scale, rollout, drift, maintenance). */
export const EVENT_COLORS: Record<string, string> = {
  failure: '#D55E00',
  detection: '#E69F00',
  recovery: '#009E73',
  scale: '#0072B2',
  rollout: '#CC79A7',
  drift: '#56B4E9',
  maintenance: '#000000',
  other: '#666666',
};

export const INK = '#222222';
export const MUTED = '#666666';
export const GRID = '#e3e3e3';
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
