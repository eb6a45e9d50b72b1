// In a real VS Code window with two workspace folders, each with its own accounts file: the Accounts
// view gets a folder level, and each file's problems stay its own (run in a session of its own on a
// .code-workspace made by test/run-integration.mjs: the sample, and a copy with hr's account id broken).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../wait';
import { codeOf } from '../codes';

interface PlainNode {
  kind: string;
  label: string;
  description?: string;
  accountsUri: string;
  problems: { errors: number; warnings: number; infos: number };
  children: PlainNode[];
}

const refresh = async () => (await vscode.commands.executeCommand('crossAccountBackup.refreshAccounts')) as { accountsFiles: string[]; tree: PlainNode[] };
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'cross-account-backup');

describe('multi-root: two workspace folders, two accounts files', () => {
  const folders = () => vscode.workspace.workspaceFolders ?? [];
  const accountsUri = (i: number) => vscode.Uri.joinPath(folders()[i].uri, 'cross-account-backup.json');

  it('opens both folders', () => {
    assert.deepEqual(
      folders().map((f) => f.name),
      ['msp', 'central-it'],
    );
  });

  it('shows one folder node per accounts file, each with its accounts and its own problem count', async () => {
    const summary = await refresh();
    assert.deepEqual(summary.accountsFiles, [accountsUri(0).toString(), accountsUri(1).toString()]);
    assert.deepEqual(
      summary.tree.map((n) => [n.kind, n.label, n.description]),
      [
        ['folder', 'msp', 'cross-account-backup.json'],
        ['folder', 'central-it', 'cross-account-backup.json'],
      ],
    );
    for (const folder of summary.tree)
      assert.deepEqual(
        folder.children.map((n) => n.label),
        ['msp', 'finance', 'hr'],
      );
    assert.equal(summary.tree[0].problems.errors, 0, 'the sample is clean');
    assert.ok(summary.tree[1].problems.errors >= 1, 'the copy counts its broken account id');
    assert.equal(summary.tree[1].children[2].accountsUri, accountsUri(1).toString(), 'nodes know which file they come from');
  });

  it("puts each file's problems on that file only", async () => {
    const broken = await waitFor("the copy's account-id-format problem", () => {
      const d = ours(accountsUri(1));
      return d.some((x) => codeOf(x) === 'account-id-format') ? d : undefined;
    });
    assert.equal(broken.filter((d) => codeOf(d) === 'account-id-format').length, 1);
    assert.deepEqual(ours(accountsUri(0)), []);
  });

  it('reveals a node of the second folder in its own accounts file', async () => {
    const { tree } = await refresh();
    const hr = tree[1].children.find((n) => n.label === 'hr')!;
    const editor = (await vscode.commands.executeCommand('crossAccountBackup.revealInAccountsFile', hr)) as vscode.TextEditor;
    assert.equal(editor.document.uri.toString(), accountsUri(1).toString());
    assert.equal(editor.document.getText(editor.selection), '"hr"');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
