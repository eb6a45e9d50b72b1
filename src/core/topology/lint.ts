// All checks of an accounts file (syntax, schema, vendor rules, policy files on disk) and the policy references other features use.
import type { Finding, OffsetRange } from '../findings';
import { entries, items, str, type AccountKind } from './entries';
import { rangeAt, type LoadedAccounts } from './load';
import { isOutsideFolder, resolvePolicyPath } from './paths';
import type { Node } from 'jsonc-parser';
import { checkRules } from './rules';
import { checkSchema } from './schema-check';

/** The outside world the linter needs, injected so the core stays pure (VS Code passes `workspace.fs`, the CLI `node:fs`). */
export interface LintEnv {
  /** Whether a file exists at a location returned by `resolvePolicyPath` (a path or a URI string, like the accounts file's). */
  fileExists(location: string): boolean | Promise<boolean>;
  /**
   * The workspace folder (path or URI string, like the accounts file's) policy files should stay in; default: the
   * accounts file's own folder.
   */
  workspaceFolder?: string;
}

export interface PolicyReference {
  /** Where the policy file is: an absolute path, or a URI string when the accounts file was given as one. */
  path: string;
  /** The path as written in the accounts file. */
  relPath: string;
  role: 'permissions' | 'trust';
  account: { kind: AccountKind; name: string; accountId: string };
  /** For a tenant: the account id of the admin it names (the principal its trust policy should allow). */
  adminAccountId?: string;
  /** The range of the path string in the accounts file. */
  range: OffsetRange;
}

/** Every policy file the accounts file references, with the account that uses it and as what. */
export function policyReferences(loaded: LoadedAccounts, accountsFile: string): PolicyReference[] {
  const { admins, tenants } = entries(loaded);
  const adminIds = new Map(admins.map((a) => [str(a.value.name), str(a.value.accountId)] as const));
  const refs: PolicyReference[] = [];
  for (const e of [...admins, ...tenants]) {
    const account = { kind: e.kind, name: str(e.value.name) ?? '', accountId: str(e.value.accountId) ?? '' };
    const adminAccountId = e.kind === 'tenant' ? adminIds.get(str((e.value as { admin?: unknown }).admin)) : undefined;
    const policies = e.value.policies as { permissions?: unknown; trust?: unknown } | undefined;
    if (!policies || typeof policies !== 'object') continue;
    const push = (rel: unknown, role: PolicyReference['role'], jsonPath: (string | number)[]) => {
      if (typeof rel !== 'string' || !rel.trim()) return;
      refs.push({
        path: resolvePolicyPath(accountsFile, rel.trim()),
        relPath: rel,
        role,
        account,
        ...(adminAccountId ? { adminAccountId } : {}),
        range: rangeAt(loaded.root, jsonPath),
      });
    };
    for (const p of items(policies.permissions)) push(p.item, 'permissions', [...e.path, 'policies', 'permissions', p.index]);
    push(policies.trust, 'trust', [...e.path, 'policies', 'trust']);
  }
  return refs;
}

/** The checks that need only the text: syntax, then (on a parseable file) schema and vendor rules. */
export function lintAccountsText(loaded: LoadedAccounts): Finding[] {
  // A file that does not parse gives a half-built tree: schema and rule findings on it would be noise.
  if (!loaded.root) return noValue(loaded);
  if (loaded.syntaxFindings.length > 0) return sortFindings([...loaded.syntaxFindings]);
  return sortFindings([...duplicateKeys(loaded.root), ...checkSchema(loaded), ...checkRules(loaded)]);
}

/**
 * Duplicate keys, as in policies (same code): JSON parsers keep one of them silently, so the other is a trap.
 * Iterative, so a very deep document cannot exhaust the stack here.
 */
function duplicateKeys(root: Node): Finding[] {
  const findings: Finding[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'object') {
      const seen = new Set<string>();
      for (const prop of n.children ?? []) {
        const key = prop.children?.[0];
        if (!key || typeof key.value !== 'string') continue;
        if (seen.has(key.value)) {
          findings.push({ code: 'json-syntax', severity: 'error', range: { start: key.offset + 1, end: key.offset + key.length - 1 }, message: `Duplicate key \`${key.value}\`: only one of them is read, remove the other.` });
        }
        seen.add(key.value);
      }
    }
    for (const c of n.children ?? []) stack.push(c);
  }
  return findings;
}

/** Every finding on an accounts file, including `missing-policy-file` (resolved against `loaded.uri`). */
export async function lintAccounts(loaded: LoadedAccounts, env: LintEnv): Promise<Finding[]> {
  const findings = lintAccountsText(loaded);
  if (loaded.syntaxFindings.length > 0 || !loaded.root) return findings;
  const refs = policyReferences(loaded, loaded.uri);
  const exists = await Promise.all(refs.map(async (r) => {
    try {
      return await env.fileExists(r.path);
    } catch {
      return false;
    }
  }));
  const folder = env.workspaceFolder ?? folderOf(loaded.uri);
  for (const r of refs) {
    if (!isOutsideFolder(folder, r.path)) continue;
    const what = r.role === 'trust' ? 'trust policy' : 'permissions policy';
    findings.push({
      code: 'policy-outside-workspace',
      severity: 'warning',
      range: r.range,
      message: `The ${what} file \`${r.relPath}\` of ${r.account.kind} \`${r.account.name}\` is outside the workspace folder: it is read from there and its content is sent to AWS IAM on apply. Move it into the workspace and fix the path, so whoever opens this folder sees what is applied.`,
      data: { path: r.path },
    });
  }
  refs.forEach((r, i) => {
    if (exists[i]) return;
    const what = r.role === 'trust' ? 'trust policy' : 'permissions policy';
    findings.push({
      code: 'missing-policy-file',
      severity: 'error',
      range: r.range,
      message: `The ${what} file \`${r.relPath}\` of ${r.account.kind} \`${r.account.name}\` does not exist: create it or fix the path (it is relative to the accounts file; *Set Up Cross-Account Backup* writes starter policies).`,
      data: { path: r.path, role: r.role },
    });
  });
  return sortFindings(findings);
}

function folderOf(uri: string): string {
  const i = Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\'));
  return i > 0 ? uri.slice(0, i) : uri;
}

/** A file with no JSON value: an empty (or comments-only) file gets one clear finding instead of "a value was expected". */
function noValue(loaded: LoadedAccounts): Finding[] {
  const blank = stripComments(loaded.text).trim() === '';
  if (!blank && loaded.syntaxFindings.length) return sortFindings([...loaded.syntaxFindings]);
  return [{ code: 'json-syntax', severity: 'error', range: { start: 0, end: 0 }, message: 'The accounts file is empty: it needs an object with `admins` and `tenants` (type `accounts` for a skeleton snippet).' }];
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code));
}
