// In a real VS Code: the Accounts view shows the sample workspace's accounts, and a broken accounts file puts the right codes in Problems.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './wait';
import { codeOf } from './codes';

const EXTENSION_ID = 'cross-account-backup.cross-account-backup';

/** What the refresh command returns per node: the data the view passes to its commands, and the children. */
interface PlainNode {
  kind: string;
  label: string;
  description?: string;
  contextValue: string;
  problems: { errors: number; warnings: number; infos: number };
  policy?: { location: string; relPath: string; role: string; exists: boolean };
  children: PlainNode[];
}

const refresh = async () => (await vscode.commands.executeCommand('crossAccountBackup.refreshAccounts')) as { accountsFiles: string[]; tree: PlainNode[] };

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'cross-account-backup');
}

describe('topology: Accounts view and accounts-file diagnostics', () => {
  let accountsUri: vscode.Uri;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    accountsUri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'cross-account-backup.json');
  });

  it('shows the sample accounts: admin msp and tenants finance and hr, with their hypervisors', async () => {
    const summary = await refresh();
    assert.deepEqual(summary.accountsFiles, [accountsUri.toString()]);
    assert.deepEqual(
      // The description is the account id, then the latest test / evaluation status when another feature recorded one.
      summary.tree.map((n) => [n.contextValue, n.label, n.description?.split(' · ')[0]]),
      [
        ['admin', 'msp', '111111111111'],
        ['tenant', 'finance', '222222222222'],
        ['tenant', 'hr', '333333333333'],
      ],
    );
    const finance = summary.tree[1];
    assert.equal(finance.children[0].contextValue, 'hypervisor');
    assert.match(finance.children[0].description ?? '', /uses msp-aws/);
    assert.deepEqual(
      finance.children[0].children.map((n) => n.contextValue),
      ['role', 'policyFile', 'policyFile', 'vmGroup'],
    );
    const msp = summary.tree[0];
    assert.deepEqual(
      msp.children[0].children.filter((n) => n.contextValue === 'accessNode').map((n) => n.label),
      ['an-use1a', 'an-usw2b'],
    );
    assert.equal(ours(accountsUri).length, 0, 'the sample lints clean');
    // The view itself accepts focus with the data behind it.
    await vscode.commands.executeCommand('crossAccountBackup.accounts.focus');
  });

  it("reveals a node in the accounts file with what names it selected, and opens a policy node's file", async () => {
    const { tree } = await refresh();
    const hr = tree.find((n) => n.label === 'hr')!;
    // The view passes the node itself to its context-menu commands; the refresh summary carries the same data.
    const revealed = (await vscode.commands.executeCommand('crossAccountBackup.revealInAccountsFile', hr)) as vscode.TextEditor;
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), accountsUri.toString());
    assert.equal(revealed.document.getText(revealed.selection), '"hr"');

    const hypervisor = hr.children.find((n) => n.contextValue === 'hypervisor')!;
    const trust = hypervisor.children.find((n) => n.contextValue === 'policyFile' && n.policy?.role === 'trust')!;
    assert.ok(trust, 'hr has a trust policy node');
    const opened = (await vscode.commands.executeCommand('crossAccountBackup.openPolicyFile', trust)) as vscode.TextEditor;
    assert.equal(opened.document.uri.toString(), trust.policy!.location);
    assert.match(opened.document.uri.path, /policies\/tenants\/hr\/amazon_sts_assumerole_tenant\.json$/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), trust.policy!.location);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reports a broken accounts file in Problems with the rule codes, as you type, and clears when fixed', async () => {
    const doc = await vscode.workspace.openTextDocument(accountsUri);
    await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    const broken = original
      .replace('"admin": "msp",', '"admin": "nobody",')
      .replace('"accountId": "333333333333"', '"accountId": "33333"')
      .replace('{ "availabilityZone": "us-east-1a", "from": "snapshot" }', '{ "availabilityZone": "us-east-1c", "from": "streaming" }')
      .replace('policies/tenants/hr/amazon_sts_assumerole_tenant.json', 'policies/tenants/hr/missing.json');
    assert.notEqual(broken, original);
    const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(original.length));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(accountsUri, whole, broken);
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const expected = ['unknown-admin', 'account-id-format', 'missing-policy-file', 'volume-tags-not-restored'];
      const diags = await waitFor('the rule diagnostics', () => {
        const d = ours(accountsUri);
        const codes = new Set(d.map((x) => codeOf(x)));
        return expected.every((c) => codes.has(c)) ? d : undefined;
      });
      const unknown = diags.find((d) => codeOf(d) === 'unknown-admin')!;
      assert.equal(doc.getText(unknown.range), '"nobody"');
      assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
      const tags = diags.find((d) => codeOf(d) === 'volume-tags-not-restored')!;
      assert.equal(tags.severity, vscode.DiagnosticSeverity.Information);
      assert.equal(doc.getText(diags.find((d) => codeOf(d) === 'account-id-format')!.range), '"33333"');
      // finance's restore AZ is unknown only once finance has an admin: with `nobody` it cannot be checked.
      assert.ok(!diags.some((d) => codeOf(d) === 'restore-az-mismatch'));

      const summary = await refresh();
      const finance = summary.tree.find((n) => n.label === 'finance')!;
      assert.ok(finance.problems.errors >= 1, "the tree counts the tenant's problems");

      // A syntax error replaces the rule findings with json-syntax.
      const e2 = new vscode.WorkspaceEdit();
      e2.insert(accountsUri, doc.positionAt(broken.indexOf('"tenants"')), '"oops" ');
      assert.ok(await vscode.workspace.applyEdit(e2));
      await waitFor('json-syntax', () => (ours(accountsUri).some((d) => codeOf(d) === 'json-syntax') ? true : undefined));
    } finally {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(accountsUri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
      await vscode.workspace.applyEdit(restore);
      await doc.save();
    }
    await waitFor('the diagnostics to clear', () => (ours(accountsUri).length === 0 ? true : undefined));
  });
});
