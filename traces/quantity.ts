/**
 * Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity):
 * a decimal number with an optional suffix, binary SI (Ki Mi Gi Ti Pi Ei),
 * decimal SI (n u m k M G T P E) or an exponent (e3, E-2). `parseQuantity`
 * gives the value in base units (cores for cpu, bytes for memory); YAML and
 * JSON numbers are accepted as they are.
 */

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_UP: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
/** Divisors for the small suffixes (dividing keeps 100m = 0.1 exact, multiplying by 1e-3 would not). */
const DECIMAL_DOWN: Record<string, number> = { n: 1e9, u: 1e6, m: 1e3 };

/** The quantity in base units, or null if it is not a quantity (or not finite). */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const m = QUANTITY.exec(value.trim());
  if (!m) return null;
  const x = Number(m[1]);
  const suffix = m[2];
  let result: number;
  if (suffix === undefined) result = x;
  else if (suffix in BINARY) result = x * BINARY[suffix]!;
  else if (suffix in DECIMAL_UP) result = x * DECIMAL_UP[suffix]!;
  else if (suffix in DECIMAL_DOWN) result = x / DECIMAL_DOWN[suffix]!;
  else result = Number(`${m[1]}${suffix}`);
  return Number.isFinite(result) ? result : null;
}
