// Splits a log line into highlighted spans for the large-file viewer, matching the TextMate grammar's scopes.
import { AWS_ERROR_CODE_RE, CONNECT_MARKER, ERROR_WORD_RE, VALIDATE_MARKER } from './markers';
import { ARN_RE } from './parse';

export type TokenClass = 'pid' | 'tid' | 'time' | 'job' | 'function' | 'connect' | 'validate' | 'arn' | 'account' | 'error' | 'code' | 'url';

/** [start, end, class] triples over the line's UTF-16 text. */
export type Token = [number, number, TokenClass];

const HEAD_RE = /^(\s*)(\d+)(\s*)([0-9a-fA-F]+)(\s+)(\d{1,2}\/\d{1,2}\s+\d{1,2}:\d{2}:\d{2})(?:(\s+)(\d+|[#*?_.-]+)(?=\s|$))?/;
const FN_RE = /([A-Za-z_~][\w~]*(?:::~?\w+)+)\s*\(\s*\)/;
const ACCOUNT_RE = /(?<![\w:-])\d{12}(?![\w-])/g;
const URL_RE = /\bUrl\s*=\s*\[[^\]]*\]/gi;

/** The line-level class used for the whole-line background: connect, validate, error or none. */
export function lineClass(line: string): 'connect' | 'validate' | 'error' | undefined {
  if (ERROR_WORD_RE.test(line) || AWS_ERROR_CODE_RE.test(line)) return 'error';
  if (line.includes(CONNECT_MARKER)) return 'connect';
  if (line.includes(VALIDATE_MARKER)) return 'validate';
  return undefined;
}

export function tokenizeLine(raw: string): Token[] {
  const line = raw.length > 20_000 ? raw.slice(0, 20_000) : raw;
  const tokens: Token[] = [];
  const bom = line.charCodeAt(0) === 0xfeff ? 1 : 0;
  let at = bom;
  const head = HEAD_RE.exec(line.slice(bom));
  if (head) {
    const parts: [number, TokenClass | undefined][] = [
      [1, undefined],
      [2, 'pid'],
      [3, undefined],
      [4, 'tid'],
      [5, undefined],
      [6, 'time'],
      [7, undefined],
      [8, 'job'],
    ];
    for (const [g, cls] of parts) {
      const text = head[g];
      if (text === undefined) continue;
      if (cls) tokens.push([at, at + text.length, cls]);
      at += text.length;
    }
  }
  const taken: [number, number][] = [];
  const add = (s: number, e: number, cls: TokenClass) => {
    if (taken.some(([a, b]) => s < b && e > a)) return;
    taken.push([s, e]);
    tokens.push([s, e, cls]);
  };
  const fn = FN_RE.exec(line.slice(at));
  if (fn) {
    const s = at + fn.index;
    const name = fn[1];
    add(s, s + name.length, name === CONNECT_MARKER ? 'connect' : name.endsWith(VALIDATE_MARKER) ? 'validate' : 'function');
  }
  ARN_RE.lastIndex = 0;
  for (let m = ARN_RE.exec(line); m; m = ARN_RE.exec(line)) add(m.index, m.index + m[0].length, 'arn');
  ACCOUNT_RE.lastIndex = 0;
  for (let m = ACCOUNT_RE.exec(line); m; m = ACCOUNT_RE.exec(line)) add(m.index, m.index + 12, 'account');
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(line); m; m = URL_RE.exec(line)) add(m.index, m.index + m[0].length, 'url');
  const code = new RegExp(AWS_ERROR_CODE_RE.source, 'g');
  for (let m = code.exec(line); m; m = code.exec(line)) add(m.index, m.index + m[0].length, 'code');
  const word = new RegExp(ERROR_WORD_RE.source, 'g');
  for (let m = word.exec(line); m; m = word.exec(line)) add(m.index, m.index + m[0].length, 'error');
  return tokens.sort((a, b) => a[0] - b[0]);
}
