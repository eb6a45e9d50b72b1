// The checks at the level of IAM Access Analyzer and Parliament (issue 13): each fires with its exact range, stays quiet on
// the corrected document, and its quick fix (where it has one) gives a policy without the finding.
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import type { PolicyAccounts } from '../../../src/core/policy/accounts';
import type { PolicyKind } from '../../../src/core/policy/classify';
import { applyTextEdits } from '../../../src/core/policy/edits';
import { quickFixes } from '../../../src/core/policy/fixes';
import { lintPolicy } from '../../../src/core/policy/lint';
import { parsePolicyModel } from '../../../src/core/policy/parse';
import { RULES } from '../../../src/core/rules';
import { marked, testCatalog } from './helpers';

const V = '"Version": "2012-10-17"';
const policy = (statement: string) => `{${V}, "Statement": [${statement}]}`;
const allow = (action: string, resource: string, condition?: string) =>
  policy(`{"Effect": "Allow", "Action": ${JSON.stringify(action)}, "Resource": ${JSON.stringify(resource)}${condition ? `, "Condition": ${condition}` : ''}}`);
const trustSt = (principal: string, action: string, extra = '') =>
  policy(`{"Effect": "Allow", "Principal": ${principal}, "Action": ${action}, "Condition": {"StringEquals": {"sts:ExternalId": "abc-123"}}${extra}}`);

interface Case {
  code: keyof typeof RULES;
  kind?: PolicyKind;
  /** A document with «…» around the range the finding must cover. */
  bad: string;
  /** A near-identical document that must not get the finding. */
  good: string;
  severity?: Finding['severity'];
  message?: RegExp;
  /** The text the preferred quick fix leaves in place of the range. */
  fix?: string;
}

