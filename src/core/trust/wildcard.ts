// IAM wildcard (`*`, `?`) matching of action names, with a small cache of compiled patterns.

const cache = new Map<string, RegExp>();

/** Compiles an IAM pattern where `*` is any run of characters and `?` is one character; everything else is literal. */
export function wildcardRegExp(pattern: string, ignoreCase = false): RegExp {
  const key = (ignoreCase ? 'i:' : 's:') + pattern;
  let re = cache.get(key);
  if (!re) {
    let src = '';
    for (const ch of pattern) {
      if (ch === '*') src += '.*';
      else if (ch === '?') src += '.';
      else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    re = new RegExp(`^${src}$`, ignoreCase ? 'is' : 's');
    // A policy set is small; the cap only guards a long-running extension host against unbounded growth.
    if (cache.size > 5000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  return wildcardRegExp(pattern, ignoreCase).test(value);
}

/** `service:Action` patterns: the service prefix and the action name are both case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  const i = pattern.indexOf(':');
  const j = action.indexOf(':');
  if (i < 0 || j < 0) return false;
  return pattern.slice(0, i).toLowerCase() === action.slice(0, j).toLowerCase() && wildcardMatch(pattern.slice(i + 1), action.slice(j + 1), true);
}
