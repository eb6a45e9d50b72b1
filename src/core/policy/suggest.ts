// "Did you mean" suggestions: the closest candidate by edit distance, ignoring case.

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `word` (case-insensitive), if it is close enough to be a plausible typo:
 * within a third of the word's length, at least 2 edits allowed.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    // A candidate that starts with the word (a truncated name) counts as distance by the missing tail only.
    const d = cl.startsWith(w) && w.length >= 4 ? Math.min(cl.length - w.length, editDistance(w, cl, bestD)) : editDistance(w, cl, bestD);
    if (d < bestD) {
      bestD = d;
      best = c;
      if (d === 0) break;
    }
  }
  return best;
}
