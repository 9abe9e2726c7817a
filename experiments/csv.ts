/** Small helpers to write CSV the same way everywhere (RFC 4180 quoting, `\n` line ends). */

/** A field as CSV: numbers with JavaScript's shortest round-trip form, text quoted when needed. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}
