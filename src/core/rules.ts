// The rule registry: every finding code the checks report, with its default severity, a one-line summary and a
// short explanation. docs/rules.md is generated from it (`npm run docs:rules`), diagnostics link to its entries,
// and the `crossAccountBackup.rules` setting / the CLI's `--rule` change a rule's severity or turn it off.
//
// Adding a finding code is one row here (the `Finding.code` type is this table's keys, so the compiler asks for
// it), then `npm run docs:rules` to regenerate the page (a unit test fails until it is).
// It imports nothing from findings.ts (which takes `RuleCode` from here): the helpers below work on any value with a
// code, a severity and a range, so the two modules do not import each other.

/** How bad a finding is: the levels VS Code's diagnostics and ESLint-style reports use. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** What the rule helpers read of a finding. */
interface Reported {
  code: string;
  severity: Severity;
  range: { start: number; end: number };
}

/** Which files a rule checks. */
export type RuleArea = 'policy' | 'accounts' | 'policy and accounts';

export interface Rule {
  area: RuleArea;
  /** The severity a finding has unless a setting changes it (a few rules report a milder one in some cases, said in `explanation`). */
  severity: Severity;
  /** What the rule reports, in one line (a finding's own message adds the particulars and the fix). */
  summary: string;
  /** Why it matters and how to fix it; Markdown, a few sentences. */
  explanation: string;
}

