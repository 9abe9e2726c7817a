/**
 * No array is spread into a call's arguments in the shipped source: `xs.push(...ys)`,
 * `Math.max(...ys)`, `f(...ys)` pass one argument per element, and V8 throws
 * `RangeError: Maximum call stack size exceeded` past roughly 10^5 of them, so an
 * input-sized array there breaks at research scale (`workload generate` with 300,000
 * jobs did). Loops, or sim/arrays.ts (appendAll, maxOf, minOf), do the same at any size.
 * Spreads into array or object literals (`[...a, ...b]`, `{...o}`) are fine and not flagged.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.ts';

const ROOTS = ['sim', 'schedulers', 'workloads', 'traces', 'experiments', 'viz', 'bin'];

/**
 * The spreads allowed, as `file: callee(...argument)`, each bounded by something other
 * than the input. A new spread fails the test until it is a loop or listed here with its reason.
 */
const ALLOWED = new Map<string, string>([
  ['schedulers/framework/plugins/node-resources-fit.ts: unschedulable(...reasons)', 'one reason per resource kind the pod lacks (a handful)'],
  ['experiments/cli/init-template.ts: Math.max(...kinds.map((k) => k.key.length))', 'the policy kinds, a fixed list in the source'],
  ['experiments/study/worker-bundle.ts: rest.push(...(eq > 0 ? [arg] : [arg, value]))', 'a literal array of one or two elements'],
  ['viz/app/views-panel.ts: container.replaceChildren(...figures)', 'one figure per view kind, a fixed list in the source'],
]);

/** Every `callee(...argument)` in a source text, as `callee(...argument)` with its line. */
function spreadArguments(fileName: string, text: string): { line: number; call: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: { line: number; call: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isSpreadElement(node) && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent)) && node.parent.arguments?.includes(node)) {
      const callee = ts.isNewExpression(node.parent) ? `new ${node.parent.expression.getText(source)}` : node.parent.expression.getText(source);
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push({ line, call: `${callee}(...${node.expression.getText(source)})` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('spread arguments', () => {
  it('finds the spreads it is meant to find, and only those', () => {
    const text = 'a.push(...xs);\nMath.max(0, ...ys);\nf(...g(z));\nnew Set(...w);\nconst b = [...xs, ...ys];\nconst o = { ...p };\nfunction h(...rest: number[]) { return rest; }\n';
    expect(spreadArguments('t.ts', text)).toEqual([
      { line: 1, call: 'a.push(...xs)' },
      { line: 2, call: 'Math.max(...ys)' },
      { line: 3, call: 'f(...g(z))' },
      { line: 4, call: 'new Set(...w)' },
    ]);
  });

  it('none in the shipped source but the bounded ones allowed', () => {
    const seen = new Set<string>();
    const unexpected: string[] = [];
    for (const root of ROOTS) {
      for (const file of sourceFiles(root)) {
        for (const { line, call } of spreadArguments(file, readFileSync(file, 'utf8'))) {
          const key = `${file.split('\\').join('/')}: ${call}`;
          if (ALLOWED.has(key)) seen.add(key);
          else unexpected.push(`${file}:${line}: ${call}`);
        }
      }
    }
    expect(unexpected, 'spread into a call: use a loop or sim/arrays.ts (appendAll, maxOf, minOf)').toEqual([]);
    // An entry whose spread is gone is dropped, so the list stays the short truth.
    expect([...ALLOWED.keys()].filter((k) => !seen.has(k))).toEqual([]);
  });
});
