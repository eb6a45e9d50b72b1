// `evaluate --accounts FILE [--tenant NAME]... [--format json|text]`: the offline sts:AssumeRole decision per tenant.
import * as path from 'node:path';
import { LineIndex } from '../core/findings';
import { loadAccounts, notAccountsFile } from '../core/topology/load';
import { fileLocation } from '../core/topology/paths';
import { accountsInput } from '../core/topology/inputs';
import { formatText, toRecord } from '../core/trust/report';
import { evaluateTenants } from '../core/trust/tenants';
import { parseCommandLine, type CliCommand } from './command-line';
import { readLocalFile } from './local-files';
import { readAccountsText } from './read-limits';
import { escapeForText } from './text-output';

const USAGE = `Usage: cross-account-backup evaluate --accounts FILE [--tenant NAME]... [--format json|text]

Decides offline, from the accounts file and the policy files it names, whether the admin
hypervisor's identity (its roleArn session, or userArn for access keys) can call
sts:AssumeRole on each tenant's role, and explains why. No AWS access is needed.

Options:
  --accounts FILE     The accounts file (cross-account-backup.json). Required.
  --tenant NAME       Only this tenant; repeat for more. Default: all tenants.
  --format json|text  Output format (default: text). JSON is an array of
                      { tenant, roleArn, caller, decision, reasons }, decision one of
                      allowed, implicitly-denied, explicitly-denied, invalid-policy
                      (IAM would reject a policy), depends-on (the answer turns on a
                      request key only AWS knows; then also dependsOn: [{ key, why,
                      condition, statement, effect }], ifFavourable, ifUnfavourable).
                      State such facts under the admin's requestFacts for an exact answer.
  --now ISO-8601      The time used for aws:CurrentTime / aws:EpochTime (default: now).
  -h, --help          Show this help.

Exit status: 0 every tenant allowed, 1 at least one not allowed (denied, depends on,
invalid policy), 2 usage or I/O problems (missing or malformed files, not an accounts file).
`;

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  summary: 'Decide offline whether the admin can assume each tenant role, and why',
  async run(args, io) {
    const line = parseCommandLine(args, io, USAGE, {
      accounts: { type: 'string' },
      tenant: { type: 'string', multiple: true },
      now: { type: 'string' },
    });
    if (typeof line === 'number') return line;
    const { values } = line;
    if (!values.accounts) {
      io.err(`Name the accounts file with \`--accounts FILE\`.\n\n${USAGE}`);
      return 2;
    }
    const now = values.now ? new Date(values.now) : new Date();
    if (Number.isNaN(now.getTime())) {
      io.err(`\`--now ${values.now}\` is not a date: use ISO 8601, e.g. 2026-11-22T10:00:00Z.\n`);
      return 2;
    }

    const file = path.resolve(io.cwd, values.accounts);
    const read = await readAccountsText(file, escapeForText(values.accounts));
    if ('error' in read) {
      io.err(`${read.error}\n`);
      return 2;
    }
    const text = read.text;
    const loaded = loadAccounts({ uri: fileLocation(file), text });
    if (loaded.syntaxFindings.length) {
      const first = loaded.syntaxFindings[0];
      const pos = new LineIndex(text).positionAt(first.range.start);
      io.err(`${escapeForText(values.accounts)}:${pos.line + 1}:${pos.character + 1}: ${first.message} Fix the accounts file, then evaluate again.\n`);
      return 2;
    }
    const notAccounts = notAccountsFile(loaded);
    if (notAccounts) {
      io.err(`${values.accounts} ${notAccounts}\n`);
      return 2;
    }
    const names = new Set(loaded.topology.tenants.map((t) => t.name));
    const unknown = (values.tenant ?? []).filter((t) => !names.has(t));
    if (unknown.length) {
      io.err(`No tenant named ${unknown.map((t) => `\`${t}\``).join(', ')} in ${values.accounts}; tenants: ${[...names].join(', ') || '(none)'}.\n`);
      return 2;
    }

    const results = await evaluateTenants(accountsInput(loaded, readLocalFile), { now, tenants: values.tenant });

    io.out(values.format === 'json' ? JSON.stringify(results.map(toRecord), null, 2) + '\n' : formatText(results));
    const ioErrors = results.filter((r) => r.ioError);
    if (ioErrors.length) {
      for (const r of ioErrors) for (const reason of r.reasons) io.err(`${r.tenant}: ${reason}\n`);
      return 2;
    }
    if (results.length === 0) io.err(`${values.accounts} has no tenants to evaluate.\n`);
    return results.every((r) => r.decision === 'allowed') ? 0 : 1;
  },
};
