// `operator-policy`: prints the least-privilege IAM policy the person or pipeline running the AWS commands needs, per account.
import * as path from 'node:path';
import { OPERATOR_COMMANDS, operatorPolicies, operatorPolicyText, type OperatorCommand } from '../core/aws/operator-policy';
import { loadAccounts } from '../core/topology/load';
import { fileLocation } from '../core/topology/paths';
import { parseCommandLine, type CliCommand } from './command-line';
import { readAccountsText } from './read-limits';
import { escapeForText } from './text-output';

const USAGE = `Usage: cross-account-backup operator-policy [--accounts FILE] [--command test|drift|apply]... [--format json|text]

Prints the IAM identity policy the operator needs to run the AWS commands, one per account of the accounts file,
scoped to the roles, managed policies and instance profile the file names. Attach each to the identity behind that
account's profile. evaluate, lint, logs and the exports need no AWS permissions.

Options:
  --accounts FILE          the accounts file (without it: one policy on any account's resources of those kinds)
  --command C              test (Test Assume Role), drift (Check Drift, plan) or apply (Apply Policies); repeatable;
                           default: all three
  --format json|text       output format (default text)
`;

export const operatorPolicyCommand: CliCommand = {
  name: 'operator-policy',
  summary: 'Print the least-privilege IAM policy for running test-assume-role, drift/plan and apply',
  async run(args, io) {
    const parsed = parseCommandLine(args, io, USAGE, { accounts: { type: 'string' }, command: { type: 'string', multiple: true } });
    if (typeof parsed === 'number') return parsed;
    const asked = parsed.values.command ?? [...OPERATOR_COMMANDS];
    const unknown = asked.filter((c) => !(OPERATOR_COMMANDS as readonly string[]).includes(c));
    if (unknown.length) {
      io.err(`Unknown --command \`${unknown[0]}\`: use ${OPERATOR_COMMANDS.join(', ')}.\n\n${USAGE}`);
      return 2;
    }
    const commands = asked as OperatorCommand[];
    let topology;
    if (parsed.values.accounts) {
      const file = path.resolve(io.cwd, parsed.values.accounts);
      const read = await readAccountsText(file, escapeForText(parsed.values.accounts));
      if ('error' in read) {
        io.err(`${read.error}\n`);
        return 2;
      }
      const loaded = loadAccounts({ uri: fileLocation(file), text: read.text });
      if (!loaded.root || loaded.syntaxFindings.length) {
        io.err(
          `The accounts file ${escapeForText(parsed.values.accounts)} is not valid JSON${loaded.syntaxFindings[0] ? `: ${loaded.syntaxFindings[0].message}` : '.'} Fix it and run again.\n`,
        );
        return 2;
      }
      topology = loaded.topology;
    }
    const policies = operatorPolicies(topology, commands);
    io.out(parsed.format === 'json' ? `${JSON.stringify({ commands, accounts: policies }, null, 2)}\n` : operatorPolicyText(policies, commands));
    return 0;
  },
};
