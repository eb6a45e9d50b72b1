// Each policy check: fires on the smallest document that shows it, with the exact range, and stays quiet on a correct one.
import assert from 'node:assert/strict';
import { lintPolicy } from '../../../src/core/policy/lint';
import type { PolicyKind } from '../../../src/core/policy/classify';
import type { PolicyAccounts } from '../../../src/core/policy/accounts';
import { URI } from '../../../src/core/topology/paths';
import { marked, mspTopology, tenantTrustAccounts, testCatalog } from './helpers';

const V = '"Version": "2012-10-17"';
const identity = (statement: string) => `{${V}, "Statement": [${statement}]}`;
const OK_ST = '{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}';
const TRUST_OK_ST =
  '{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "abc-123"}}}';
const trust = (statement: string) => `{${V}, "Statement": [${statement}]}`;

interface Case {
  code: string;
  kind?: PolicyKind;
  /** A document with «…» around the range the finding must cover. */
  bad: string;
  /** A near-identical document that must not get the finding. */
  good: string;
  message?: RegExp;
  severity?: 'error' | 'warning';
}

const cases: Case[] = [
  { code: 'json-syntax', bad: `{${V}, «// note»\n"Statement": [${OK_ST}]}`, good: identity(OK_ST), message: /Comments are not allowed/ },
  { code: 'json-syntax', bad: `{${V}, "Statement": [${OK_ST}],«}»`, good: identity(OK_ST) },
  { code: 'missing-version', bad: `{"«Statement»": [${OK_ST}]}`, good: identity(OK_ST), severity: 'warning' },
  { code: 'invalid-version', bad: `{"Version": "«2012-10-18»", "Statement": [${OK_ST}]}`, good: identity(OK_ST) },
  { code: 'old-version', bad: `{"Version": "«2008-10-17»", "Statement": [${OK_ST}]}`, good: identity(OK_ST), severity: 'warning' },
  { code: 'missing-statement', bad: `{"«Version»": "2012-10-17"}`, good: identity(OK_ST) },
  { code: 'unknown-element', bad: `{${V}, "«Statements»": [], "Statement": [${OK_ST}]}`, good: identity(OK_ST), message: /Did you mean `Statement`/ },
  {
    code: 'unknown-element',
    bad: identity('{"Effect": "Allow", "«Actions»": "s3:GetObject", "Action": "s3:GetObject", "Resource": "*"}'),
    good: identity(OK_ST),
    message: /Did you mean `Action`/,
  },
  { code: 'missing-effect', bad: identity('{"«Action»": "s3:GetObject", "Resource": "*"}'), good: identity(OK_ST) },
  { code: 'invalid-effect', bad: identity('{"Effect": "«allow»", "Action": "s3:GetObject", "Resource": "*"}'), good: identity(OK_ST) },
  { code: 'missing-action', bad: identity('{"«Effect»": "Allow", "Resource": "*"}'), good: identity(OK_ST) },
  {
    code: 'action-and-notaction',
    bad: identity('{"Effect": "Deny", "Action": "s3:GetObject", "«NotAction»": "s3:PutObject", "Resource": "*"}'),
    good: identity('{"Effect": "Deny", "NotAction": "s3:PutObject", "Resource": "*"}'),
  },
  { code: 'missing-resource', bad: identity('{"«Effect»": "Allow", "Action": "s3:GetObject"}'), good: identity(OK_ST) },
  {
    code: 'resource-and-notresource',
    bad: identity('{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "«NotResource»": "arn:aws:s3:::b"}'),
    good: identity('{"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b"}'),
  },
  {
    code: 'duplicate-sid',
    bad: identity(`${OK_ST}, {"Sid": "«A»", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}`),
    good: identity(`${OK_ST}, {"Sid": "B", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}`),
  },
  { code: 'invalid-sid', bad: identity('{"Sid": "«read-only»", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}'), good: identity(OK_ST) },
  {
    code: 'unknown-service',
    bad: identity('{"Effect": "Allow", "Action": "«ec3»:DescribeInstances", "Resource": "*"}'),
    good: identity('{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}'),
    message: /Did you mean `ec2`/,
  },
  {
    code: 'unknown-action',
    bad: identity('{"Effect": "Allow", "Action": ["s3:GetObject", "ec2:«DescribeInstancez»"], "Resource": "*"}'),
    good: identity('{"Effect": "Allow", "Action": ["s3:GetObject", "ec2:DescribeInstances"], "Resource": "*"}'),
    message: /Did you mean `ec2:DescribeInstances`/,
  },
  {
    code: 'unknown-action',
    bad: identity('{"Effect": "Allow", "Action": "ec2:«Frobnicate*»", "Resource": "*"}'),
    good: identity('{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}'),
    message: /matches no Amazon EC2 action/,
  },
  {
    code: 'unknown-action',
    bad: identity('{"Effect": "Allow", "Action": "«DescribeInstances»", "Resource": "*"}'),
    good: identity('{"Effect": "Allow", "Action": "*", "Resource": "*"}'),
  },
  {
    code: 'duplicate-action',
    bad: identity('{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "«s3:getobject»"], "Resource": "*"}'),
    good: identity('{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}'),
    severity: 'warning',
  },
  {
    code: 'invalid-arn',
    bad: identity('{"Effect": "Allow", "Action": "ec2:DetachVolume", "Resource": "«arn:aws:ec2:us-east-1:1234:volume/*»"}'),
    good: identity('{"Effect": "Allow", "Action": "ec2:DetachVolume", "Resource": "arn:aws:ec2:us-east-1:123456789012:volume/*"}'),
    message: /12-digit account/,
  },
  {
    code: 'invalid-arn',
    bad: identity('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "«arn:aws:s3:b»"]}'),
    good: identity('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::${aws:username}/*"]}'),
  },
  {
    code: 'unknown-condition-operator',
    bad: identity('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"«StringLikee»": {"aws:SourceIp": "x"}}}'),
    good: identity('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "x"}}}'),
    message: /Did you mean `StringLike`/,
  },
  {
    code: 'unknown-condition-key',
    bad: identity('{"Effect": "Allow", "Action": "ec2:DeleteVolume", "Resource": "*", "Condition": {"StringLike": {"«ec2:ResourceTagz»": "*"}}}'),
    good: identity(
      '{"Effect": "Allow", "Action": "ec2:DeleteVolume", "Resource": "*", "Condition": {"StringLike": {"ec2:ResourceTag/_GX_BACKUP_": "*", "aws:SourceIp": "10.0.0.0/8"}}}',
    ),
    severity: 'warning',
  },
  {
    code: 'notprincipal-with-allow',
    bad: identity('{"Effect": "Allow", "«NotPrincipal»": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "*"}'),
    good: identity('{"Effect": "Deny", "NotPrincipal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "*"}'),
    severity: 'warning',
  },
  {
    code: 'notresource-with-allow',
    bad: identity('{"Effect": "Allow", "Action": "s3:GetObject", "«NotResource»": "arn:aws:s3:::secret/*"}'),
    good: identity('{"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}'),
    severity: 'warning',
  },
  {
    code: 'trust-missing-principal',
    kind: 'trust',
    bad: trust('{"«Effect»": "Allow", "Action": "sts:AssumeRole"}'),
    good: trust(TRUST_OK_ST),
  },
  {
    code: 'trust-resource-not-allowed',
    kind: 'trust',
    bad: trust('{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "«Resource»": "*"}'),
    good: trust('{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}'),
  },
  {
    code: 'trust-invalid-action',
    kind: 'trust',
    bad: trust('{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ["sts:AssumeRole", "«s3:GetObject»"]}'),
    good: trust('{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]}'),
  },
  {
    code: 'trust-principal-wildcard',
    kind: 'trust',
    bad: trust('{"Effect": "Allow", "Principal": "«*»", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "abc-123"}}}'),
    good: trust(TRUST_OK_ST),
  },
  {
    code: 'trust-principal-wildcard',
    kind: 'trust',
    bad: trust('{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111111111111:root", "«*»"]}, "Action": "sts:AssumeRole"}'),
    good: trust('{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}'),
  },
  {
    code: 'trust-missing-external-id',
    kind: 'trust',
    bad: trust('{"Effect": "Allow", "Principal": {"AWS": "«arn:aws:iam::111111111111:root»"}, "Action": "sts:AssumeRole"}'),
    good: trust(TRUST_OK_ST),
    severity: 'warning',
  },
  {
    code: 'trust-missing-external-id',
    kind: 'trust',
    bad: trust('{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com", "AWS": "«222222222222»"}, "Action": "sts:AssumeRole"}'),
    good: trust(
      '{"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}',
    ),
  },
  {
    code: 'principal-invalid',
    kind: 'trust',
    bad: trust('{"Effect": "Allow", "Principal": {"AWS": "«12345»"}, "Action": "sts:AssumeRole"}'),
    good: trust(TRUST_OK_ST),
  },
  {
    code: 'principal-invalid',
    kind: 'trust',
    bad: trust('{"Effect": "Allow", "Principal": {"Service": "«ec2»"}, "Action": "sts:AssumeRole"}'),
    good: trust('{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}'),
  },
  {
    code: 'principal-invalid',
    kind: 'trust',
    bad: trust('{"Effect": "Allow", "Principal": {"«Aws»": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}'),
    good: trust(TRUST_OK_ST),
  },
  {
    code: 'principal-invalid',
    kind: 'trust',
    bad: trust('{"Effect": "Allow", "Principal": {"AWS": "«arn:aws:iam::111111111111:role/vsa-*»"}, "Action": "sts:AssumeRole"}'),
    good: trust(
      '{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/vsa-assume-role"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "abc"}}}',
    ),
    message: /wildcards are not allowed/,
  },
];

