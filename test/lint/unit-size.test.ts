/**
 * Shipped source stays in units a newcomer can read at a sitting: no file over
 * MAX_FILE_LINES lines and no function over MAX_FUNCTION_LINES lines. A function that must
 * stay whole (a state machine whose steps share many locals, say) may go over when the line
 * right above it says why, as `// whole: <reason>`; a bare `// whole:` is not enough.
 * Functions are every kind the compiler knows: declarations, methods, arrows, function
 * expressions, constructors and accessors; a nested function counts inside its parent too,
 * so splitting a long function means moving code out, not wrapping it in a closure.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.ts';

const ROOTS = ['sim', 'schedulers', 'workloads', 'traces', 'experiments', 'viz', 'bin'];
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
/** The exemption comment; the reason after the colon is required. */
const WHOLE = /^\s*\/\/\s*whole:\s*\S/;

/** Lines as `wc -l` counts them: a final newline ends the last line, it does not start one. */
function lineCount(text: string): number {
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** The name a reader would search for: the declared name, or the variable or property an unnamed function is bound to. */
function functionName(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) return parent.name.getText(source);
  return '(anonymous)';
}

/**
 * What is too long in one source text: the file itself, as `file: N lines`, then each function,
 * as `file:line name: N lines` (line where the function starts, not its doc comment), unless the
 * line above carries the `// whole: <reason>` comment.
 */
export function oversized(fileName: string, text: string): string[] {
  const found: string[] = [];
  const fileLines = lineCount(text);
  if (fileLines > MAX_FILE_LINES) found.push(`${fileName}: ${fileLines} lines`);
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lines = text.split('\n');
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const length = end - start + 1;
      if (length > MAX_FUNCTION_LINES && !WHOLE.test(lines[start - 1] ?? '')) {
        found.push(`${fileName}:${start + 1} ${functionName(node, source)}: ${length} lines`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A synthetic source: `lines` statements inside a function, wrapped as the given kind. */
function body(lines: number): string {
  return Array.from({ length: lines }, (_, i) => `  const v${i} = ${i};`).join('\n');
}

describe('unit size', () => {
  it('flags a long file and each kind of long function, and counts their lines as an editor does', () => {
    const text = [
      `function declared() {\n${body(79)}\n}`, // 81 lines: flagged
      `function fits() {\n${body(78)}\n}`, // 80 lines: allowed
      `const arrow = () => {\n${body(79)}\n};`,
      `const expr = function () {\n${body(79)}\n};`,
      `class C {\n  constructor() {\n${body(79)}\n  }\n  method() {\n${body(79)}\n  }\n  get value() {\n${body(79)}\n    return 1;\n  }\n  set value(v: number) {\n${body(79)}\n  }\n}`,
    ].join('\n');
    const found = oversized('t.ts', `${text}\n`);
    expect(found).toEqual([
      't.ts: 650 lines', // 81 + 80 + 81 + 81 + a class of 1 + 81 + 81 + 82 + 81 + 1
      't.ts:1 declared: 81 lines',
      't.ts:162 arrow: 81 lines',
      't.ts:243 expr: 81 lines',
      't.ts:325 constructor: 81 lines',
      't.ts:406 method: 81 lines',
      't.ts:487 value: 82 lines',
      't.ts:569 value: 81 lines',
    ]);
  });

  it('lets a function over the limit stand when the line above says why, and only with a reason', () => {
    const exempt = `// whole: the steps share every local\nfunction long() {\n${body(90)}\n}\n`;
    expect(oversized('t.ts', exempt)).toEqual([]);
    const bare = `// whole:\nfunction long() {\n${body(90)}\n}\n`;
    expect(oversized('t.ts', bare)).toEqual(['t.ts:2 long: 92 lines']);
    // A comment with a blank line between it and the function does not cover it.
    const far = `// whole: the steps share every local\n\nfunction long() {\n${body(90)}\n}\n`;
    expect(oversized('t.ts', far)).toEqual(['t.ts:3 long: 92 lines']);
  });

  it('counts a nested function inside its parent, so a closure does not shorten the parent', () => {
    const text = `function outer() {\n  const inner = () => {\n${body(50)}\n  };\n${body(40)}\n}\n`;
    expect(oversized('t.ts', text)).toEqual(['t.ts:1 outer: 94 lines']);
  });

  it('no shipped file over 400 lines, no shipped function over 80 lines without a `// whole:` reason', () => {
    const offenders = ROOTS.flatMap((root) => sourceFiles(root)).flatMap((file) => oversized(file.split('\\').join('/'), readFileSync(file, 'utf8')));
    expect(offenders, 'split by concern (one concept to a file, a function to a step), or say above the function why it must stay whole').toEqual([]);
  });
});
