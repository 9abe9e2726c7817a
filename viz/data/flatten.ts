/** Numbers of a nested object, flattened with `_` as runs.csv does (`utilization.cpu` → `utilization_cpu`). */
export function flattenNumbers(obj: Record<string, unknown>, prefix = '', out: Record<string, number> = {}): Record<string, number> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}_${k}` : k;
    if (typeof v === 'number') out[key] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) flattenNumbers(v as Record<string, unknown>, key, out);
  }
  return out;
}