/** Every rule, by code. Keep the codes sorted by area, then alphabetically. */
export const RULES = {
  // Both kinds of file
  'json-syntax': {
    area: 'policy and accounts',
    severity: 'error',
    summary: 'The file is not valid JSON (or has a duplicate key, or is empty).',
    explanation:
      'IAM accepts strict JSON only: no comments, no trailing commas, keys in double quotes. A duplicate key is kept once by IAM, so one of the two values is silently lost. The accounts file is read as JSON with comments, but must still parse.',
  },

  // IAM policies
  'action-and-notaction': {
    area: 'policy',
    severity: 'error',
    summary: 'A statement has both `Action` and `NotAction`.',
    explanation: 'IAM rejects a statement with both elements. Keep `Action` (the list of what is allowed or denied) unless you mean "everything but".',
  },
  'allow-with-notaction': {
    area: 'policy',
    severity: 'warning',
    summary: '`NotAction` with `Allow`.',
    explanation:
      'This grants every action except the listed ones, on the statement\'s resources, including actions AWS adds to services later (IAM User Guide, "IAM JSON policy elements: NotAction"). List the allowed actions in `Action` instead; `NotAction` is meant for `Deny` statements.',
  },
  'arn-region-account-not-allowed': {
    area: 'policy',
    severity: 'error',
    summary: 'A resource ARN has a region or account its service leaves empty.',
    explanation:
      'Some ARNs have no region or account: S3 bucket and object ARNs have neither (`arn:aws:s3:::bucket/key`), IAM ARNs have no region (`arn:aws:iam::111122223333:role/name`). With one, the ARN matches no resource. Read from the resource types\' ARN formats in the Service Authorization Reference; IAM Access Analyzer reports the same as "ARN region not allowed" / "ARN account not allowed" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html). The quick fix drops the part.',
  },
  'condition-key-not-supported': {
    area: 'policy',
    severity: 'warning',
    summary: "A service condition key that none of the statement's actions supports.",
    explanation:
      "The Service Authorization Reference lists the condition keys each action supports (its own and its resource types'). A key an action does not support is absent from its requests, so the condition is false (true for negated operators and `IfExists`): an `Allow` grants nothing, a `Deny` denies nothing. Global `aws:` keys are not checked. Parliament reports the same as UNKNOWN_CONDITION_FOR_ACTION. Move the condition to a statement with an action that supports the key.",
  },
  'condition-type-mismatch': {
    area: 'policy',
    severity: 'error',
    summary: "A condition operator or value that does not fit the key's type.",
    explanation:
      'Numeric operators compare numbers, date operators ISO 8601 dates or epoch seconds, `Bool` and `Null` take `true`/`false`, `IpAddress` addresses or CIDR ranges (IAM User Guide, "IAM JSON policy elements: Condition operators"). `NumericEquals` on a string key, a string value for a numeric key or `aws:CurrentTime` compared with something not a date never match as meant. IAM Access Analyzer reports these as "Data type mismatch" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).',
  },
  'duplicate-action': {
    area: 'policy',
    severity: 'warning',
    summary: 'An action is listed twice in one statement.',
    explanation: 'Harmless to IAM, but it counts against the policy size quota and hides what the list really grants. The quick fix removes the copy.',
  },
  'duplicate-sid': {
    area: 'policy',
    severity: 'error',
    summary: 'Two statements share a `Sid`.',
    explanation: 'Statement IDs must be unique within a policy; IAM rejects duplicates.',
  },
  'full-access': {
    area: 'policy',
    severity: 'warning',
    summary: '`*` or `service:*` allowed on `"Resource": "*"`.',
    explanation:
      "Every action (of a service, or of all) on every resource: administrator access to that service. Security Hub's control IAM.1 and Parliament flag it too. List the actions and resources the principal needs.",
  },
  'guard-matches-anything': {
    area: 'policy',
    severity: 'warning',
    summary: 'A guard key (`sts:ExternalId`, `aws:SourceArn`, `aws:PrincipalArn`…) compared with a pattern that matches anything.',
    explanation:
      '`StringLike` with `*`, or `ArnLike` with `arn:aws:*:*:*:*`, accepts every request that carries the key, so the condition does not narrow who may act (IAM User Guide, "The confused deputy problem"). Compare the key with the expected value.',
  },
  'invalid-arn': {
    area: 'policy',
    severity: 'error',
    summary: 'A `Resource` / `NotResource` value is not a well-formed ARN.',
    explanation:
      'Resources are `*` or ARNs of the form `arn:partition:service:region:account:resource`. A malformed ARN matches nothing, so the statement silently grants or denies less than intended.',
  },
  'invalid-effect': {
    area: 'policy',
    severity: 'error',
    summary: '`Effect` is not `Allow` or `Deny`.',
    explanation: 'IAM compares `Effect` case-sensitively: `allow` is rejected. The quick fix writes the correct spelling.',
  },
  'invalid-sid': {
    area: 'policy',
    severity: 'error',
    summary: '`Sid` has characters other than letters and digits.',
    explanation: 'IAM policies allow only ASCII letters and digits in a statement ID. The quick fix removes the other characters.',
  },
  'invalid-type': {
    area: 'policy',
    severity: 'error',
    summary: 'An element has the wrong JSON type.',
    explanation: 'For example a number where IAM expects a string, or a list where it expects an object. IAM rejects the policy.',
  },
  'invalid-version': {
    area: 'policy',
    severity: 'error',
    summary: '`Version` is not `2012-10-17` or `2008-10-17`.',
    explanation: 'IAM knows only these two policy language versions. Use `2012-10-17`.',
  },
  'mfa-bad-pattern': {
    area: 'policy',
    severity: 'warning',
    summary: '`aws:MultiFactorAuthPresent` used in a way that does not enforce MFA.',
    explanation:
      'The key is absent from requests signed with long-term access keys, so `"Bool": {"aws:MultiFactorAuthPresent": "false"}` does not match them (IAM User Guide, "AWS global condition context keys"). In an `Allow` it grants requests without MFA; in a `Deny` it lets long-term keys through. Deny with `BoolIfExists` instead: the quick fix changes the operator. Parliament reports the same as BAD_PATTERN_FOR_MFA.',
  },
  'missing-action': {
    area: 'policy',
    severity: 'error',
    summary: 'A statement has no `Action` (or `NotAction`).',
    explanation: 'Every statement must say which actions it covers; IAM rejects one without.',
  },
  'missing-effect': {
    area: 'policy',
    severity: 'error',
    summary: 'A statement has no `Effect`.',
    explanation: 'Every statement must say `"Effect": "Allow"` or `"Deny"`; IAM rejects one without.',
  },
  'missing-required-action': {
    area: 'policy',
    severity: 'warning',
    summary: "An account's permission policies lack actions cross-account backup needs.",
    explanation:
      "The accounts file says this policy is (one of) an account's permission policies. Together they must allow the vendor's restricted backup permission set, and for an admin account also `sts:AssumeRole`. The quick fix adds a statement with the missing actions.",
  },
  'missing-resource': {
    area: 'policy',
    severity: 'error',
    summary: 'An identity policy statement has no `Resource` (or `NotResource`).',
    explanation: 'Identity policies must name the resources each statement covers: `"Resource": "*"` or ARNs.',
  },
  'missing-statement': {
    area: 'policy',
    severity: 'error',
    summary: 'The policy has no statement.',
    explanation: 'A policy needs `Statement`: one statement object or a non-empty array of them.',
  },
  'missing-version': {
    area: 'policy',
    severity: 'warning',
    summary: 'The policy has no `Version`.',
    explanation:
      'Without `"Version": "2012-10-17"` IAM uses the old language, in which policy variables such as `${aws:username}` are plain text. The quick fix adds it.',
  },
  'notprincipal-with-allow': {
    area: 'policy',
    severity: 'warning',
    summary: '`NotPrincipal` with `Allow`.',
    explanation: 'This trusts every principal except the listed ones, anonymous users included. Name the trusted principals in `Principal` instead.',
  },
  'notresource-with-allow': {
    area: 'policy',
    severity: 'warning',
    summary: '`NotResource` with `Allow`.',
    explanation: 'This grants the actions on every resource but the listed ones, including resources created later. List the resources in `Resource` instead.',
  },
  'old-version': {
    area: 'policy',
    severity: 'warning',
    summary: '`Version` is the old `2008-10-17`.',
    explanation: 'In the old policy language, policy variables are plain text. Use `2012-10-17`; the quick fix changes it.',
  },
  'passrole-any-resource': {
    area: 'policy',
    severity: 'warning',
    summary: '`iam:PassRole` allowed on `"Resource": "*"`.',
    explanation:
      'The principal can then pass any role in the account, including more privileged ones, to a service it can call, and act through it (IAM User Guide, "Grant a user permissions to pass a role to an AWS service"). IAM Access Analyzer reports it as "PassRole with star in resource" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html). List the role ARNs it may pass. In a policy the accounts file names as an account\'s permissions, the grant cross-account backup needs is reported as information only: the vendor\'s permission set has it by design.',
  },
  'policy-too-large': {
    area: 'policy',
    severity: 'error',
    summary: 'The policy is over the size IAM accepts.',
    explanation:
      "IAM counts characters without the whitespace between JSON tokens: a managed policy may have 6,144, a role's inline policies 10,240 together, a trust policy 2,048 by default (a warning) and 4,096 at most after a quota increase (an error). A document over ten times the largest of these is not checked further: only its size is reported.",
  },
  'principal-invalid': {
    area: 'policy',
    severity: 'error',
    summary: 'A `Principal` / `NotPrincipal` is malformed.',
    explanation:
      'A principal is `"*"` or an object whose keys are `AWS`, `Service`, `Federated` or `CanonicalUser`, each with a string or a list of strings (account IDs, ARNs, service names). Role, user and group names in ARNs use letters, digits and `+=,.@_-` only, and paths printable ASCII without spaces (IAM API Reference, CreateRole and CreateUser): a dash pasted from a document (`–`) makes the ARN name nobody. The CloudFront origin access identity principal `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ID` is valid.',
  },
  'principal-mixed-partitions': {
    area: 'policy',
    severity: 'warning',
    summary: 'Principals of two AWS partitions in one policy.',
    explanation:
      'An account, and its roles, belong to one partition (`aws`, `aws-cn`, `aws-us-gov`…; the ARN\'s second part, IAM User Guide "IAM identifiers"), and accounts of different partitions cannot trust each other: a principal of another partition never matches. Keep the principals of the role\'s partition.',
  },
  'privilege-escalation': {
    area: 'policy',
    severity: 'warning',
    summary: 'Allow statements on every resource grant a documented privilege-escalation method.',
    explanation:
      "Actions such as `iam:CreatePolicyVersion`, `iam:AttachRolePolicy`, or `iam:PassRole` with `ec2:RunInstances`, granted on every resource, let a principal raise its own permissions. The list is Rhino Security Labs' \"AWS IAM Privilege Escalation – Methods and Mitigation\", which Parliament's PRIVILEGE_ESCALATION check uses. Limit the resources or add conditions. In a policy the accounts file names as an account's permissions, a method made only of actions cross-account backup needs (`iam:PassRole` with `ec2:RunInstances`) is reported as information only: the vendor's permission set has it by design.",
  },
  'resource-and-notresource': {
    area: 'policy',
    severity: 'error',
    summary: 'A statement has both `Resource` and `NotResource`.',
    explanation: 'IAM rejects a statement with both elements.',
  },
  'policy-outside-workspace': {
    area: 'accounts',
    severity: 'warning',
    summary: 'The accounts file names a policy file outside the workspace folder.',
    explanation:
      'A policy path that is absolute or climbs out with `../` points at a file nobody who opens this folder sees, yet its content is read for the checks and sent to AWS IAM by *Apply Policies*. Move the file into the workspace and fix the path; turn the rule off (`crossAccountBackup.rules`) if a shared folder outside the workspace is deliberate.',
  },
  'resource-mismatch': {
    area: 'policy',
    severity: 'warning',
    summary: "A resource ARN that is none of the resource types the statement's actions act on.",
    explanation:
      "Each action acts on the resource types the Service Authorization Reference lists (`s3:GetObject` on objects, `arn:aws:s3:::bucket/key`; `s3:ListBucket` on buckets, `arn:aws:s3:::bucket`). An ARN of another type grants nothing for that action. Only ARNs of the actions' own service are compared. Parliament reports the same as RESOURCE_MISMATCH.",
  },
  'set-operator-single-valued-key': {
    area: 'policy',
    severity: 'warning',
    summary: '`ForAllValues:` / `ForAnyValue:` on a single-valued condition key.',
    explanation:
      'Set operators are for multivalued keys such as `aws:TagKeys`. With a single-valued key, `ForAllValues:` is also true when the key is absent, so it can allow more than meant; `ForAnyValue:` adds nothing. IAM Access Analyzer reports FORALLVALUES_WITH_SINGLE_VALUED_KEY (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html; IAM User Guide, "Set operators for multivalued context keys"). The quick fix removes the qualifier.',
  },
  'trust-account-mismatch': {
    area: 'policy',
    severity: 'error',
    summary: "A tenant's trust policy does not let its admin account assume the role.",
    explanation:
      "The accounts file names this file as a tenant's trust policy, and no `Allow` statement lets the tenant's admin account (its root, its ID, or the admin's role ARN) call `sts:AssumeRole`. The admin's access nodes will get AccessDenied. The quick fix adds a statement trusting the admin account's root with the tenant's external ID.",
  },
  'trust-action-principal-mismatch': {
    area: 'policy',
    severity: 'error',
    summary: "A trust policy allows an assume action the statement's principals cannot call.",
    explanation:
      'SAML providers call `sts:AssumeRoleWithSAML`, OIDC and web identity providers `sts:AssumeRoleWithWebIdentity`, `AWS` and `Service` principals `sts:AssumeRole` (`sts:TagSession` and `sts:SetSourceIdentity` go with any). IAM Access Analyzer reports the pair as "Mismatched action for principal" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html). The quick fix puts in the action the principals can call.',
  },
  'trust-action-wildcard': {
    area: 'policy',
    severity: 'warning',
    summary: 'A trust policy allows `*` (or an STS wildcard) as its action.',
    explanation:
      'IAM accepts it, but it grants every STS action on the role to the principals, not only assuming it. List the actions they need, e.g. `sts:AssumeRole`; the quick fix writes that.',
  },
  'trust-external-id-mismatch': {
    area: 'policy',
    severity: 'error',
    summary: "A tenant's trust policy requires another `sts:ExternalId` than the accounts file sends.",
    explanation:
      "The accounts file gives this tenant an `externalId`, which the admin's access nodes send with `sts:AssumeRole`; the trust policy's `sts:ExternalId` condition compares it with another value, so AWS denies the call (AccessDenied). The offline evaluation reports the same mismatch. The quick fix writes the accounts file's value into the condition; change the accounts file instead if the trust policy holds the right one.",
  },
  'trust-invalid-action': {
    area: 'policy',
    severity: 'error',
    summary: 'A trust policy lists an action that is not an STS role-assumption action.',
    explanation:
      'A role trust policy may only allow `sts:AssumeRole`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext`.',
  },
  'trust-missing-external-id': {
    area: 'policy',
    severity: 'warning',
    summary: 'Another account may assume the role without an `sts:ExternalId` (or MFA) condition.',
    explanation:
      "Without an external ID condition, any party that can make the trusted account call AssumeRole can reach this role (the confused deputy problem). Require the tenant's external ID with `StringEquals` on `sts:ExternalId`; the quick fix adds it.",
  },
  'trust-missing-principal': {
    area: 'policy',
    severity: 'error',
    summary: 'A trust policy statement has no `Principal`.',
    explanation: 'A trust policy says who may assume the role: each statement needs a `Principal`, e.g. `{"AWS": "arn:aws:iam::111122223333:root"}`.',
  },
  'trust-notprincipal': {
    area: 'policy',
    severity: 'error',
    summary: 'A role trust policy uses `NotPrincipal`.',
    explanation:
      '`NotPrincipal` is not supported in IAM role trust policies (nor in identity policies): IAM User Guide, "AWS JSON policy elements: NotPrincipal". Name who may assume the role in `Principal`; to exclude principals, use a `Deny` with `aws:PrincipalArn` and an ARN operator.',
  },
  'trust-principal-wildcard': {
    area: 'policy',
    severity: 'error',
    summary: 'A trust policy allows principal `*`.',
    explanation:
      "Any AWS account could then assume the role. Name the trusted account instead; the quick fix puts in the admin account's root when the accounts file names it.",
  },
  'trust-resource-not-allowed': {
    area: 'policy',
    severity: 'error',
    summary: 'A trust policy statement has `Resource` or `NotResource`.',
    explanation: 'In a trust policy the role itself is the resource: IAM rejects these elements. The quick fix removes them.',
  },
  'unknown-action': {
    area: 'policy',
    severity: 'error',
    summary: 'An action is not one of the service’s actions.',
    explanation:
      'Checked against the IAM catalog shipped with the extension. A misspelled action grants nothing; a wildcard that matches no action is probably a typo too. The quick fix offers the closest action.',
  },
  'unknown-condition-key': {
    area: 'policy',
    severity: 'warning',
    summary: 'A condition key is neither a global key nor a key of the statement’s services.',
    explanation: 'A condition on a key that is never in the request is false (or true for negated operators and `IfExists`), which rarely is what was meant.',
  },
  'unknown-condition-operator': {
    area: 'policy',
    severity: 'error',
    summary: 'A condition operator IAM does not know.',
    explanation:
      'Operators such as `StringEquals`, `ArnLike` or `Bool`, optionally with `IfExists` or a `ForAnyValue:` / `ForAllValues:` prefix. IAM rejects others. The quick fix offers the closest one.',
  },
  'unknown-element': {
    area: 'policy',
    severity: 'error',
    summary: 'A key that is not a policy or statement element.',
    explanation:
      'A policy has `Version`, `Id` and `Statement`; a statement `Sid`, `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource` and `Condition`. IAM rejects others. The quick fix offers the closest element.',
  },
  'unknown-service': {
    area: 'policy',
    severity: 'error',
    summary: 'An action’s service prefix is not an AWS service.',
    explanation: 'The part before the colon must be a service prefix such as `ec2`, `s3` or `sts`. The quick fix offers the closest prefix.',
  },
  'wildcard-without-like': {
    area: 'policy',
    severity: 'warning',
    summary: '`*` or `?` in a value compared by an exact string operator.',
    explanation:
      '`StringEquals` and its kin compare character for character: `*` is a literal star, not a wildcard (IAM User Guide, "IAM JSON policy elements: Condition operators"). IAM Access Analyzer reports "Wildcard without like operator" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html). The quick fix switches to the Like form (`StringLike`, `StringNotLike`).',
  },

  // The accounts file
  'account-id-format': {
    area: 'accounts',
    severity: 'error',
    summary: 'An account ID is not 12 digits.',
    explanation: 'AWS account IDs are exactly 12 digits, leading zeros included. Copy it from the AWS console’s account menu.',
  },
  'admin-uses-admin-resources': {
    area: 'accounts',
    severity: 'error',
    summary: 'An admin hypervisor has *Use admin account resources* on.',
    explanation: 'Only tenant hypervisors use an admin account’s resources; the admin owns them. Set it to `false`.',
  },
  'automatic-service-hypervisor-no-access-nodes': {
    area: 'accounts',
    severity: 'warning',
    summary: 'An automatically created admin hypervisor lists no access nodes.',
    explanation: 'A service hypervisor created with the Automatic option needs its access nodes added at the instance level before tenants can use it.',
  },
  'backup-copy-with-assume-role': {
    area: 'accounts',
    severity: 'warning',
    summary: 'A VM group backs up through AssumeRole with a backup copy.',
    explanation: 'AssumeRole (IntelliSnap) backups do not perform a backup copy: use a plan with Backup Copy disabled.',
  },
  'backup-region-mismatch': {
    area: 'accounts',
    severity: 'error',
    summary: 'A VM group backs up a region where its admin has no access node.',
    explanation: 'Backups need an access node in the same region as the instances.',
  },
  'cross-account-conversion': {
    area: 'accounts',
    severity: 'error',
    summary: 'A HotAdd conversion would use an access node in another account.',
    explanation:
      'A HotAdd conversion to an AWS account cannot use an access node in another account. Use an access node in the tenant account, or the `importExport` transport.',
  },
  'cross-account-replication': {
    area: 'accounts',
    severity: 'error',
    summary: 'A replication transport that cannot use another account’s resources.',
    explanation:
      'Some replication transports cannot work through the admin account’s resources: replicate through a hypervisor and access node in the tenant account.',
  },
  'duplicate-account': {
    area: 'accounts',
    severity: 'error',
    summary: 'An account ID or name is used twice.',
    explanation: 'Each AWS account appears once; names must be unique because tenants refer to admins, and results to tenants, by name.',
  },
  'iam-role-needs-ec2-access-node': {
    area: 'accounts',
    severity: 'error',
    summary: 'An admin hypervisor authenticates with `iamRole` but lists no EC2 access node.',
    explanation:
      'IAM role authentication needs an access node running in EC2 with the role’s instance profile: list its `instanceId` under `accessNodes`, or use `stsAssumeRole` or `accessKey`.',
  },
  'invalid-value': {
    area: 'accounts',
    severity: 'error',
    summary: 'A value the accounts file schema does not allow.',
    explanation: 'The value has the wrong type or is not one of the allowed values; the message names what is expected.',
  },
  'missing-permissions-policy': {
    area: 'accounts',
    severity: 'warning',
    summary: 'An account lists no permissions policy.',
    explanation:
      'The admin account needs the STS-only policy and the restricted backup permissions; a tenant role needs the restricted backup permissions. List the files under `policies.permissions`.',
  },
  'missing-policy-file': {
    area: 'accounts',
    severity: 'error',
    summary: 'A policy file the accounts file references does not exist.',
    explanation: 'Paths are relative to the accounts file. *Set Up Cross-Account Backup* writes starter policies.',
  },
  'missing-property': {
    area: 'accounts',
    severity: 'error',
    summary: 'A required property is missing.',
    explanation: 'The accounts file schema requires it; the message names the property.',
  },
  'restore-az-mismatch': {
    area: 'accounts',
    severity: 'error',
    summary: 'A restore targets an availability zone where the admin has no access node.',
    explanation: 'Restores need an access node in the same availability zone.',
  },
  'role-arn-account-mismatch': {
    area: 'accounts',
    severity: 'error',
    summary: 'A hypervisor’s role ARN is in another account.',
    explanation: 'The hypervisor’s role must be in the account it belongs to: fix the ARN or the account ID.',
  },
  'tenant-auth-method': {
    area: 'accounts',
    severity: 'error',
    summary: 'A tenant hypervisor authenticates with `iamRole`.',
    explanation: 'A tenant cannot use an IAM instance role, because the access nodes run in the admin account: use `stsAssumeRole` (or `accessKey`).',
  },
  'unknown-admin': {
    area: 'accounts',
    severity: 'error',
    summary: 'A tenant names an admin that is not in the file.',
    explanation: 'Tenants refer to their admin by name: add the admin entry or fix the name.',
  },
  'volume-tags-not-restored': {
    area: 'accounts',
    severity: 'info',
    summary: 'A restore through a tenant account does not restore volume tags.',
    explanation: 'Re-apply the tags after the restore, or restore from a snapshot.',
  },
} as const satisfies Record<string, Rule>;

