// The operator policy against what the commands really call: each command runs in the emulator as a user holding only
// that command's operator policy (so every call must be allowed by it), and the STS/IAM actions the emulator records
// must be exactly the policy's actions (less the permissions AWS requires without an API call of their own).
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeIamCommand } from '../../../src/cli/iam-sync';
import { operatorPolicyCommand } from '../../../src/cli/operator-policy';
import { makeTestAssumeRoleCommand } from '../../../src/cli/test-assume-role';
import type { CliCommand } from '../../../src/cli/commands';
import { OPERATOR_GRANTS, operatorActions, operatorPolicies, type OperatorCommand } from '../../../src/core/aws/operator-policy';
import { loadAccounts } from '../../../src/core/topology/load';
import { URI } from '../../../src/core/topology/paths';
import type { Topology } from '../../../src/core/topology/model';
import { makeFixture, type Fixture } from './fixture';

/** The STS/IAM actions the emulator saw since the last clearCalls (GetCallerIdentity needs no permission). */
function recorded(fx: Fixture): { actions: Set<string>; denied: string[] } {
  const calls = fx.emu.calls.filter((c) => (c.service === 'sts' || c.service === 'iam') && c.action && c.action !== 'GetCallerIdentity');
  return {
    actions: new Set(calls.map((c) => `${c.service}:${c.action}`)),
    denied: calls.filter((c) => c.errorCode === 'AccessDenied' || c.status === 403).map((c) => `${c.service}:${c.action} as ${c.callerArn}`),
  };
}

async function topologyOf(fx: Fixture): Promise<Topology> {
  return loadAccounts({ uri: URI.file(fx.accountsFile), text: await fs.readFile(fx.accountsFile, 'utf8') }).topology;
}

/**
 * Gives every account of the accounts file a profile `op-<account>-<command>` whose only permissions are that account's
 * operator policy for `command`, and points the accounts file at those profiles.
 */
let round = 0;
async function operatorsFor(fx: Fixture, command: OperatorCommand): Promise<void> {
  const policies = operatorPolicies(await topologyOf(fx), [command]);
  round++;
  const lines: string[] = [];
  const profileOf = new Map<string, string>();
  for (const p of policies) {
    const name = `op-${p.account}-${command}-${round}`;
    const user = fx.emu.createUser(p.accountId, `operator-${p.account}-${command}-${round}`, { inline: { operator: p.policy } });
    lines.push(
      `[profile ${name}]`,
      `aws_access_key_id = ${user.accessKeyId}`,
      `aws_secret_access_key = ${user.secretAccessKey}`,
      'region = us-east-1',
      `endpoint_url = ${fx.emu.url}`,
      '',
    );
    profileOf.set(p.account, name);
  }
  await fx.appendConfig(lines.join('\n'));
  await fx.editAccounts((j) => {
    for (const a of [...j.admins, ...j.tenants]) {
      const profile = profileOf.get(a.name);
      if (profile) a.profile = profile;
      else delete a.profile;
    }
  });
}

