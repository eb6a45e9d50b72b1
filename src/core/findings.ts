// Plain findings (what the vscode layer turns into Diagnostics and the CLI prints), and offset→line maps.
import type { RuleCode, Severity } from './rules';

export type { Severity } from './rules';

/** A half-open character range [start, end) in a document's text (UTF-16 offsets, as VS Code uses). */
export interface OffsetRange {
  start: number;
  end: number;
}

export interface Finding {
  /** The rule that reports it (see RULES in ./rules: its severity, summary and explanation). */
  code: RuleCode;
  severity: Severity;
  message: string;
  range: OffsetRange;
  /** Machine-readable detail for quick fixes (e.g. the suggested action name). */
  data?: Record<string, unknown>;
}

/** A document as the core sees it: no vscode types, just a name and its text. */
export interface SourceDocument {
  /** A file path or URI string; only used for messages and to resolve relative paths. */
  uri: string;
  text: string;
}

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  character: number;
}

/** Maps offsets to line/column positions with a binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  offsetAt(position: Position): number {
    const line = Math.min(Math.max(position.line, 0), this.starts.length - 1);
    return this.starts[line] + Math.max(position.character, 0);
  }
}

/** Findings as the CLI prints them: 1-based lines and columns, ESLint's convention. */
export interface LintRecord {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export function toLintRecords(file: string, text: string, findings: readonly Finding[]): LintRecord[] {
  const index = new LineIndex(text);
  return findings.map((f) => {
    const s = index.positionAt(f.range.start);
    const e = index.positionAt(f.range.end);
    return {
      file,
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
      severity: f.severity,
      code: f.code,
      message: f.message,
    };
  });
}

/**
 * The text with a leading UTF-8 byte-order mark (Windows editors write one; it is not JSON) turned into a space, so
 * every parser reads the file and every offset, line and column stays the same.
 */
export function bomAsSpace(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
}
