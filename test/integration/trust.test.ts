// "Evaluate Trust Offline" in a real VS Code on a copy of the sample workspace: results, narrowing, and unsaved edits.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'cross-account-backup.cross-account-backup';

interface Result {
  tenant: string;
  accountsUri: string;
  caller: string;
  roleArn: string;
  decision: string;
  reasons: string[];
}

async function activated(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  await ext.activate();
}

const evaluate = (arg?: unknown) => vscode.commands.executeCommand<Result[]>('crossAccountBackup.evaluateTrust', arg);

describe('Evaluate Trust Offline (real VS Code)', function () {
  this.timeout(60_000);
  before(activated);

  it('evaluates every tenant of the sample workspace as allowed, without AWS', async () => {
    const results = await evaluate();
    assert.deepEqual(
      results.map((r) => [r.tenant, r.decision]),
      [
        ['finance', 'allowed'],
        ['hr', 'allowed'],
      ],
    );
    assert.match(results[0].accountsUri, /cross-account-backup\.json$/);
    assert.equal(results[0].caller, 'arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-0d6a2d710af044a19');
    assert.ok(results[0].reasons.some((r) => r.includes('allows sts:AssumeRole')));
  });

  it('narrows to one tenant from a tree node or { tenant }', async () => {
    const byName = await evaluate({ tenant: 'hr' });
    assert.deepEqual(
      byName.map((r) => r.tenant),
      ['hr'],
    );
    const node = { tenantName: 'finance', accountsUri: byName[0].accountsUri };
    assert.deepEqual(
      (await evaluate(node)).map((r) => r.tenant),
      ['finance'],
    );
  });

  it('follows an unsaved edit of the trust policy and explains the ExternalId mismatch', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const uri = vscode.Uri.joinPath(folder.uri, 'policies/tenants/hr/amazon_sts_assumerole_tenant.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    const at = doc.getText().indexOf('msp-hr-52c1');
    assert.ok(at > 0, 'the sample trust policy names the ExternalId');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'msp-hr-52c1'.length)), 'msp-hr-rotated');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const [hr] = await evaluate({ tenant: 'hr' });
      assert.equal(hr.decision, 'implicitly-denied');
      assert.ok(
        hr.reasons.some((r) => r.includes('condition StringEquals sts:ExternalId expected "msp-hr-rotated"') && r.includes('sets "msp-hr-52c1"')),
        hr.reasons.join('\n'),
      );
    } finally {
      // Leave the shared workspace copy as the other suites expect it.
      const undo = new vscode.WorkspaceEdit();
      const now = doc.getText().indexOf('msp-hr-rotated');
      undo.replace(uri, new vscode.Range(doc.positionAt(now), doc.positionAt(now + 'msp-hr-rotated'.length)), 'msp-hr-52c1');
      await vscode.workspace.applyEdit(undo);
      await doc.save();
    }
    const [again] = await evaluate({ tenant: 'hr' });
    assert.equal(again.decision, 'allowed');
  });

  it('reports an unknown tenant instead of evaluating something else', async () => {
    assert.deepEqual(await evaluate({ tenant: 'payroll' }), []);
  });
});
