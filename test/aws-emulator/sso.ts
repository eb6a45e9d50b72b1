// The IAM Identity Center portal call behind sso-session profiles: GetRoleCredentials (`GET /federation/credentials`, REST-JSON, bearer token).
//
// Source: IAM Identity Center Portal API Reference, GetRoleCredentials: `GET /federation/credentials?account_id=…&role_name=…`
// with header `x-amz-sso_bearer_token`; answers `{"roleCredentials":{accessKeyId, secretAccessKey, sessionToken, expiration}}`,
// expiration in milliseconds since the epoch. A permission set appears in each assigned account as a role
// `AWSReservedSSO_<permission set>_<16 hex>` under the path `/aws-reserved/sso.amazonaws.com/`, and the credentials are a
// session of that role named after the Identity Center user (IAM User Guide, "Service-linked roles for IAM Identity Center").
import { randomBytes } from 'node:crypto';
import { AwsError } from './errors';
import { policyText, type PolicyInput, type Role } from './model';
import type { World } from './world';

export interface SsoAssignment {
  accountId: string;
  /** The permission set's name: the profile's `sso_role_name`. */
  permissionSet: string;
  /** Inline policies of the permission set (on its reserved role). */
  policies?: PolicyInput[];
}

export interface SsoUser {
  userName: string;
  /** The bearer token `aws sso login` would cache. A secret: goes to a token cache file in a temporary home only. */
  accessToken: string;
  expiresAt: Date;
  /** The reserved role per assignment. */
  roles: { accountId: string; permissionSet: string; roleArn: string }[];
}

interface Token {
  userName: string;
  expiresAt: Date;
  /** `account:permission set` → reserved role. */
  roles: Map<string, Role>;
}

/** A permission set's default session duration. */
const SESSION_SECONDS = 3600;

export class SsoDirectory {
  private readonly tokens = new Map<string, Token>();

  constructor(private readonly world: World) {}

  createUser(userName: string, assignments: SsoAssignment[], opts: { tokenLifetimeMs?: number } = {}): SsoUser {
    const roles = new Map<string, Role>();
    for (const a of assignments) roles.set(`${a.accountId}:${a.permissionSet}`, this.reservedRole(a));
    const accessToken = randomBytes(48).toString('base64url');
    const expiresAt = new Date(this.world.now().getTime() + (opts.tokenLifetimeMs ?? 8 * 3600_000));
    this.tokens.set(accessToken, { userName, expiresAt, roles });
    return {
      userName,
      accessToken,
      expiresAt,
      roles: assignments.map((a) => ({ accountId: a.accountId, permissionSet: a.permissionSet, roleArn: roles.get(`${a.accountId}:${a.permissionSet}`)!.arn })),
    };
  }

  /** Every access token handed out, so tests can scan outputs for them. */
  secrets(): string[] {
    return [...this.tokens.keys()];
  }

  /** One reserved role per account and permission set, shared by every user assigned to it. */
  private reservedRole(a: SsoAssignment): Role {
    const existing = [...(this.world.accounts.get(a.accountId)?.roles.values() ?? [])].find((r) => r.name.startsWith(`AWSReservedSSO_${a.permissionSet}_`));
    if (existing) return existing;
    const samlProvider = `arn:aws:iam::${a.accountId}:saml-provider/AWSSSO_${randomBytes(8).toString('hex')}_DO_NOT_DELETE`;
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: samlProvider },
          Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
          Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
        },
      ],
    };
    const role = this.world.createRole(a.accountId, `AWSReservedSSO_${a.permissionSet}_${randomBytes(8).toString('hex')}`, policyText(trust), {
      path: '/aws-reserved/sso.amazonaws.com/',
      description: `Identity Center permission set ${a.permissionSet}`,
      tags: [],
    });
    (a.policies ?? []).forEach((doc, i) => this.world.putRolePolicy(a.accountId, role.name, `AwsSSOInlinePolicy${i ? i + 1 : ''}`, policyText(doc)));
    return role;
  }

  /** GetRoleCredentials: the JSON answer and the session's ARN (for the call log). Throws AwsError with the portal's error names. */
  getRoleCredentials(accessToken: string | undefined, accountId: string | null, roleName: string | null): { body: Record<string, unknown>; arn: string } {
    if (!accessToken) throw new AwsError('UnauthorizedException', 'Session token not found or invalid', 401);
    if (!accountId || !roleName) throw new AwsError('InvalidRequestException', 'Both account_id and role_name are required.', 400);
    const token = this.tokens.get(accessToken);
    if (!token || token.expiresAt.getTime() <= this.world.now().getTime())
      throw new AwsError('UnauthorizedException', 'Session token not found or invalid', 401);
    const role = token.roles.get(`${accountId}:${roleName}`);
    if (!role) throw new AwsError('ForbiddenException', 'No access', 403);
    // AssumeRoleWithSAML underneath: a role session, so AssumeRole from it is role chaining.
    const { credentials } = this.world.startSession(role, token.userName, SESSION_SECONDS, { origin: 'assume-role' });
    return {
      body: {
        roleCredentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
          expiration: credentials.expiration!.getTime(),
        },
      },
      arn: credentials.arn,
    };
  }
}
