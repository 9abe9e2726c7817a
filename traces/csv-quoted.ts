/**
 * The one RFC 4180 quoted-field reader, shared by the trace importers
 * (traces/csv.ts, line at a time) and the browser app's results reader
 * (viz/data/csv.ts, whole text): a field that starts with `"` runs to the
 * matching `"`, and `""` inside it is one quote. Imports nothing, so the
 * browser build can use it.
 */

/** A quoted field: its value, the index just after its closing quote, and whether that quote was found. */
export interface QuotedField {
  value: string;
  /** Index after the closing quote (text.length when the quote is still open). */
  end: number;
  /** False when the text ended inside the quotes; `value` then holds everything after the opening quote. */
  closed: boolean;
}

/** Reads the quoted field whose opening quote is at text[start]. */
export function readQuoted(text: string, start: number): QuotedField {
  let value = '';
  let j = start + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return { value: value + text.slice(j), end: text.length, closed: false };
    value += text.slice(j, q);
    if (text.charCodeAt(q + 1) !== 34) return { value, end: q + 1, closed: true };
    value += '"';
    j = q + 2;
  }
}
