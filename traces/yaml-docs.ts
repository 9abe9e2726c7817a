/**
 * Streaming the documents of a multi-document YAML file (`---` separated,
 * as Kubernetes manifests are), one at a time, with bounded memory: lines are
 * gathered until the next `---` (or `...`) line and that document alone is
 * parsed with the `yaml` package (pure JavaScript, so the browser can use it
 * too). A document longer than `maxDocumentLength` characters is an error.
 * Errors give the file line of the problem. Empty documents are skipped.
 */
import { parseDocument } from 'yaml';
import { InputError } from '../sim/errors.ts';

export const MAX_DOCUMENT_LENGTH = 64 << 20;

export class YamlDocuments {
  private lines: string[] = [];
  private length = 0;
  private startLine = 1;

  constructor(
    private readonly file: string,
    private readonly onDocument: (value: unknown, line: number) => void,
    private readonly maxDocumentLength = MAX_DOCUMENT_LENGTH,
  ) {}

  line(text: string, lineNo: number): void {
    if (/^---(\s|$)/.test(text) || /^\.\.\.\s*$/.test(text)) {
      this.flush();
      this.startLine = lineNo + 1;
      // `--- value` starts a document with content on the marker line.
      const rest = text.startsWith('---') ? text.slice(3).trim() : '';
      if (rest !== '' && !rest.startsWith('#')) {
        this.startLine = lineNo;
        this.push(text.slice(3));
      }
      return;
    }
    if (this.lines.length === 0) this.startLine = lineNo;
    this.push(text);
  }

  end(): void {
    this.flush();
  }

  private push(text: string): void {
    this.length += text.length + 1;
    if (this.length > this.maxDocumentLength) {
      throw new InputError(`YAML document longer than ${this.maxDocumentLength} characters`, { file: this.file, line: this.startLine });
    }
    this.lines.push(text);
  }

  private flush(): void {
    const lines = this.lines;
    const start = this.startLine;
    this.lines = [];
    this.length = 0;
    if (lines.every((l) => /^\s*(#.*)?$/.test(l))) return;
    const doc = parseDocument(lines.join('\n'), { prettyErrors: true });
    const problem = doc.errors[0];
    if (problem) {
      const pos = problem.linePos?.[0];
      throw new InputError(`not valid YAML: ${problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, {
        file: this.file,
        line: pos ? start + pos.line - 1 : start,
        column: pos?.col,
      });
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      throw new InputError(`not valid YAML: ${(err as Error).message}`, { file: this.file, line: start });
    }
    if (value !== null && value !== undefined) this.onDocument(value, start);
  }
}
