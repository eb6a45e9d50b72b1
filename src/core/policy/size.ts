// Policy size as IAM counts it against its quotas: characters, whitespace not counted.

export const SIZE_QUOTAS = {
  /** A role's trust policy: 2,048 by default, raisable to 4,096. */
  trustDefault: 2048,
  trustMax: 4096,
  /** A customer managed policy. */
  managed: 6144,
  /** All inline policies of one role together. */
  inlineRole: 10240,
} as const;

/**
 * Counts the characters IAM charges for. Whitespace between JSON tokens is free; whitespace inside strings is
 * part of a value and counts, as it does when IAM stores the minified document.
 */
export function policySize(text: string): number {
  const len = text.length;
  let n = 0;
  for (let i = 0; i < len;) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // A string counts whole: jump to its closing quote with the native indexOf, stepping over escaped quotes.
      let q = i;
      for (;;) {
        q = text.indexOf('"', q + 1);
        if (q < 0) {
          q = len - 1; // unterminated: the rest of the text is its content
          break;
        }
        let b = q - 1;
        while (text.charCodeAt(b) === 92 /* \ */) b--;
        if ((q - 1 - b) % 2 === 0) break;
      }
      n += q + 1 - i;
      i = q + 1;
    } else {
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xfeff) n++;
      i++;
    }
  }
  return n;
}