/** A finding code: a key of RULES. */
export type RuleCode = keyof typeof RULES;

export const RULE_CODES = Object.keys(RULES) as RuleCode[];

export function isRuleCode(code: string): code is RuleCode {
  return Object.prototype.hasOwnProperty.call(RULES, code);
}

/** What a setting or `--rule` may set a rule to. */
export type RuleLevel = 'off' | Severity;
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'error', 'warning', 'info', 'hint'];

/** Per-code levels, as the `crossAccountBackup.rules` setting and the CLI's `--rule` give them. */
export type RuleLevels = Readonly<Partial<Record<string, RuleLevel>>>;

/**
 * Applies the user's rule levels: drops the findings of rules turned off and gives the others the chosen severity.
 * Unknown codes and levels are ignored here (the CLI rejects them; the setting's schema warns about them).
 */
export function applyRuleLevels<F extends Reported>(findings: readonly F[], levels: RuleLevels | undefined): F[] {
  if (!levels || Object.keys(levels).length === 0) return [...findings];
  const out: F[] = [];
  for (const f of findings) {
    const level = Object.prototype.hasOwnProperty.call(levels, f.code) ? levels[f.code] : undefined;
    if (level === 'off') continue;
    out.push(level && level !== f.severity && RULE_LEVELS.includes(level) ? { ...f, severity: level } : f);
  }
  return out;
}

/** Markdown explaining the rules of the findings at `offset` (for a hover), or undefined when there are none. */
export function explainFindingsAt(findings: readonly Reported[], offset: number): string | undefined {
  const codes = new Set<RuleCode>();
  for (const f of findings) if (f.range.start <= offset && offset <= f.range.end && isRuleCode(f.code)) codes.add(f.code);
  if (codes.size === 0) return undefined;
  return [...codes].map((code) => `**${code}** — ${RULES[code].explanation}`).join('\n\n');
}

/** The anchor of a rule's entry in docs/rules.md (GitHub's heading slug of the code). */
export function ruleAnchor(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9-]/g, '');
}
