// The policy half of `lint`: checks IAM policy files with the accounts file that references them, and walks folders.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../core/findings';
import { policyAccountsFor, type PolicyAccounts } from '../core/policy/accounts';
import { BUNDLED } from '../core/bundled';
import { openIamCatalog, type IamCatalog } from '../core/policy/catalog';
import { classifyPolicy } from '../core/policy/classify';
import { lintModel } from '../core/policy/lint';
import { parsePolicyModel } from '../core/policy/parse';
import { loadAccounts, type LoadedAccounts } from '../core/topology/load';
import { fileLocation, type URI } from '../core/topology/paths';
import { ACCOUNTS_FILE_NAME } from '../core/topology/model';

let catalog: IamCatalog | undefined;

/** The IAM catalog next to dist/cli.js (bundled) or in dist/ of the checkout (run from source). */
export function cliCatalog(): IamCatalog {
  if (catalog) return catalog;
  const dir = BUNDLED ? path.join(__dirname, 'data', 'iam-catalog') : path.join(__dirname, '..', '..', 'dist', 'data', 'iam-catalog');
  const opened = openIamCatalog(dir);
  void opened.version; // reads the index now, so a missing catalog fails here with its message
  catalog = opened;
  return catalog;
}

const accountsCache = new Map<string, LoadedAccounts | null>();

function loadAccountsFile(file: string): LoadedAccounts | undefined {
  if (!accountsCache.has(file)) {
    let loaded: LoadedAccounts | null;
    try {
      loaded = loadAccounts({ uri: fileLocation(file), text: fs.readFileSync(file, 'utf8') });
    } catch {
      loaded = null;
    }
    accountsCache.set(file, loaded);
  }
  return accountsCache.get(file) ?? undefined;
}

/** The accounts file governing `file`: the one given, else the nearest cross-account-backup.json in its folder or above. */
export function findAccountsFile(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, ACCOUNTS_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function accountsFor(file: string, accountsFile: string | undefined): PolicyAccounts | undefined {
  const where = accountsFile ?? findAccountsFile(file);
  const loaded = where ? loadAccountsFile(where) : undefined;
  if (!where || !loaded) return undefined;
  const read = (location: URI) => {
    try {
      return fs.readFileSync(location.fsPath, 'utf8');
    } catch {
      return undefined;
    }
  };
  return policyAccountsFor(loaded, fileLocation(file), read);
}

/** Whether the file is one the policy linter takes (by name or content). */
export function isPolicyFile(file: string, text: string, accountsFile?: string): boolean {
  return classifyPolicy(file, text, accountsFor(file, accountsFile)?.references).isPolicy;
}

/** Lints a policy file; `accountsFile` overrides the search for the nearest accounts file. */
export async function lintPolicyFile(file: string, text: string, accountsFile?: string): Promise<Finding[]> {
  const accounts = accountsFor(file, accountsFile);
  const model = parsePolicyModel(text);
  const cls = classifyPolicy(file, text, accounts?.references, model.root ? model : undefined);
  return lintModel({ uri: file, text }, model, { catalog: cliCatalog(), kind: cls.kind, accounts });
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);

/** The JSON files under `dir` (sorted, depth-first), skipping dependency and VCS folders. */
export function jsonFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(full);
      } else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) out.push(full);
    }
  };
  walk(dir);
  return out;
}
