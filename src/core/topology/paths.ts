// Resolves paths written in the accounts file (relative to it) for both plain file paths (CLI) and URI strings (VS Code).
import * as path from 'node:path';

const URI_RE = /^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//;

export function isUriString(s: string): boolean {
  return URI_RE.test(s);
}

/**
 * The location of `rel` (as written in the accounts file) relative to the accounts file.
 * A URI string in gives a URI string out (VS Code's `Uri.toString()` form); a file path gives an absolute file path.
 */
export function resolvePolicyPath(accountsFile: string, rel: string): string {
  // The file is shared between Windows and Unix users: accept either separator.
  const norm = rel.replace(/\\/g, '/');
  if (isUriString(accountsFile)) {
    const base = new URL(accountsFile);
    if (/^[a-zA-Z]:\//.test(norm)) {
      base.pathname = '/' + encodeSegments(norm);
      return base.toString();
    }
    return new URL(encodeSegments(norm), base).toString();
  }
  return path.resolve(path.dirname(accountsFile), norm);
}

/** The path of `target` relative to the accounts file's folder, with forward slashes, as it is written in the file. */
export function relativePolicyPath(accountsFile: string, target: string): string {
  if (isUriString(accountsFile) && isUriString(target)) {
    const from = decodeURIComponent(new URL('.', accountsFile).pathname);
    const to = decodeURIComponent(new URL(target).pathname);
    return path.posix.relative(from, to);
  }
  return path.relative(path.dirname(accountsFile), target).replace(/\\/g, '/');
}

/**
 * Whether `target` (a resolved policy location) lies outside `folder` (a folder path or URI string, in the same form):
 * an absolute path elsewhere, or `../` climbing out of it.
 */
export function isOutsideFolder(folder: string, target: string): boolean {
  if (isUriString(folder) !== isUriString(target)) return true;
  if (isUriString(folder)) {
    const f = new URL(folder.endsWith('/') ? folder : `${folder}/`);
    const t = new URL(target);
    if (f.protocol !== t.protocol || f.host !== t.host) return true;
    const rel = path.posix.relative(decodeURIComponent(f.pathname), decodeURIComponent(t.pathname));
    return rel === '' || rel.startsWith('..') || path.posix.isAbsolute(rel);
  }
  const rel = path.relative(folder, target);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel);
}

/** The last segment of a path or URI, decoded. */
export function baseName(p: string): string {
  const tail = p.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? p;
  return isUriString(p) ? safeDecode(tail) : tail;
}

function encodeSegments(p: string): string {
  return p
    .split('/')
    .map((s) => (s === '.' || s === '..' ? s : encodeURIComponent(s)))
    .join('/');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
