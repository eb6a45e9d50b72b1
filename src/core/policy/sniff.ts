// Cheap tests on a document's name and text that say whether the extension's features may have work
// to do for it. The activation shell runs them on every open document, so they import nothing.

/** Policy by name: `*policy*.json`, `*trust*.json`, or any JSON under a `policies/` folder. */
export function isPolicyName(file: string): boolean {
  const norm = file.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  if (!/\.json$/i.test(base)) return false;
  return /policy|trust/i.test(base) || /(^|\/)policies\//i.test(norm);
}

/** Above this size a JSON file is not looked into for a `Statement`: IAM policies are kilobytes, and the scan is linear. */
export const CONTENT_SCAN_LIMIT = 16 * 1024 * 1024;

const LOG_LANGUAGE = 'commvault-log';
/** `"Statement"` then, past any whitespace and comments (JSONC), a colon. */
const STATEMENT_KEY = /"Statement"(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*)*:/;
const JSON_LANGUAGES = ['json', 'jsonc'];

/**
 * True when a document may be a policy, an accounts file or an access-node log: what the features
 * check, lint or decorate. A superset of the policy classifier's name and content tests (the content
 * test here is a plain search for a `"Statement":` key anywhere), so no policy is missed; most other
 * JSON documents (settings, package.json) are not.
 */
export function mayNeedFeatures(path: string, languageId: string, text: () => string, accountsFileNames: readonly string[]): boolean {
  if (languageId === LOG_LANGUAGE) return true;
  if (!JSON_LANGUAGES.includes(languageId)) return false;
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (accountsFileNames.includes(base) || isPolicyName(path)) return true;
  const body = text();
  return body.length <= CONTENT_SCAN_LIMIT && STATEMENT_KEY.test(body);
}
