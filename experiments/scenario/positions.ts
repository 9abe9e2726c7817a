/**
 * Where a field of a scenario file is written: the line and column of a path
 * (`services[0].autoscaler.maxReplicas`) in the YAML (or JSON, which is YAML)
 * text, so a validation error names file:line:column as well as the field.
 * A path that does not exist in the text (a required field left out) is
 * placed at the nearest enclosing field that does. Pure.
 */
import { isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

/** The position of `path`, or of its nearest written ancestor; undefined when none is written. */
export type Locate = (path: readonly PropertyKey[]) => Position | undefined;

export const nowhere: Locate = () => undefined;

export function locator(doc: Document, lines: LineCounter): Locate {
  return (path) => {
    let node: unknown = doc.contents;
    let at: number | undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
        if (!pair) break;
        // A field is where its key is written (its value may start on the next line).
        at = (pair.key as Node | null)?.range?.[0] ?? at;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
        node = node.items[key];
        at = (node as Node).range?.[0] ?? at;
      } else break;
    }
    if (at === undefined) return undefined;
    const { line, col } = lines.linePos(at);
    return { line, column: col };
  };
}
