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
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      n++;
      if (c === 92 /* \ */) {
        i++;
        n++;
      } else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
      n++;
    } else if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xfeff) n++;
  }
  return n;
}
