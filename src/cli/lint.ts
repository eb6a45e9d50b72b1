// `lint [--accounts FILE] [--format json|text] PATH...`: reports the findings of accounts files and IAM policy files (files or folders).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { toLintRecords, type Finding, type LintRecord } from '../core/findings';
import { closest } from '../core/policy/suggest';
import { applyRuleLevels, isRuleCode, RULE_CODES, RULE_LEVELS, type RuleLevel } from '../core/rules';
import { lintAccounts } from '../core/topology/lint';
import { loadAccounts } from '../core/topology/load';
import { fileLocation } from '../core/topology/paths';
import { ACCOUNTS_FILE_NAME } from '../core/topology/model';
import { parseCommandLine, type CliCommand, type CliIo } from './command-line';
import { isPolicyFile, jsonFilesUnder, lintPolicyFile } from './lint-policy';
import { MAX_ACCOUNTS_FILE_BYTES } from './read-limits';
import { escapeForText } from './text-output';

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

const USAGE = `Usage: cross-account-backup lint [--accounts FILE] [--rule CODE=LEVEL]... [--format json|text] PATH...

Checks accounts files (${ACCOUNTS_FILE_NAME}, or any JSON file with \`admins\` / \`tenants\`)
against the schema and the vendor's cross-account rules, and IAM policy files (a top-level
\`Statement\`, a name like *policy*.json / *trust*.json, anything under policies/, or a file the
accounts file references) with the same checks as the editor. A folder is searched for both.

Options:
  --accounts FILE     Accounts file for the cross-account policy checks (default: the nearest
                      ${ACCOUNTS_FILE_NAME} in each policy's folder or above).
  --rule CODE=LEVEL   Turn a rule off or change its severity: LEVEL is off, error, warning,
                      info or hint (repeatable; the codes are listed in docs/rules.md).
  --format json|text  Output format (default: text). JSON is an array of
                      { file, line, column, endLine, endColumn, severity, code, message }
                      with 1-based lines and columns.
  --max-warnings N    Exit 1 when there are more than N warnings (default: no limit).
  -h, --help          Show this help.

Files over ${MAX_ACCOUNTS_FILE_BYTES / 1024 / 1024} MB are not checked (an accounts file with a thousand tenants is about
0.5 MB; a managed policy at most 6,144 characters): each is named, and the others are still checked.

Exit status (as ESLint): 0 no errors, 1 errors found or more warnings than --max-warnings,
2 usage or I/O problems (a file that cannot be read or checked is named; the others are still reported).
`;

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'Check accounts files and IAM policies against the schema, IAM and the cross-account rules',
  async run(args, io) {
    const parsed = parseCommandLine(
      args,
      io,
      USAGE,
      { accounts: { type: 'string' }, rule: { type: 'string', multiple: true }, 'max-warnings': { type: 'string' } },
      { positionals: true },
    );
    if (typeof parsed === 'number') return parsed;
    const levels = parseRuleLevels(parsed.values.rule ?? []);
    if (typeof levels === 'string') {
      io.err(`${levels}\n`);
      return 2;
    }
    const format = parsed.format;
    const maxWarningsText = parsed.values['max-warnings'];
    const maxWarnings = maxWarningsText === undefined ? undefined : Number(maxWarningsText);
    if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) {
      io.err(`--max-warnings must be a whole number (0 or more), not \`${maxWarningsText}\`.\n\n${USAGE}`);
      return 2;
    }
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
      const name = escapeForText(shown);
      let text: string;
      try {
        const size = (await fs.stat(file)).size;
        if (size > MAX_ACCOUNTS_FILE_BYTES) {
          io.err(
            `${name} is ${(size / 1024 / 1024).toFixed(1)} MB, more than any accounts or policy file (this command checks files up to ${MAX_ACCOUNTS_FILE_BYTES / 1024 / 1024} MB): not checked. Check that you named the right file.\n`,
          );
          trouble = true;
          continue;
        }
        // Without its BOM, as editors show the file: the columns reported are the ones the user sees.
        text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
      } catch (err) {
        io.err(`Cannot read ${name}: ${describeIoError(err)}.\n`);
        trouble = true;
        continue;
      }
      try {
        const kind = detectKind(file, text, opts);
        if (!kind) {
          if (!named) continue;
          io.err(
            `${name} is not a file this command checks: an accounts file is named ${ACCOUNTS_FILE_NAME} or is a JSON object with \`admins\` and \`tenants\`; a policy has a top-level \`Statement\`.\n`,
          );
          trouble = true;
          continue;
        }
        records.push(...toLintRecords(shown, text, applyRuleLevels(await linters[kind](file, text, io, opts), levels)));
      } catch (err) {
        // A pathological document (say 100,000 nested arrays) exhausts the parser's stack: name it and go on.
        const why =
          err instanceof RangeError
            ? 'it nests values too deeply to be parsed (no accounts file or policy does)'
            : err instanceof Error
              ? err.message
              : String(err);
        io.err(`Cannot check ${name}: ${why}. The other files are still checked.\n`);
        trouble = true;
      }
    }

    if (format === 'json') io.out(`${JSON.stringify(records, null, 2)}\n`);
    else io.out(formatText(records));
    if (trouble) return 2;
    const warnings = records.filter((r) => r.severity === 'warning').length;
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      io.err(`${warnings} warning(s), more than --max-warnings ${maxWarnings}.\n`);
      return 1;
    }
    return records.some((r) => r.severity === 'error') ? 1 : 0;
  },
};

/** `--rule CODE=LEVEL` options as rule levels, or the usage error to print. */
export function parseRuleLevels(options: readonly string[]): Record<string, RuleLevel> | string {
  const levels: Record<string, RuleLevel> = {};
  for (const option of options) {
    const eq = option.lastIndexOf('=');
    const code = eq < 0 ? option : option.slice(0, eq);
    const level = eq < 0 ? '' : option.slice(eq + 1);
    if (!isRuleCode(code)) {
      const s = closest(code, RULE_CODES);
      return `Unknown rule \`${code}\` in \`--rule ${option}\`:${s ? ` did you mean \`${s}\`?` : ''} the codes are listed in docs/rules.md.`;
    }
    if (!(RULE_LEVELS as readonly string[]).includes(level)) {
      return `\`--rule ${option}\` needs a level after \`=\`: one of ${RULE_LEVELS.join(', ')} (for example \`--rule ${code}=off\`).`;
    }
    levels[code] = level as RuleLevel;
  }
  return levels;
}

function formatText(records: LintRecord[]): string {
  if (records.length === 0) return '';
  const lines = records.map((r) => `${escapeForText(r.file)}:${r.line}:${r.column}: ${r.severity} ${r.message} [${r.code}]`);
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
