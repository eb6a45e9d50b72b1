// "Test Assume Role" in a real VS Code against the local STS/IAM emulator, seeded from the workspace's accounts file.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../aws-emulator';

const EXTENSION_ID = 'cross-account-backup.cross-account-backup';

interface Result {
  tenant: string;
  roleArn: string;
  ok: boolean;
  assumedRoleArn?: string;
  expiration?: string;
  steps: { name: string; ok: boolean; ms: number }[];
  failure?: { kind: string; message: string; fix: string };
}

describe('AWS commands in a real VS Code (emulator)', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const settings = ['aws.stsEndpoint', 'aws.iamEndpoint'] as const;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    await ext.activate();
    const folder = vscode.workspace.workspaceFolders![0];
    emu = await startEmulator();
    const world = await emu.seedFromAccounts(path.join(folder.uri.fsPath, 'cross-account-backup.json'));
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cab-int-aws-'));
    const files = await world.writeAwsFiles(dir);
    for (const k of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE']) saved[k] = process.env[k];
    process.env.AWS_CONFIG_FILE = files.configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
    delete process.env.AWS_PROFILE;
    const config = vscode.workspace.getConfiguration('crossAccountBackup');
    for (const s of settings) await config.update(s, emu.url, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('crossAccountBackup');
    for (const s of settings) await config.update(s, undefined, vscode.ConfigurationTarget.Global);
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await emu?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('tests assume role for { tenant: "finance" } and returns the result', async () => {
    const r = await vscode.commands.executeCommand<Result>('crossAccountBackup.testAssumeRole', { tenant: 'finance' });
    assert.ok(r, 'the command returned a result (is the workspace trusted?)');
    assert.equal(r.ok, true, JSON.stringify(r.failure));
    assert.equal(r.roleArn, 'arn:aws:iam::222222222222:role/vsa-role');
    assert.match(r.assumedRoleArn!, /^arn:aws:sts::222222222222:assumed-role\/vsa-role\/cab-test-finance-/);
    assert.deepEqual(
      r.steps.map((s) => s.name),
      ['get-caller-identity', 'assume-tenant-role', 'verify-credentials', 'simulate-permissions'],
    );
    assert.ok(
      emu.calls.some((c) => c.action === 'AssumeRole' && c.params.ExternalId === 'msp-finance-7f3a'),
      'the emulator saw the AssumeRole with the ExternalId',
    );
    const text = JSON.stringify(r);
    for (const secret of emu.seenSecrets()) assert.ok(!text.includes(secret), 'no secret in the result');
  });

  it('classifies a denial when the live trust policy no longer matches', async () => {
    emu.updateAssumeRolePolicy('333333333333', 'vsa-role', {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Condition: { StringEquals: { 'sts:ExternalId': 'rotated' } },
      },
    });
    const r = await vscode.commands.executeCommand<Result>('crossAccountBackup.testAssumeRole', { tenant: 'hr' });
    assert.equal(r.ok, false);
    assert.equal(r.failure?.kind, 'access-denied');
    assert.match(r.failure!.fix, /Check Drift|sts:AssumeRole/);
  });

  it('tests all tenants and returns one result per tenant', async () => {
    const results = await vscode.commands.executeCommand<Result[]>('crossAccountBackup.testAllTenants');
    assert.deepEqual(
      results.map((r) => [r.tenant, r.ok]),
      [
        ['finance', true],
        ['hr', false],
      ],
    );
  });

  it("never writes a secret the emulator issued to the extension's log", async function () {
    const logs = process.env.CAB_EXTHOST_LOGS;
    // Only the code-server launcher knows where the extension host writes its logs.
    if (!logs) this.skip();
    const file = path.join(logs!, EXTENSION_ID, 'Cross-Account Backup.log');
    const text = await fs.readFile(file, 'utf8');
    assert.match(text, /Test assume role: tenant finance/, 'the log records the tests that ran');
    for (const secret of emu.seenSecrets()) assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 4)}…) is in ${file}`);
  });

  it('shows the operator IAM policy for the sample accounts, one per account, without calling AWS', async () => {
    emu.clearCalls();
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('crossAccountBackup.showOperatorPolicy');
    assert.equal(doc.languageId, 'json');
    const json = JSON.parse(doc.getText()) as { accounts: { account: string; policy: { Statement: { Sid: string; Resource: string[] }[] } }[] };
    assert.deepEqual(
      json.accounts.map((a) => a.account),
      ['msp', 'finance', 'hr'],
    );
    const assume = json.accounts[0].policy.Statement.find((st) => st.Sid === 'AssumeTheRolesTheAccessNodesAssume');
    assert.deepEqual(assume?.Resource, ['arn:aws:iam::222222222222:role/vsa-role', 'arn:aws:iam::333333333333:role/vsa-role']);
    assert.equal(emu.calls.length, 0, 'no AWS call');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