describe('operator policy (emulator): exactly the STS/IAM actions each command calls', function () {
  this.timeout(120_000);
  const seen: Record<OperatorCommand, Set<string>> = { test: new Set(), drift: new Set(), apply: new Set() };
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });

  const cli = async (command: CliCommand, ...args: string[]) => {
    let out = '';
    let err = '';
    const code = await command.run(['--accounts', fx!.accountsFile, ...args], {
      out: (s) => void (out += s),
      err: (s) => void (err += s),
      cwd: fx!.dir,
      env: fx!.env,
    });
    return { code, out, err };
  };
  const drift = makeIamCommand('drift', { isTTY: false });
  const apply = makeIamCommand('apply', { isTTY: false });

  /** Runs one command as its operators; every call must be allowed. */
  async function as(command: OperatorCommand, run: () => Promise<{ code: number; out: string; err: string }>, okCodes: number[]) {
    await operatorsFor(fx!, command);
    fx!.emu.clearCalls();
    const r = await run();
    const { actions, denied } = recorded(fx!);
    assert.deepEqual(denied, [], `the ${command} operator policy allowed every call:\n${r.out}${r.err}`);
    assert.ok(okCodes.includes(r.code), `exit ${r.code}:\n${r.out}${r.err}`);
    for (const a of actions) seen[command].add(a);
    for (const a of actions) assert.ok(operatorActions(command).includes(a), `${command} called ${a}, which its operator policy does not grant`);
    return r;
  }

  it('test-assume-role: AssumeRole with the admin operator, SimulatePrincipalPolicy with the tenant operator', async () => {
    fx = await makeFixture();
    const r = await as('test', () => cli(makeTestAssumeRoleCommand({ isTTY: false })), [0]);
    assert.match(r.out, /2 of 2 tenant\(s\) passed/);
  });

  it('apply and drift on an iamRole admin: create, adopt, update, version limit, inline policy', async () => {
    fx = await makeFixture({ seed: { tenantRoles: false } });
    // A new admin role: apply creates it with its instance profile; the seeded managed policies are adopted.
    await fx.editAccounts((j) => (j.admins[0].hypervisor.roleArn = 'arn:aws:iam::111111111111:role/vsa-assume-role-2'));
    await as('apply', () => cli(apply, '--yes', '--adopt', 'amazon_sts_assumerole', '--adopt', 'amazon_restricted_role_permissions'), [0]);

    // Back to the seeded (foreign) admin role, adopted; a changed trust policy and permission file in a tenant, whose
    // managed policy is at IAM's limit of five versions; an inline policy added by hand.
    await fx.editAccounts((j) => (j.admins[0].hypervisor.roleArn = 'arn:aws:iam::111111111111:role/vsa-assume-role'));
    const trust = path.join(fx.dir, 'policies/tenants/finance/amazon_sts_assumerole_tenant.json');
    const t = JSON.parse(await fs.readFile(trust, 'utf8'));
    (Array.isArray(t.Statement) ? t.Statement[0] : t.Statement).Sid = 'AdminAccessNodes';
    await fs.writeFile(trust, JSON.stringify(t, null, 2));
    const perms = path.join(fx.dir, 'policies/amazon_restricted_role_permissions.json');
    const p = JSON.parse(await fs.readFile(perms, 'utf8'));
    await fs.writeFile(
      perms,
      JSON.stringify(
        {
          ...p,
          Statement: [
            ...(Array.isArray(p.Statement) ? p.Statement : [p.Statement]),
            { Sid: 'Extra', Effect: 'Allow', Action: 'ec2:DescribeRegions', Resource: '*' },
          ],
        },
        null,
        2,
      ),
    );
    const financePolicy = 'arn:aws:iam::222222222222:policy/amazon_restricted_role_permissions';
    for (let i = 0; i < 4; i++)
      fx.emu.createPolicyVersion(
        financePolicy,
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:DescribeVolumes', Resource: '*', Sid: `V${i}` }] },
        false,
      );
    fx.emu.putRolePolicy('222222222222', 'vsa-role', 'added-by-hand', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }],
    });

    const d = await as('drift', () => cli(drift), [1]);
    assert.match(d.out, /inline-policy|added-by-hand/);
    await as('apply', () => cli(apply, '--yes', '--adopt', 'vsa-assume-role'), [0, 1]);
  });

  it("apply and drift on an accessKey admin: the IAM user's attachments", async () => {
    // Seeded with the small assume-role policy only (inline: IAM caps a user's inline policies at 2,048 characters);
    // then the accounts file gains the restricted permissions, which apply creates and attaches to the user.
    fx = await makeFixture({
      seed: { tenantRoles: false, permissionsAs: 'inline' },
      edit: (j) => {
        j.admins[0].hypervisor = { ...j.admins[0].hypervisor, authentication: 'accessKey', userArn: 'arn:aws:iam::111111111111:user/vsa-user' };
        delete j.admins[0].hypervisor.roleArn;
        j.admins[0].policies = { permissions: ['policies/amazon_sts_assumerole.json'] };
      },
    });
    await fx.editAccounts((j) => j.admins[0].policies!.permissions!.push('policies/amazon_restricted_role_permissions.json'));
    await as('drift', () => cli(drift), [1]);
    await as('apply', () => cli(apply, '--yes'), [0]);
  });

  it("together, the runs called every action of each command's policy (but the documented implied permissions)", function () {
    for (const command of ['test', 'drift', 'apply'] as const) {
      assert.deepEqual([...seen[command]].sort(), operatorActions(command, { implied: false }), `${command}: recorded vs. policy`);
    }
    const implied = OPERATOR_GRANTS.filter((g) => g.implied).flatMap((g) => g.actions);
    assert.deepEqual(implied.sort(), ['iam:PassRole', 'iam:TagInstanceProfile'], 'only documented permissions are granted without a call');
  });

  it('the CLI prints the policies per account, scoped to the accounts file, and a generic one without it', async () => {
    let out = '';
    const code = await operatorPolicyCommand.run(['--accounts', 'examples/msp/cross-account-backup.json', '--command', 'test', '--format', 'json'], {
      out: (s) => void (out += s),
      err: (s) => void (out += s),
      cwd: path.resolve(__dirname, '../../..'),
      env: {},
    });
    assert.equal(code, 0, out);
    const json = JSON.parse(out) as { accounts: { account: string; policy: { Statement: { Action: string[]; Resource: string[] }[] } }[] };
    const admin = json.accounts.find((a) => a.account === 'msp')!;
    assert.deepEqual(admin.policy.Statement[0].Resource, ['arn:aws:iam::222222222222:role/vsa-role', 'arn:aws:iam::333333333333:role/vsa-role']);
    assert.deepEqual(json.accounts.find((a) => a.account === 'finance')!.policy.Statement[0].Action, ['iam:SimulatePrincipalPolicy']);
    let generic = '';
    assert.equal(await operatorPolicyCommand.run([], { out: (s) => void (generic += s), err: (s) => void (generic += s), cwd: '/', env: {} }), 0);
    assert.match(generic, /arn:aws:iam::\*:role\/\*/);
    let bad = '';
    assert.equal(await operatorPolicyCommand.run(['--command', 'deploy'], { out: () => undefined, err: (s) => void (bad += s), cwd: '/', env: {} }), 2);
    assert.match(bad, /Unknown --command `deploy`/);
  });
});