describe('policy checks', () => {
  const catalog = testCatalog();
  cases.forEach((c, i) => {
    const label = `${c.code} [${c.kind ?? 'identity'} #${i}]`;
    it(`${label} fires with the exact range`, () => {
      const { text, range } = marked(c.bad);
      const findings = lintPolicy({ uri: 'test.json', text }, { catalog, kind: c.kind ?? 'identity' });
      const hit = findings.find((f) => f.code === c.code && f.range.start === range.start);
      assert.ok(hit, `expected ${c.code} at ${range.start}, got ${JSON.stringify(findings.map((f) => [f.code, f.range]))}`);
      if (c.code !== 'json-syntax') assert.deepEqual(hit.range, range);
      if (c.message) assert.match(hit.message, c.message);
      if (c.severity) assert.equal(hit.severity, c.severity);
    });
    it(`${label} does not fire on the correct document`, () => {
      const findings = lintPolicy({ uri: 'test.json', text: c.good }, { catalog, kind: c.kind ?? 'identity' });
      assert.deepEqual(
        findings.filter((f) => f.code === c.code),
        [],
      );
    });
  });

  it('reports nothing on a clean identity policy and a clean trust policy', () => {
    assert.deepEqual(lintPolicy({ uri: 'a.json', text: identity(OK_ST) }, { catalog, kind: 'identity' }), []);
    assert.deepEqual(lintPolicy({ uri: 'a.json', text: trust(TRUST_OK_ST) }, { catalog, kind: 'trust' }), []);
  });

  it('accepts a single statement object, as the seed policies use', () => {
    const text = `{${V}, "Statement": ${OK_ST}}`;
    assert.deepEqual(lintPolicy({ uri: 'a.json', text }, { catalog, kind: 'identity' }), []);
  });

  it('policy-too-large counts characters without whitespace, with quota per kind', () => {
    const actions = (n: number) => Array.from({ length: n }, () => '"s3:GetObject"').join(',   ');
    // Each action adds 15 characters ("s3:GetObject" plus a comma); spaces do not count.
    const big = identity(`{"Effect": "Allow", "Action": [${actions(420)}], "Resource": "*"}`);
    const f = lintPolicy({ uri: 'a.json', text: big }, { catalog, kind: 'identity' }).find((x) => x.code === 'policy-too-large');
    assert.ok(f);
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.range, { start: 0, end: 1 });
    assert.match(f.message, /6,3\d\d characters/);
    const small = identity(`{"Effect": "Allow", "Action": [${actions(400)}], "Resource": "*"}`);
    assert.equal(lintPolicy({ uri: 'a.json', text: small }, { catalog, kind: 'identity' }).filter((x) => x.code === 'policy-too-large').length, 0);

    const st = (n: number) =>
      `{"Effect": "Allow", "Principal": {"AWS": [${Array.from({ length: n }, (_, i) => `"arn:aws:iam::${String(100000000000 + i)}:root"`).join(', ')}]}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "x1"}}}`;
    const warn = lintPolicy({ uri: 'trust.json', text: trust(st(70)) }, { catalog, kind: 'trust' }).find((x) => x.code === 'policy-too-large');
    assert.equal(warn?.severity, 'warning');
    const err = lintPolicy({ uri: 'trust.json', text: trust(st(140)) }, { catalog, kind: 'trust' }).find((x) => x.code === 'policy-too-large');
    assert.equal(err?.severity, 'error');
    assert.equal(lintPolicy({ uri: 'trust.json', text: trust(st(40)) }, { catalog, kind: 'trust' }).filter((x) => x.code === 'policy-too-large').length, 0);
  });

  describe('with an accounts file', () => {
    const topology = mspTopology('fin-1');
    const tenantTrust = (): PolicyAccounts => tenantTrustAccounts(topology);

    it('trust-account-mismatch fires when a tenant trust policy does not trust its admin', () => {
      const { text, range } = marked(
        `{${V}, "«Statement»": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "x1"}}}]}`,
      );
      const f = lintPolicy({ uri: 't.json', text }, { catalog, accounts: tenantTrust() }).find((x) => x.code === 'trust-account-mismatch');
      assert.ok(f);
      assert.deepEqual(f.range, range);
      assert.match(f.message, /admin account `msp` \(111111111111\)/);
    });

    it('trust-account-mismatch does not fire for the admin root, its account ID or its role', () => {
      for (const principal of ['arn:aws:iam::111111111111:root', '111111111111', 'arn:aws:iam::111111111111:role/vsa-assume-role']) {
        const text = trust(
          `{"Effect": "Allow", "Principal": {"AWS": "${principal}"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "fin-1"}}}`,
        );
        assert.deepEqual(lintPolicy({ uri: 't.json', text }, { catalog, accounts: tenantTrust() }), [], principal);
      }
    });

    it('trust-external-id-mismatch: the trust wants another ExternalId than the accounts file sends (as `evaluate` says)', () => {
      const { text, range } = marked(
        `{${V}, "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "«x1»"}}}]}`,
      );
      const found = lintPolicy({ uri: 't.json', text }, { catalog, accounts: tenantTrust() });
      assert.deepEqual(
        found.map((f) => f.code),
        ['trust-external-id-mismatch'],
      );
      assert.deepEqual(found[0].range, range);
      assert.match(found[0].message, /expected "x1", the accounts file \(the tenant hypervisor's externalId\) sets "fin-1"/);
    });

    it('trust-external-id-mismatch follows the operator: StringLike patterns and a second statement that accepts the ExternalId', () => {
      const like = trust(
        '{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole", "Condition": {"StringLike": {"sts:ExternalId": "fin-*"}}}',
      );
      // The pattern accepts the accounts file's value; being no exact ExternalId, it is no confused-deputy guard.
      assert.deepEqual(
        lintPolicy({ uri: 't.json', text: like }, { catalog, accounts: tenantTrust() }).map((f) => f.code),
        ['trust-missing-external-id'],
      );
      const two = trust(
        '{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "old-1"}}},' +
          '{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": ["fin-1", "x"]}}}',
      );
      assert.deepEqual(lintPolicy({ uri: 't.json', text: two }, { catalog, accounts: tenantTrust() }), []);
      const { text, range } = marked(
        `{${V}, "Statement": {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole", "Condition": {"StringLike": {"sts:ExternalId": «["hr-*", "x?"]»}}}}`,
      );
      const found = lintPolicy({ uri: 't.json', text }, { catalog, accounts: tenantTrust() }).filter((f) => f.code !== 'trust-missing-external-id');
      assert.deepEqual(
        found.map((f) => [f.code, f.range]),
        [['trust-external-id-mismatch', range]],
      );
    });

    it('trust-missing-external-id knows the owner account: the admin trusting its own root is fine', () => {
      const accounts: PolicyAccounts = { topology, references: [{ role: 'admin', account: topology.admins[0], as: 'trust', permissionFiles: [] }] };
      const text = trust(
        '{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com", "AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}',
      );
      assert.deepEqual(lintPolicy({ uri: 't.json', text }, { catalog, accounts }), []);
    });

    it("missing-required-action lists what the account's permission files lack together", () => {
      const perms = (role: 'admin' | 'tenant'): PolicyAccounts => ({
        topology,
        references: [
          {
            role,
            account: role === 'admin' ? topology.admins[0] : topology.tenants[0],
            as: 'permissions',
            permissionFiles: [URI.file('/p/a.json'), URI.file('/p/b.json')],
          },
        ],
        readPolicy: (f) =>
          f.path === '/p/b.json' ? identity('{"Effect": "Allow", "Action": ["ec2:*", "ebs:*", "kms:*", "s3:*", "iam:*"], "Resource": "*"}') : undefined,
      });
      const { text, range } = marked(`{${V}, "«Statement»": [{"Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "*"}]}`);
      const tenant = lintPolicy({ uri: '/p/a.json', text }, { catalog, accounts: perms('tenant') }).filter((x) => x.code === 'missing-required-action');
      assert.equal(tenant.length, 1);
      assert.deepEqual(tenant[0].range, range);
      assert.deepEqual((tenant[0].data as { missing: string[] }).missing, [
        'ssm:CancelCommand',
        'ssm:DescribeDocument',
        'ssm:DescribeInstanceInformation',
        'ssm:ListCommands',
        'ssm:ListDocuments',
      ]);
      const admin = lintPolicy({ uri: '/p/a.json', text }, { catalog, accounts: perms('admin') }).find((x) => x.code === 'missing-required-action');
      assert.ok((admin?.data as { missing: string[] }).missing.includes('sts:AssumeRole'));
      const full = identity('{"Effect": "Allow", "Action": ["ssm:*", "sts:AssumeRole"], "Resource": "*"}');
      assert.deepEqual(
        lintPolicy({ uri: '/p/a.json', text: full }, { catalog, accounts: perms('admin') }).filter((x) => x.code === 'missing-required-action'),
        [],
      );
    });
  });

  it('works out the kind from the content when not told', () => {
    const text = trust('{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}');
    assert.ok(lintPolicy({ uri: 'role.json', text }, { catalog }).some((f) => f.code === 'trust-principal-wildcard'));
    assert.ok(
      lintPolicy({ uri: 'my-trust.json', text: identity(OK_ST).replace('"Resource"', '"Principal": "*", "Resource"') }, { catalog }).some(
        (f) => f.code === 'trust-resource-not-allowed',
      ),
    );
  });
});
