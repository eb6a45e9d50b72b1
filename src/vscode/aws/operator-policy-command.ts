// "Show Operator IAM Policy": the least-privilege policies for running the AWS commands, per account, in a new JSON editor.
import * as vscode from 'vscode';
import { OPERATOR_COMMANDS, operatorPolicies } from '../../core/aws/operator-policy';
import type { Ctx } from '../context';

/** Opens the policies for the workspace's accounts files (a generic one without an accounts file); no AWS call. */
export async function runShowOperatorPolicy(ctx: Ctx): Promise<vscode.TextDocument> {
  const entries = await ctx.accounts.all();
  const accounts = entries.length
    ? entries.flatMap((e) => operatorPolicies(e.loaded.topology, OPERATOR_COMMANDS))
    : operatorPolicies(undefined, OPERATOR_COMMANDS);
  const content = JSON.stringify({ commands: OPERATOR_COMMANDS, accounts }, null, 2);
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: `${content}\n` });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}
