// IAM wildcard matching (`*` any run of characters, `?` exactly one) without backtracking blow-up: O(|pattern| × |text|) at worst.

/**
 * A pattern ready to match: its characters and, per character, whether it is a wildcard. Keeping the flags apart from
 * the text lets a policy variable's substituted value (where `*` is a literal star) sit inside a pattern.
 */
export interface GlobPattern {
  chars: string;
  /** `0` literal, `STAR` for `*`, `ONE` for `?`, one entry per UTF-16 code unit of `chars`. */
  kinds: Uint8Array;
}

export const LITERAL = 0;
export const STAR = 1;
export const ONE = 2;

/** A pattern where every `*` and `?` is a wildcard. */
export function globPattern(pattern: string): GlobPattern {
  const kinds = new Uint8Array(pattern.length);
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    kinds[i] = c === 42 ? STAR : c === 63 ? ONE : LITERAL;
  }
  return { chars: pattern, kinds };
}

/** Builds a pattern from pieces: literal text (wildcard characters in it are literal) and wildcards. */
export class GlobBuilder {
  private chars = '';
  private kinds: number[] = [];

  literal(text: string): this {
    this.chars += text;
    for (let i = 0; i < text.length; i++) this.kinds.push(LITERAL);
    return this;
  }

  /** Text whose `*` and `?` are wildcards. */
  pattern(text: string): this {
    const p = globPattern(text);
    this.chars += text;
    for (const k of p.kinds) this.kinds.push(k);
    return this;
  }

  build(): GlobPattern {
    return { chars: this.chars, kinds: Uint8Array.from(this.kinds) };
  }
}

/**
 * The classic two-pointer glob: walk text and pattern together; on a mismatch, go back to just after the last `*`
 * and let it swallow one more character. Only the last `*` is ever revisited (an earlier one can never do better,
 * since a later `*` can absorb anything an earlier one could), so the work is bounded by |pattern| × |text|
 * instead of growing exponentially with the number of stars as a backtracking RegExp `^.*a.*b…$` does.
 */
export function globMatchPattern(p: GlobPattern, text: string): boolean {
  const { chars, kinds } = p;
  const plen = chars.length;
  const tlen = text.length;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < tlen) {
    if (pi < plen) {
      const k = kinds[pi];
      if (k === STAR) {
        star = pi++;
        mark = ti;
        continue;
      }
      if (k === ONE || chars.charCodeAt(pi) === text.charCodeAt(ti)) {
        pi++;
        ti++;
        continue;
      }
    }
    if (star < 0) return false;
    pi = star + 1;
    ti = ++mark;
  }
  while (pi < plen && kinds[pi] === STAR) pi++;
  return pi === plen;
}

/**
 * Whether `text` matches `pattern`, where `*` and `?` are wildcards. Case-sensitive by default, as IAM's
 * `StringLike` and `ArnLike` are; `ignoreCase` for action names, which IAM compares without regard to case.
 */
export function wildcardMatch(pattern: string, text: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (ignoreCase) {
    pattern = pattern.toLowerCase();
    text = text.toLowerCase();
  }
  if (!hasWildcard(pattern)) return pattern === text;
  return globMatchPattern(globPattern(pattern), text);
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/**
 * `service:Action` patterns against an action: the service prefix and the action name are both case-insensitive
 * (IAM User Guide, "IAM JSON policy elements: Action": "action names are not case-sensitive").
 */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  const i = pattern.indexOf(':');
  const j = action.indexOf(':');
  if (i < 0 || j < 0) return false;
  return pattern.slice(0, i).toLowerCase() === action.slice(0, j).toLowerCase() && wildcardMatch(pattern.slice(i + 1), action.slice(j + 1), true);
}

/** Whether a granted action pattern covers a required action (itself possibly a pattern, then matched as text); case-insensitive. */
export function coversAction(granted: string, required: string): boolean {
  return wildcardMatch(granted, required, true);
}

/**
 * Whether some text matches both glob patterns (`*` any run, `?` one character; case-sensitive), e.g. a policy's
 * resource ARN `arn:aws:s3:::my-bucket*` against the object ARN format (its variables read as `*`). Dynamic programming
 * over the two patterns' prefixes: O(a.length × b.length) time, two rows of memory.
 */
export function globsIntersect(a: string, b: string): boolean {
  const m = b.length;
  // prev[j] / row[j]: some text matches a's first i characters and b's first j.
  let prev = new Uint8Array(m + 1);
  let row = new Uint8Array(m + 1);
  prev[0] = 1;
  for (let j = 1; j <= m; j++) prev[j] = prev[j - 1] && b[j - 1] === '*' ? 1 : 0;
  for (let i = 1; i <= a.length; i++) {
    const ca = a[i - 1];
    row[0] = prev[0] && ca === '*' ? 1 : 0;
    for (let j = 1; j <= m; j++) {
      const cb = b[j - 1];
      if (ca === '*' || cb === '*') row[j] = prev[j] || row[j - 1] ? 1 : 0;
      else row[j] = prev[j - 1] && (ca === cb || ca === '?' || cb === '?') ? 1 : 0;
    }
    [prev, row] = [row, prev];
  }
  return prev[m] === 1;
}
