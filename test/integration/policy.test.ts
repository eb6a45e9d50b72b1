// In a real VS Code: a broken policy in the sample workspace gets our diagnostics, quick fixes apply as workspace edits, and completions and hovers answer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './wait';
import { codeOf } from './codes';

const EXTENSION_ID = 'cross-account-backup.cross-account-backup';

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'cross-account-backup');
const codes = (uri: vscode.Uri) =>
  ours(uri)
    .map((d) => codeOf(d))
    .sort();

async function fixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
  return all.filter((a): a is vscode.CodeAction => 'edit' in a || 'kind' in a);
}

const BROKEN = `{
    "Version": "2008-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["ec2:DescribeInstancez", "s3:GetObject", "s3:GetObject"],
            "Resource": "*"
        }
    ]
}
`;

describe('policy: diagnostics, quick fixes, completions and hovers', function () {
  this.timeout(120_000);
  let folder: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    folder = vscode.workspace.workspaceFolders![0].uri;
  });

  it('shows the codes of a broken policy in Problems, at the right ranges', async () => {
    const uri = vscode.Uri.joinPath(folder, 'policies', 'broken-policy.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(BROKEN));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor('policy diagnostics', () => (codes(uri).length >= 3 ? true : undefined));
    assert.deepEqual(codes(uri), ['duplicate-action', 'old-version', 'unknown-action']);
    const unknown = ours(uri).find((d) => codeOf(d) === 'unknown-action')!;
    assert.equal(doc.getText(unknown.range), 'DescribeInstancez');
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unknown.message, /Did you mean `ec2:DescribeInstances`/);
    // The code links to the rule's entry in the packaged docs/rules.md.
    const target = (unknown.code as { target: vscode.Uri }).target;
    assert.ok(target.path.endsWith('/docs/rules.md'), target.toString());
    assert.equal(target.fragment, 'unknown-action');
  });

  it('applies quick fixes as workspace edits until the policy is clean', async () => {
    const uri = vscode.Uri.joinPath(folder, 'policies', 'broken-policy.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    for (const [code, title] of [
      ['unknown-action', /ec2:DescribeInstances/],
      ['duplicate-action', /Remove the duplicate/],
      ['old-version', /2012-10-17/],
    ] as const) {
      const diagnostic = await waitFor(`${code} diagnostic`, () => ours(uri).find((d) => codeOf(d) === code));
      const action = (await fixesAt(uri, diagnostic.range)).find((a) => title.test(a.title));
      assert.ok(action?.edit, `a quick fix for ${code}`);
      assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.ok(await vscode.workspace.applyEdit(action.edit));
      await waitFor(`${code} gone`, () => (ours(uri).some((d) => codeOf(d) === code) ? undefined : true));
    }
    assert.deepEqual(codes(uri), []);
    const fixed = JSON.parse(doc.getText());
    assert.equal(fixed.Version, '2012-10-17');
    assert.deepEqual(fixed.Statement[0].Action, ['ec2:DescribeInstances', 's3:GetObject']);
    // One undo per fix: the user's edit history keeps every step.
    await vscode.commands.executeCommand('undo');
    await waitFor('undo restores the old version', () => (doc.getText().includes('2008-10-17') ? true : undefined));
  });

  it("adds the tenant's external ID from the accounts file to a trust policy that lost its condition", async () => {
    const uri = vscode.Uri.joinPath(folder, 'policies', 'tenants', 'hr', 'amazon_sts_assumerole_tenant.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor('the example trust policy is checked', () => (ours(uri).length === 0 ? true : undefined));
    const trust = JSON.parse(doc.getText());
    delete trust.Statement.Condition;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), JSON.stringify(trust, null, 4));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostic = await waitFor('trust-missing-external-id', () => ours(uri).find((d) => codeOf(d) === 'trust-missing-external-id'));
    const action = (await fixesAt(uri, diagnostic.range)).find((a) => /external ID/.test(a.title));
    assert.ok(action?.edit);
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    await waitFor('trust policy clean again', () => (ours(uri).length === 0 ? true : undefined));
    assert.equal(JSON.parse(doc.getText()).Statement.Condition.StringEquals['sts:ExternalId'], 'msp-hr-52c1');
  });

  it('completes actions and explains them on hover', async () => {
    const uri = vscode.Uri.joinPath(folder, 'policies', 'amazon_sts_assumerole.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('sts:AssumeRole') + 'sts:Assu'.length);
    const hover = await waitFor('a hover', async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)) ?? [];
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return text.includes('Access level') ? text : undefined;
    });
    assert.match(hover, /sts:AssumeRole/);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, at);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('sts:AssumeRoleWithSAML'), 'STS actions offered');
    assert.ok(labels.includes('sts:*'), 'the wildcard form offered');
  });
});
