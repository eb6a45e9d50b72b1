// `lint [--accounts FILE] [--format json|text] PATH...`: reports the findings of accounts files and IAM policy files (files or folders).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { toLintRecords, type Finding, type LintRecord } from '../core/findings';
import { lintAccounts } from '../core/topology/lint';
import { loadAccounts } from '../core/topology/load';
import { fileLocation } from '../core/topology/paths';
import { ACCOUNTS_FILE_NAME } from '../core/topology/model';
import { parseCommandLine, type CliCommand, type CliIo } from './command-line';
import { isPolicyFile, jsonFilesUnder, lintPolicyFile } from './lint-policy';

/** What a file is, decided from its name and content. */
export type FileKind = 'accounts' | 'policy';

/** Options every linter receives: `accountsFile` is `--accounts` (absolute), when given. */
export interface LintOptions {
  accountsFile?: string;
}

/** Lints one file of a kind; `file` is an absolute path. */
export type Linter = (file: string, text: string, io: CliIo, opts: LintOptions) => Promise<Finding[]>;

/** One linter per file kind: a new kind adds an entry here and a case in `detectKind`. */
export const linters: Record<FileKind, Linter> = {
  accounts: (file, text) =>
    lintAccounts(loadAccounts({ uri: fileLocation(file), text }), {
      fileExists: async (location) => (await fs.stat(location.fsPath)).isFile(),
    }),
  policy: (file, text, _io, opts) => lintPolicyFile(file, text, opts.accountsFile),
};

/** The kind of a file: by its name first, then by its content; undefined when no linter applies. */
export function detectKind(file: string, text: string, opts: LintOptions = {}): FileKind | undefined {
  if (path.basename(file) === ACCOUNTS_FILE_NAME) return 'accounts';
  const value: unknown = parseJsonc(text, [], { allowTrailingComma: true });
  if (value && typeof value === 'object' && !Array.isArray(value) && ('admins' in value || 'tenants' in value)) return 'accounts';
  if (isPolicyFile(file, text, opts.accountsFile)) return 'policy';
  return undefined;
}

const USAGE = `Usage: cross-account-backup lint [--accounts FILE] [--format json|text] PATH...

Checks accounts files (${ACCOUNTS_FILE_NAME}, or any JSON file with \`admins\` / \`tenants\`)
against the schema and the vendor's cross-account rules, and IAM policy files (a top-level
\`Statement\`, a name like *policy*.json / *trust*.json, anything under policies/, or a file the
accounts file references) with the same checks as the editor. A folder is searched for both.

Options:
  --accounts FILE     Accounts file for the cross-account policy checks (default: the nearest
                      ${ACCOUNTS_FILE_NAME} in each policy's folder or above).
  --format json|text  Output format (default: text). JSON is an array of
                      { file, line, column, endLine, endColumn, severity, code, message }
                      with 1-based lines and columns.
  -h, --help          Show this help.

Exit status: 0 no errors, 1 errors found, 2 usage or I/O problems.
`;

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'Check accounts files and IAM policies against the schema, IAM and the cross-account rules',
  async run(args, io) {
    const parsed = parseCommandLine(args, io, USAGE, { accounts: { type: 'string' } }, { positionals: true });
    if (typeof parsed === 'number') return parsed;
    const format = parsed.format;
    if (parsed.positionals.length === 0) {
      io.err(`Name at least one file to check.\n\n${USAGE}`);
      return 2;
    }

    const opts: LintOptions = {};
    if (parsed.values.accounts !== undefined) {
      opts.accountsFile = path.resolve(io.cwd, parsed.values.accounts);
      try {
        await fs.access(opts.accountsFile);
      } catch (err) {
        io.err(`Cannot read the accounts file ${parsed.values.accounts}: ${describeIoError(err)}.\n`);
        return 2;
      }
    }

    let trouble = false;
    const records: LintRecord[] = [];
    // Named files must be checkable; files found in a named folder are checked when they are accounts or policy files.
    const targets: { file: string; shown: string; named: boolean }[] = [];
    for (const given of parsed.positionals) {
      const file = path.resolve(io.cwd, given);
      try {
        if ((await fs.stat(file)).isDirectory()) {
          for (const f of jsonFilesUnder(file)) targets.push({ file: f, shown: path.join(given, path.relative(file, f)), named: false });
          continue;
        }
      } catch {
        // Reported below, when reading it.
      }
      targets.push({ file, shown: given, named: true });
    }
    for (const { file, shown, named } of targets) {
      let text: string;
      try {
        // Without its BOM, as editors show the file: the columns reported are the ones the user sees.
        text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
      } catch (err) {
        io.err(`Cannot read ${shown}: ${describeIoError(err)}.\n`);
        trouble = true;
        continue;
      }
      const kind = detectKind(file, text, opts);
      if (!kind) {
        if (!named) continue;
        io.err(`${shown} is not a file this command checks: an accounts file is named ${ACCOUNTS_FILE_NAME} or is a JSON object with \`admins\` and \`tenants\`; a policy has a top-level \`Statement\`.\n`);
        trouble = true;
        continue;
      }
      records.push(...toLintRecords(shown, text, await linters[kind](file, text, io, opts)));
    }

    if (format === 'json') io.out(`${JSON.stringify(records, null, 2)}\n`);
    else io.out(formatText(records));
    if (trouble) return 2;
    return records.some((r) => r.severity === 'error') ? 1 : 0;
  },
};

function formatText(records: LintRecord[]): string {
  if (records.length === 0) return '';
  const lines = records.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.message} [${r.code}]`);
  const count = (s: string) => records.filter((r) => r.severity === s).length;
  const parts = [`${count('error')} error(s)`, `${count('warning')} warning(s)`];
  const infos = count('info') + count('hint');
  if (infos) parts.push(`${infos} info`);
  return `${lines.join('\n')}\n\n${parts.join(', ')}\n`;
}

function describeIoError(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file; check the path';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}
