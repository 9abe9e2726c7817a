/**
 * Kubernetes resource quantities ("500m", "2", "1.5", "512Mi", "1G", "2e3"),
 * as apimachinery's resource.Quantity: binary suffixes Ki Mi Gi Ti Pi Ei,
 * decimal suffixes n u m k M G T P E, and decimal exponents.
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The value of a quantity in base units (cores for cpu, bytes for memory), or null when malformed. */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(value.trim());
  if (!m) return null;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  return base * (BINARY[suffix] ?? DECIMAL[suffix]!);
}

/** A quantity of canonical resource `resource` in clusterlab units: cpu in cores, memory in MiB, others as written. */
export function canonicalQuantity(resource: string, value: unknown): number | null {
  const q = parseQuantity(value);
  if (q === null) return null;
  if (resource === 'memory') return q / 2 ** 20;
  return q;
}