const cases: Case[] = [
  // 1. Condition key not supported by the action (Parliament UNKNOWN_CONDITION_FOR_ACTION).
  {
    code: 'condition-key-not-supported',
    bad: allow('s3:GetObject', 'arn:aws:s3:::b/*', '{"StringEquals": {"«s3:prefix»": "home/"}}'),
    good: allow('s3:ListBucket', 'arn:aws:s3:::b', '{"StringEquals": {"s3:prefix": "home/"}}'),
    severity: 'warning',
    message: /not a condition key of `s3:GetObject`/,
  },
  {
    // ec2:InstanceType is listed under RunInstances' `instance` resource type, not the action's own row.
    code: 'condition-key-not-supported',
    bad: allow('ec2:DescribeInstances', '*', '{"StringEquals": {"«ec2:InstanceType»": "t3.micro", "aws:RequestedRegion": "eu-west-1"}}'),
    good: allow('ec2:RunInstances', '*', '{"StringEquals": {"ec2:InstanceType": "t3.micro", "aws:RequestedRegion": "eu-west-1"}}'),
  },
  // 2. Condition types (Access Analyzer "Data type mismatch", Parliament MISMATCHED_TYPE).
  {
    code: 'condition-type-mismatch',
    bad: allow('s3:GetObject', '*', '{"DateGreaterThan": {"aws:CurrentTime": "«yesterday»"}}'),
    good: allow('s3:GetObject', '*', '{"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}'),
    severity: 'error',
    message: /is not a date/,
  },
  {
    code: 'condition-type-mismatch',
    bad: allow('s3:ListBucket', '*', '{"NumericLessThan": {"«s3:prefix»": "10"}}'),
    good: allow('s3:ListBucket', '*', '{"StringEquals": {"s3:prefix": "10"}}'),
    message: /`NumericLessThan` compares numeric values, but `s3:prefix` is a String key: use `StringEquals`/,
  },
  {
    code: 'condition-type-mismatch',
    bad: allow('s3:GetObject', '*', '{"NumericLessThan": {"aws:MultiFactorAuthAge": "«one hour»"}}'),
    good: allow('s3:GetObject', '*', '{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}'),
    message: /is not a number/,
  },
  {
    code: 'condition-type-mismatch',
    bad: allow('s3:GetObject', '*', '{"Bool": {"aws:SecureTransport": "«yes»"}}'),
    good: allow('s3:GetObject', '*', '{"Bool": {"aws:SecureTransport": "true"}}'),
    message: /is not `true` or `false`/,
  },
  {
    code: 'set-operator-single-valued-key',
    bad: allow('s3:GetObject', '*', '{"ForAllValues:StringEquals": {"«aws:PrincipalOrgID»": ["o-abc"]}}'),
    good: allow('s3:GetObject', '*', '{"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}, "StringEquals": {"aws:PrincipalOrgID": ["o-abc"]}}'),
    severity: 'warning',
    fix: 'StringEquals',
  },
  // 3. Wildcards in non-Like operators (Access Analyzer "Wildcard without like operator").
  {
    code: 'wildcard-without-like',
    bad: allow('s3:GetObject', '*', '{"StringEquals": {"aws:PrincipalOrgID": "«o-*»"}}'),
    good: allow('s3:GetObject', '*', '{"StringLike": {"aws:PrincipalOrgID": "o-*"}}'),
    severity: 'warning',
    fix: 'StringLike',
  },
  {
    code: 'wildcard-without-like',
    bad: allow('s3:GetObject', '*', '{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["a", "«b?»"]}}'),
    good: allow('s3:GetObject', '*', '{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["a", "${aws:username}"]}}'),
    fix: 'ForAnyValue:StringNotLike',
  },
  // 4. Guards that do not guard.
  {
    code: 'guard-matches-anything',
    bad: allow('s3:GetObject', '*', '{"ArnLike": {"aws:SourceArn": "«*»"}}'),
    good: allow('s3:GetObject', '*', '{"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"}}'),
    severity: 'warning',
  },
  {
    code: 'mfa-bad-pattern',
    bad: policy('{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*", "Condition": {"Bool": {"«aws:MultiFactorAuthPresent»": "false"}}}'),
    good: policy('{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}'),
    severity: 'warning',
    fix: 'BoolIfExists',
  },
  {
    code: 'mfa-bad-pattern',
    bad: allow('s3:GetObject', '*', '{"Bool": {"«aws:MultiFactorAuthPresent»": "false"}}'),
    good: allow('s3:GetObject', '*', '{"Bool": {"aws:MultiFactorAuthPresent": "true"}}'),
  },
  {
    // A pattern, an empty value or IfExists is no ExternalId guard: only an exact, non-empty literal is.
    code: 'trust-missing-external-id',
    kind: 'trust',
    bad: policy(
      '{"Effect": "Allow", "Principal": {"AWS": "«arn:aws:iam::111111111111:root»"}, "Action": "sts:AssumeRole", "Condition": {"StringLike": {"sts:ExternalId": "abc*"}}}',
    ),
    good: trustSt('{"AWS": "arn:aws:iam::111111111111:root"}', '"sts:AssumeRole"'),
  },
  {
    code: 'trust-missing-external-id',
    kind: 'trust',
    bad: policy(
      '{"Effect": "Allow", "Principal": {"AWS": "«arn:aws:iam::111111111111:root»"}, "Action": "sts:AssumeRole", "Condition": {"StringEqualsIfExists": {"sts:ExternalId": "abc-123"}}}',
    ),
    good: policy(
      '{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}',
    ),
  },
  {
    code: 'trust-missing-external-id',
    kind: 'trust',
    bad: policy(
      '{"Effect": "Allow", "Principal": {"AWS": "«arn:aws:iam::111111111111:root»"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": ""}}}',
    ),
    good: trustSt('{"AWS": "arn:aws:iam::111111111111:root"}', '"sts:AssumeRole"'),
  },
  // 5. Trust-policy principal and action pairs (Access Analyzer "Mismatched action for principal"), NotPrincipal.
  {
    code: 'trust-action-principal-mismatch',
    kind: 'trust',
    bad: policy(
      '{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:saml-provider/Okta"}, "Action": ["«sts:AssumeRole»", "sts:TagSession"]}',
    ),
    good: policy(
      '{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:saml-provider/Okta"}, "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"]}',
    ),
    severity: 'error',
    fix: 'sts:AssumeRoleWithSAML',
  },
  {
    code: 'trust-action-principal-mismatch',
    kind: 'trust',
    bad: policy('{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "«sts:AssumeRole»"}'),
    good: policy('{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}'),
    fix: 'sts:AssumeRoleWithWebIdentity',
  },
  {
    code: 'trust-action-principal-mismatch',
    kind: 'trust',
    bad: trustSt('{"AWS": "arn:aws:iam::111111111111:root"}', '"«sts:AssumeRoleWithWebIdentity»"'),
    good: trustSt('{"AWS": "arn:aws:iam::111111111111:root"}', '["sts:AssumeRole", "sts:SetSourceIdentity"]'),
    fix: 'sts:AssumeRole',
  },
  {
    code: 'trust-notprincipal',
    kind: 'trust',
    bad: policy('{"Effect": "Deny", "«NotPrincipal»": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}'),
    good: policy('{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}'),
    severity: 'error',
  },
  {
    // IAM accepts `*` in a trust policy: a warning, not trust-invalid-action (a false positive before).
    code: 'trust-action-wildcard',
    kind: 'trust',
    bad: trustSt('{"AWS": "arn:aws:iam::111111111111:root"}', '"«*»"'),
    good: trustSt('{"AWS": "arn:aws:iam::111111111111:root"}', '"sts:AssumeRole"'),
    severity: 'warning',
    fix: 'sts:AssumeRole',
  },
  // 6. Resource against action (Parliament RESOURCE_MISMATCH; Access Analyzer "ARN region/account not allowed").
  {
    code: 'resource-mismatch',
    bad: allow('s3:GetObject', '«arn:aws:s3:::bucket»'),
    good: allow('s3:GetObject', 'arn:aws:s3:::bucket/*'),
    severity: 'warning',
    message: /object \(`arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}`\)/,
  },
  {
    code: 'resource-mismatch',
    bad: allow('ec2:DetachVolume', '«arn:aws:ec2:*:*:snapshot/*»'),
    good: allow('ec2:DetachVolume', 'arn:aws:ec2:*:*:volume/*'),
  },
  {
    code: 'arn-region-account-not-allowed',
    bad: allow('s3:GetObject', '«arn:aws:s3:us-east-1:111122223333:bucket/*»'),
    good: allow('s3:GetObject', 'arn:aws:s3:::bucket/*'),
    severity: 'error',
    fix: 'arn:aws:s3:::bucket/*',
  },
  {
    code: 'arn-region-account-not-allowed',
    bad: allow('iam:GetRole', '«arn:aws:iam:us-east-1:111122223333:role/backup»'),
    good: allow('iam:GetRole', 'arn:aws:iam::111122223333:role/backup'),
    fix: 'arn:aws:iam::111122223333:role/backup',
  },
  // 7. Security warnings.
  {
    code: 'passrole-any-resource',
    bad: allow('«iam:PassRole»', '*'),
    good: allow('iam:PassRole', 'arn:aws:iam::111122223333:role/ec2-backup'),
    severity: 'warning',
  },
  {
    code: 'allow-with-notaction',
    bad: policy('{"Effect": "Allow", "«NotAction»": "iam:*", "Resource": "*"}'),
    good: policy('{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}'),
    severity: 'warning',
  },
  {
    code: 'full-access',
    bad: allow('«s3:*»', '*'),
    good: allow('s3:*', 'arn:aws:s3:::bucket/*'),
    severity: 'warning',
  },
  {
    code: 'full-access',
    bad: allow('«*»', '*'),
    good: allow('s3:Get*', '*'),
  },
  {
    code: 'privilege-escalation',
    bad: allow('«iam:CreatePolicyVersion»', '*'),
    good: allow('iam:CreatePolicyVersion', 'arn:aws:iam::111122223333:policy/app'),
    severity: 'warning',
  },
  {
    code: 'privilege-escalation',
    // Reported once, on the grant the methods share (iam:PassRole), naming each method lambda:Create* completes.
    bad: policy(
      '{"Effect": "Allow", "Action": "lambda:Create*", "Resource": "*"}, {"Effect": "Allow", "Action": ["«iam:PassRole»", "lambda:InvokeFunction"], "Resource": "*"}',
    ),
    good: policy('{"Effect": "Allow", "Action": "lambda:Create*", "Resource": "*"}, {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": "*"}'),
    message: /`iam:PassRole \+ lambda:CreateFunction \+ lambda:InvokeFunction`; `iam:PassRole \+ lambda:CreateFunction \+ lambda:CreateEventSourceMapping`/,
  },
  // 9. Principal names and partitions.
  {
    code: 'principal-invalid',
    kind: 'trust',
    bad: trustSt('{"AWS": "«arn:aws:iam::111111111111:role/backup\u2013role»"}', '"sts:AssumeRole"'),
    good: trustSt('{"AWS": "arn:aws:iam::111111111111:role/backup-role"}', '"sts:AssumeRole"'),
    message: /role name `backup\u2013role` has `\u2013` \(U\+2013\), which IAM names do not allow/,
  },
  {
    code: 'principal-invalid',
    kind: 'trust',
    bad: trustSt('{"AWS": "«arn:aws:iam::111111111111:user/ops team/alice»"}', '"sts:AssumeRole"'),
    good: trustSt('{"AWS": "arn:aws:iam::111111111111:user/ops/alice"}', '"sts:AssumeRole"'),
    message: /path/,
  },
  {
    code: 'principal-mixed-partitions',
    kind: 'trust',
    bad: trustSt('{"AWS": ["arn:aws:iam::111111111111:root", "«arn:aws-cn:iam::222222222222:root»"]}', '"sts:AssumeRole"'),
    good: trustSt('{"AWS": ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"]}', '"sts:AssumeRole"'),
    severity: 'warning',
  },
];

