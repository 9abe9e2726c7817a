/**
 * JSON as every clusterlab result file is written: two-space indentation and a
 * final newline. The same format as experiments/results/files.ts `toJson`, which the
 * browser cannot import (it writes files with node:fs); test/viz checks both
 * give the same bytes.
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
