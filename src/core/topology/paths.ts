// Locations in core are vscode-uri `URI`s (file paths become `file:` URIs at the CLI's edge): resolving, relating and comparing them.
import * as path from 'node:path';
import { URI, Utils } from 'vscode-uri';

export { URI };

/** The location of a file path given on a command line (relative to the working directory). */
export function fileLocation(fsPath: string, cwd = process.cwd()): URI {
  return URI.file(path.resolve(cwd, fsPath));
}

/**
 * The location of `rel` (as written in the accounts file) relative to the accounts file. The file is shared between
 * Windows and Unix users: either separator is accepted, and an absolute path (`/x`, `C:/x`) keeps the scheme.
 */
export function resolvePolicyPath(accountsFile: URI, rel: string): URI {
  const norm = rel.replace(/\\/g, '/');
  if (/^[a-zA-Z]:\//.test(norm)) return accountsFile.with({ path: '/' + norm, query: '', fragment: '' });
  if (norm.startsWith('/')) return accountsFile.with({ path: path.posix.normalize(norm), query: '', fragment: '' });
  return Utils.resolvePath(Utils.dirname(accountsFile), norm).with({ query: '', fragment: '' });
}

/** The path of `target` relative to the accounts file's folder, with forward slashes, as it is written in the file. */
export function relativePolicyPath(accountsFile: URI, target: URI): string {
  return path.posix.relative(Utils.dirname(accountsFile).path, target.path);
}

/**
 * Whether `target` (a resolved policy location) lies outside `folder`: another scheme or host, an absolute path
 * elsewhere, or `../` climbing out of it. Compared as `locationKey`s, so case follows the file system.
 */
export function isOutsideFolder(folder: URI, target: URI): boolean {
  const f = locationKey(folder).replace(/\/+$/, '');
  const t = locationKey(target);
  return !t.startsWith(`${f}/`);
}

/** The last segment of a location. */
export function baseName(location: URI): string {
  return Utils.basename(location);
}

/** The last segment of a path as written in the accounts file (either separator). */
export function writtenBaseName(rel: string): string {
  return (
    rel
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? rel
  );
}

/** A location as a comparison key: decoded, without query or fragment, case-folded where file systems ignore case. */
export function locationKey(location: URI): string {
  const key = `${location.scheme}://${location.authority}${location.path}`;
  const foldCase = location.scheme === 'file' && (process.platform === 'win32' || process.platform === 'darwin' || /^\/[a-zA-Z]:\//.test(location.path));
  return foldCase ? key.toLowerCase() : key;
}