function label(c: Case): string {
  return `${c.code}${c.kind ? ` (${c.kind})` : ''} on ${JSON.stringify(marked(c.bad).text.slice(marked(c.bad).range.start, marked(c.bad).range.end))}`;
}

describe('policy checks past Access Analyzer and Parliament', () => {
  const catalog = testCatalog();
  const lint = (text: string, kind: PolicyKind = 'identity', accounts?: PolicyAccounts) => lintPolicy({ uri: 'p.json', text }, { catalog, kind, accounts });

  for (const c of cases) {
    it(`${label(c)}: fires with the exact range${c.fix ? ', and its quick fix removes it' : ''}`, () => {
      const { text, range } = marked(c.bad);
      const found = lint(text, c.kind).filter((f) => f.code === c.code);
      assert.deepEqual(
        found.map((f) => f.range),
        [range],
        JSON.stringify(found),
      );
      assert.equal(found[0].severity, c.severity ?? RULES[c.code].severity);
      if (c.message) assert.match(found[0].message, c.message);
      if (c.fix !== undefined) {
        const fixes = quickFixes(parsePolicyModel(text), found[0]);
        assert.ok(fixes.length > 0, 'a quick fix is offered');
        const after = applyTextEdits(text, fixes[0].edits);
        assert.ok(after.includes(c.fix), after);
        assert.deepEqual(
          lint(after, c.kind).filter((f) => f.code === c.code),
          [],
        );
      }
    });
    it(`${label(c)}: does not fire on the corrected document`, () => {
      assert.deepEqual(
        lint(c.good, c.kind).filter((f) => f.code === c.code),
        [],
      );
    });
  }

  it('`"Action": "*"` in a trust policy is not trust-invalid-action (IAM accepts it)', () => {
    const found = lint(trustSt('{"AWS": "arn:aws:iam::111111111111:root"}', '"*"'), 'trust');
    assert.deepEqual(
      found.map((f) => f.code),
      ['trust-action-wildcard'],
    );
  });

  it("trust policies for OIDC providers: the provider's claims are keys, `amr` is multivalued (GitHub Actions, EKS, Cognito)", () => {
    const github = policy(
      '{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/repo:*"}}}',
    );
    assert.deepEqual(lint(github, 'trust'), []);
    const cognito = policy(
      '{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:abc"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}',
    );
    assert.deepEqual(lint(cognito, 'trust'), []);
    // Another provider's claim is still unknown here.
    const { text, range } = marked(
      policy(
        '{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"«login.example.com:sub»": "x"}}}',
      ),
    );
    assert.deepEqual(
      lint(text, 'trust').map((f) => [f.code, f.range]),
      [['unknown-condition-key', range]],
    );
  });

  it('the CloudFront origin access identity principal is valid', () => {
    const text = policy(
      '{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}',
    );
    assert.deepEqual(lint(text), []);
  });

  it('a careful policy gets none of these findings', () => {
    const text = policy(
      [
        '{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::backups/${aws:username}/*", "Condition": {"StringEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}, "Bool": {"aws:SecureTransport": "true"}}}',
        '{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::backups", "Condition": {"StringLike": {"s3:prefix": ["${aws:username}/*"]}}}',
        '{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": ["arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*::image/*"], "Condition": {"StringEquals": {"ec2:InstanceType": ["t3.micro"]}, "ForAnyValue:StringEquals": {"aws:TagKeys": ["Name"]}}}',
        '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/ec2-backup", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}',
        '{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}, "DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}, "NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}}',
      ].join(', '),
    );
    assert.deepEqual(lint(text), []);
  });

  it('a quick fix renames the operator only when no sibling has the new name', () => {
    const text = allow('s3:GetObject', '*', '{"StringEquals": {"aws:PrincipalOrgID": "o-*"}, "StringLike": {"aws:SourceVpce": "vpce-1"}}');
    const f = lint(text).find((x) => x.code === 'wildcard-without-like')!;
    assert.deepEqual(quickFixes(parsePolicyModel(text), f), []);
  });
});
