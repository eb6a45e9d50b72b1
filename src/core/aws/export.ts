// Exports a tenant's role, trust and permissions as a CloudFormation template (StackSet-ready) and as an AWS CLI script.
import type { AdminAccount, TenantAccount } from '../topology/model';
import type { LocalAccount } from './apply';
import type { Json } from './policy-compare';
import { parseArn } from '../iam/arn';

/**
 * The admin account id and the ExternalId become parameters, so one template serves every tenant of a
 * StackSet (override ExternalId per account); the defaults are this tenant's values.
 */
export function cloudFormationTemplate(local: LocalAccount, tenant: TenantAccount, admin: AdminAccount | undefined): string {
  const externalId = tenant.hypervisor?.externalId;
  const adminId = admin?.accountId ?? parseArn(tenant.hypervisor?.roleArn ?? '')?.account ?? '';
  const resources: Record<string, Json> = {};
  const policyRefs: Json[] = [];
  local.policies.forEach((p, i) => {
    const logicalId = logicalIdFor(p.name, i, 'Policy');
    resources[logicalId] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: p.name,
        Description: `Backup permissions from ${p.file}`,
        PolicyDocument: withParameters(p.document, adminId, externalId),
      },
    };
    policyRefs.push({ Ref: logicalId });
  });
  const role = local.role;
  const roleProps: Record<string, Json> = {
    RoleName: { Ref: 'RoleName' },
    Path: role?.path ?? '/',
    Description: 'Role the backup admin account assumes (cross-account backup)',
    AssumeRolePolicyDocument: role?.trust ? withParameters(role.trust.document, adminId, externalId) : defaultTrust(),
    ManagedPolicyArns: policyRefs,
    Tags: [{ Key: 'managed-by', Value: 'cross-account-backup' }],
  };
  resources.BackupRole = { Type: 'AWS::IAM::Role', Properties: roleProps };
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Cross-account backup: the role ${role?.name ?? 'vsa-role'} that admin account ${adminId} assumes in tenant ${tenant.name}, with its trust and permissions. Deploy per tenant, or as a StackSet with ExternalId overridden per account.`,
    Parameters: {
      AdminAccountId: {
        Type: 'String',
        Default: adminId,
        AllowedPattern: '^\\d{12}$',
        Description: 'Account id of the backup admin (service) account that assumes this role.',
      },
      ExternalId: {
        Type: 'String',
        Default: externalId ?? '',
        AllowedPattern: '^$|^[\\w+=,.@:/-]{2,1224}$',
        Description: 'The sts:ExternalId the admin sends for this tenant (2-1224 characters of [\\w+=,.@:/-]). Override per account in a StackSet.',
      },
      RoleName: { Type: 'String', Default: role?.name ?? 'vsa-role', Description: 'Name of the role the admin assumes.' },
    },
    Resources: resources,
    Outputs: {
      RoleArn: { Description: 'Put this in the tenant hypervisor (roleArn).', Value: { 'Fn::GetAtt': ['BackupRole', 'Arn'] } },
    },
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

/** Replaces this tenant's ExternalId and the admin account id inside a policy with the template parameters. */
function withParameters(doc: Json, adminId: string, externalId: string | undefined): Json {
  if (typeof doc === 'string') {
    if (externalId && doc === externalId) return { Ref: 'ExternalId' };
    if (adminId && doc.includes(adminId)) {
      // Fn::Sub treats ${…} as its own variables: IAM policy variables must be written ${!…}.
      const escaped = doc.replace(/\$\{/g, '${!');
      return { 'Fn::Sub': escaped.split(adminId).join('${AdminAccountId}') };
    }
    return doc;
  }
  if (Array.isArray(doc)) return doc.map((d) => withParameters(d, adminId, externalId));
  if (doc && typeof doc === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(doc)) out[k] = withParameters(v, adminId, externalId);
    return out;
  }
  return doc;
}

function defaultTrust(): Json {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AdminAccountId}:root' } },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
      },
    ],
  };
}

function logicalIdFor(name: string, index: number, suffix: string): string {
  const words = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1));
  const id = `${words.join('')}${suffix}`.replace(/^[^A-Za-z]+/, '');
  return (id || `${suffix}${index + 1}`).slice(0, 255);
}

/**
 * A bash script with the same effect, for people who prefer the AWS CLI. It creates what is missing and
 * updates documents; it deletes nothing.
 */
export function cliScript(local: LocalAccount, tenant: TenantAccount): string {
  const lines: string[] = [];
  const profile = tenant.profile ?? '';
  const role = local.role;
  lines.push(
    '#!/usr/bin/env bash',
    `# Cross-account backup: role, trust and permissions for tenant ${tenant.name} (account ${tenant.accountId}).`,
    '# Creates what is missing and updates the documents; deletes nothing. Review before running.',
    'set -euo pipefail',
    '',
    `export AWS_PROFILE="\${AWS_PROFILE:-${shellDq(profile)}}"`,
    `ACCOUNT_ID="${tenant.accountId}"`,
    `PARTITION="${parseArn(role?.arn ?? '')?.partition ?? 'aws'}"`,
    'WORK="$(mktemp -d)"',
    'trap \'rm -rf "$WORK"\' EXIT',
    '',
    'actual="$(aws sts get-caller-identity --query Account --output text)"',
    'if [ "$actual" != "$ACCOUNT_ID" ]; then',
    `  echo "These credentials are for account $actual, not $ACCOUNT_ID (tenant ${tenant.name}): set AWS_PROFILE to the tenant's profile." >&2`,
    '  exit 1',
    'fi',
    '',
  );
  local.policies.forEach((p, i) => {
    const file = `"$WORK/policy-${i + 1}.json"`;
    lines.push(
      `# Managed policy ${p.name} (from ${p.file})`,
      ...heredoc(file, p.document),
      `POLICY_ARN="arn:$PARTITION:iam::$ACCOUNT_ID:policy/${p.name}"`,
      'if aws iam get-policy --policy-arn "$POLICY_ARN" >/dev/null 2>&1; then',
      '  # IAM keeps 5 versions: delete an old non-default one yourself if this fails with LimitExceeded.',
      `  aws iam create-policy-version --policy-arn "$POLICY_ARN" --policy-document file://${file} --set-as-default >/dev/null`,
      'else',
      `  aws iam create-policy --policy-name ${shellQuote(p.name)} --policy-document file://${file} --tags Key=managed-by,Value=cross-account-backup >/dev/null`,
      'fi',
      '',
    );
  });
  if (role) {
    const trustFile = '"$WORK/trust.json"';
    lines.push(`# Role ${role.name} and its trust policy${role.trust ? ` (from ${role.trust.file})` : ''}`);
    if (role.trust) lines.push(...heredoc(trustFile, role.trust.document));
    else lines.push(`echo "No trust policy file is set for tenant ${tenant.name}: add policies.trust to the accounts file." >&2`, 'exit 1');
    lines.push(
      `if aws iam get-role --role-name ${shellQuote(role.name)} >/dev/null 2>&1; then`,
      `  aws iam update-assume-role-policy --role-name ${shellQuote(role.name)} --policy-document file://${trustFile}`,
      'else',
      `  aws iam create-role --role-name ${shellQuote(role.name)} --path ${shellQuote(role.path)} --assume-role-policy-document file://${trustFile} --tags Key=managed-by,Value=cross-account-backup >/dev/null`,
      'fi',
    );
    for (const p of local.policies) {
      lines.push(`aws iam attach-role-policy --role-name ${shellQuote(role.name)} --policy-arn "arn:$PARTITION:iam::$ACCOUNT_ID:policy/${p.name}"`);
    }
    lines.push('', `echo "Role ready: arn:$PARTITION:iam::$ACCOUNT_ID:role${role.path}${role.name}"`);
  }
  return `${lines.join('\n')}\n`;
}

function heredoc(file: string, doc: Json): string[] {
  // A quoted delimiter keeps the shell from expanding ${aws:username} and the like.
  return [`cat > ${file} <<'POLICY_JSON'`, JSON.stringify(doc, null, 2), 'POLICY_JSON'];
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function shellDq(s: string): string {
  return s.replace(/["\\$`]/g, '\\$&');
}
