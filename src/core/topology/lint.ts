// All checks of an accounts file: syntax, schema, vendor rules, and the policy files it references existing on disk.
import type { Finding } from '../findings';
import type { LoadedAccounts } from './load';
import { isOutsideFolder, type URI } from './paths';
import { Utils } from 'vscode-uri';
import { policyFileReferences } from './references';
import { checkRules } from './rules';
import { checkSchema } from './schema-check';

/** The outside world the linter needs, injected so the core stays pure (VS Code passes `workspace.fs`, the CLI `node:fs`). */
export interface LintEnv {
  /** Whether a file exists at a location `resolvePolicyPath` gave. */
  fileExists(location: URI): boolean | Promise<boolean>;
  /** The workspace folder policy files should stay in; default: the accounts file's own folder. */
  workspaceFolder?: URI;
}

/** The checks that need only the text: syntax, then (on a parseable file) schema and vendor rules. */
export function lintAccountsText(loaded: LoadedAccounts): Finding[] {
  // A file that does not parse gives a half-built tree: schema and rule findings on it would be noise.
  if (!loaded.root) return noValue(loaded);
  if (loaded.syntaxFindings.length > 0) return sortFindings([...loaded.syntaxFindings]);
  return sortFindings([...loaded.duplicateKeyFindings, ...checkSchema(loaded), ...checkRules(loaded)]);
}

/** Every finding on an accounts file, including `missing-policy-file` (resolved against `loaded.uri`). */
export async function lintAccounts(loaded: LoadedAccounts, env: LintEnv): Promise<Finding[]> {
  const findings = lintAccountsText(loaded);
  if (loaded.syntaxFindings.length > 0 || !loaded.root) return findings;
  const refs = policyFileReferences(loaded);
  const exists = await Promise.all(
    refs.map(async (r) => {
      try {
        return await env.fileExists(r.location);
      } catch {
        return false;
      }
    }),
  );
  // A policy file outside the workspace is read, and sent to IAM on apply, without anyone who opens the folder seeing it.
  const folder = env.workspaceFolder ?? Utils.dirname(loaded.uri);
  for (const r of refs) {
    if (!isOutsideFolder(folder, r.location)) continue;
    const what = r.role === 'trust' ? 'trust policy' : 'permissions policy';
    findings.push({
      code: 'policy-outside-workspace',
      severity: 'warning',
      range: r.range,
      message: `The ${what} file \`${r.relPath}\` of ${r.account.kind} \`${r.account.name}\` is outside the workspace folder: it is read from there and its content is sent to AWS IAM on apply. Move it into the workspace and fix the path, so whoever opens this folder sees what is applied.`,
      data: { path: r.location.toString() },
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
      // A string: findings are plain data (the shell compares it with `URI.toString()` of its locations).
      data: { path: r.location.toString(), role: r.role },
    });
  });
  return sortFindings(findings);
}

/** A file with no JSON value: an empty (or comments-only) file gets one clear finding instead of "a value was expected". */
function noValue(loaded: LoadedAccounts): Finding[] {
  const blank = stripComments(loaded.text).trim() === '';
  if (!blank && loaded.syntaxFindings.length) return sortFindings([...loaded.syntaxFindings]);
  return [
    {
      code: 'json-syntax',
      severity: 'error',
      range: { start: 0, end: 0 },
      message: 'The accounts file is empty: it needs an object with `admins` and `tenants` (type `accounts` for a skeleton snippet).',
    },
  ];
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code));
}
