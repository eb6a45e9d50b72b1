// The emulator's in-memory IAM/STS world: accounts, users, roles, managed policies, instance profiles, keys and sessions.
import { randomBytes } from 'node:crypto';

export type PolicyInput = string | object;

export interface PolicyVersion {
  versionId: string;
  /** The document exactly as it was sent (AWS returns it URL-encoded, byte for byte). */
  document: string;
  createDate: Date;
}

export interface ManagedPolicy {
  accountId: string;
  name: string;
  path: string;
  arn: string;
  id: string;
  description?: string;
  createDate: Date;
  updateDate: Date;
  versions: PolicyVersion[];
  defaultVersionId: string;
  /** Version ids are never reused, like AWS. */
  nextVersion: number;
  tags: Tag[];
}

export interface Tag {
  key: string;
  value: string;
}

export interface User {
  accountId: string;
  name: string;
  path: string;
  arn: string;
  id: string;
  createDate: Date;
  inlinePolicies: Map<string, string>;
  attachedPolicies: string[];
}

export interface Role {
  accountId: string;
  name: string;
  path: string;
  arn: string;
  id: string;
  createDate: Date;
  trustPolicy: string;
  description?: string;
  maxSessionDuration: number;
  inlinePolicies: Map<string, string>;
  attachedPolicies: string[];
  tags: Tag[];
}

export interface InstanceProfile {
  accountId: string;
  name: string;
  path: string;
  arn: string;
  id: string;
  createDate: Date;
  roleNames: string[];
}

export interface Account {
  id: string;
  users: Map<string, User>;
  roles: Map<string, Role>;
  /** By ARN. */
  policies: Map<string, ManagedPolicy>;
  instanceProfiles: Map<string, InstanceProfile>;
}

/** Whom a key belongs to. */
export type Principal = { kind: 'root'; accountId: string } | { kind: 'user'; accountId: string; userName: string } | { kind: 'session'; session: RoleSession };

export interface RoleSession {
  accountId: string;
  roleName: string;
  roleArn: string;
  roleId: string;
  sessionName: string;
  /** How the session began. Calling AssumeRole with an `assume-role` session is role chaining (capped at one hour); EC2 instance-role credentials are not. */
  origin: 'assume-role' | 'instance-profile';
  sessionPolicy?: string;
  sourceIdentity?: string;
  tags: Tag[];
  expiration: Date;
}

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  principal: Principal;
  createDate: Date;
}

/** What tests get back for a principal they created: everything needed to sign requests as it. */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  /** The principal's ARN (for a role session, the `assumed-role` ARN). */
  arn: string;
  accountId: string;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomChars(n: number, alphabet: string): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[bytes[i]! % alphabet.length];
  return s;
}

/** AWS unique ids: a four-letter type prefix and 17 base32 characters (`AIDA…` user, `AROA…` role, `ANPA…` policy, `AIPA…` instance profile). */
export function uniqueId(prefix: 'AIDA' | 'AROA' | 'ANPA' | 'AIPA'): string {
  return prefix + randomChars(17, UPPER);
}

export function newAccessKeyId(temporary: boolean): string {
  return (temporary ? 'ASIA' : 'AKIA') + randomChars(16, UPPER);
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

export function newSessionToken(): string {
  // Real tokens are long opaque base64 blobs; the prefix makes leaked ones easy to recognise in test output.
  return 'IQoJb3JpZ2luX2VtdWxhdG9y' + randomBytes(96).toString('base64');
}

export function newAccount(id: string): Account {
  return { id, users: new Map(), roles: new Map(), policies: new Map(), instanceProfiles: new Map() };
}

export function policyText(doc: PolicyInput): string {
  return typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
}

export function normalizePath(path: string | undefined): string {
  return path && path.length > 0 ? path : '/';
}

export const ACCOUNT_ID = /^\d{12}$/;
