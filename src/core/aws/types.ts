// The small interfaces through which the AWS core reaches STS and IAM, so tests can pass real SDK clients aimed at the emulator.

/** Credentials live only in memory: never log, print or persist an object of this type. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Same shape as the SDK's AwsCredentialIdentityProvider, so SDK providers fit without wrapping. */
export type CredentialProvider = () => Promise<Credentials>;

export interface CallOptions {
  signal?: AbortSignal;
}

export interface Identity {
  arn: string;
  account: string;
  userId: string;
}

export interface AssumeRoleInput {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  durationSeconds?: number;
}

export interface AssumedRole {
  credentials: Credentials;
  assumedRoleArn: string;
  expiration?: Date;
}

export interface StsApi {
  getCallerIdentity(options?: CallOptions): Promise<Identity>;
  assumeRole(input: AssumeRoleInput, options?: CallOptions): Promise<AssumedRole>;
}

export interface Tag {
  key: string;
  value: string;
}

export interface LiveRole {
  arn: string;
  name: string;
  path: string;
  /** The trust policy as JSON text (already URL-decoded). */
  trustPolicy: string;
  maxSessionDuration?: number;
  tags: Tag[];
}

export interface LivePolicy {
  arn: string;
  name: string;
  defaultVersionId: string;
  description?: string;
  tags: Tag[];
}

export interface LivePolicyVersion {
  versionId: string;
  isDefault: boolean;
  createDate?: Date;
}

export interface LiveInstanceProfile {
  name: string;
  arn: string;
  roleNames: string[];
}

export interface ContextEntry {
  key: string;
  values: string[];
  type: 'string' | 'stringList' | 'boolean' | 'numeric';
}

export interface SimulationResult {
  action: string;
  /** `allowed`, `implicitDeny` or `explicitDeny`, as IAM reports it. */
  decision: string;
}

/** The IAM calls the extension makes; `get*` answer undefined when the entity does not exist. */
export interface IamApi {
  getRole(name: string, options?: CallOptions): Promise<LiveRole | undefined>;
  createRole(input: { name: string; path: string; trustPolicy: string; description?: string; tags: Tag[] }, options?: CallOptions): Promise<LiveRole>;
  updateAssumeRolePolicy(roleName: string, document: string, options?: CallOptions): Promise<void>;
  listAttachedRolePolicies(roleName: string, options?: CallOptions): Promise<string[]>;
  attachRolePolicy(roleName: string, policyArn: string, options?: CallOptions): Promise<void>;
  /** Names of the inline policies embedded in a role. */
  listRolePolicies(roleName: string, options?: CallOptions): Promise<string[]>;
  /** An inline policy's document as JSON text (already URL-decoded). */
  getRolePolicy(roleName: string, policyName: string, options?: CallOptions): Promise<string>;
  /** ARNs of the managed policies attached to an IAM user; undefined when the user does not exist. */
  listAttachedUserPolicies(userName: string, options?: CallOptions): Promise<string[] | undefined>;
  attachUserPolicy(userName: string, policyArn: string, options?: CallOptions): Promise<void>;
  getPolicy(arn: string, options?: CallOptions): Promise<LivePolicy | undefined>;
  getPolicyVersion(arn: string, versionId: string, options?: CallOptions): Promise<string>;
  listPolicyVersions(arn: string, options?: CallOptions): Promise<LivePolicyVersion[]>;
  createPolicy(input: { name: string; path: string; document: string; description?: string; tags: Tag[] }, options?: CallOptions): Promise<LivePolicy>;
  createPolicyVersion(arn: string, document: string, setAsDefault: boolean, options?: CallOptions): Promise<string>;
  deletePolicyVersion(arn: string, versionId: string, options?: CallOptions): Promise<void>;
  getInstanceProfile(name: string, options?: CallOptions): Promise<LiveInstanceProfile | undefined>;
  createInstanceProfile(input: { name: string; path: string; tags: Tag[] }, options?: CallOptions): Promise<LiveInstanceProfile>;
  addRoleToInstanceProfile(profileName: string, roleName: string, options?: CallOptions): Promise<void>;
  /** Adds or overwrites tags (iam:TagRole / iam:TagPolicy); used to adopt a resource. */
  tagRole(roleName: string, tags: Tag[], options?: CallOptions): Promise<void>;
  tagPolicy(policyArn: string, tags: Tag[], options?: CallOptions): Promise<void>;
  simulatePrincipalPolicy(
    input: { policySourceArn: string; actionNames: string[]; contextEntries?: ContextEntry[] },
    options?: CallOptions,
  ): Promise<SimulationResult[]>;
}

/** Where and as whom a client talks. `endpoint` undefined means the SDK's default for the region. */
export interface ClientTarget extends RetrySettings {
  credentials: CredentialProvider;
  region: string;
  endpoint?: string;
}

/** The user's retry configuration (AWS_MAX_ATTEMPTS / max_attempts, AWS_RETRY_MODE / retry_mode); undefined: not configured. */
export interface RetrySettings {
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive' | 'legacy';
}

export interface ProfileInfo {
  name: string;
  /** Where it was found. */
  source: 'config' | 'credentials' | 'both';
  region?: string;
  /** How the profile gets credentials, for the picker's description. */
  kind: 'sso' | 'process' | 'role' | 'keys' | 'other';
  /** The profile's own settings, minus secrets (keys are never copied here). */
  settings: Record<string, string>;
}

export interface CredentialOptions extends RetrySettings {
  /** Region and endpoint for the STS calls a profile makes itself (role_arn, MFA); never used for SSO. */
  region: string;
  stsEndpoint?: string;
}

/** What `sdk.ts` provides: credential resolution, the profile list, and clients. */
export interface AwsRuntime {
  /** Credentials of a named profile (fromIni); without a name, the SDK's default chain (environment first). */
  credentials(profile: string | undefined, options: CredentialOptions): CredentialProvider;
  /** Profiles of the shared config and credentials files (read fresh each time). */
  listProfiles(): Promise<ProfileInfo[]>;
  sts(target: ClientTarget): StsApi;
  iam(target: ClientTarget): IamApi;
}

export interface AwsRuntimeOptions {
  /** Shared config file; default `AWS_CONFIG_FILE`, then ~/.aws/config (the SDK's rule). */
  configFile?: string;
  /** Shared credentials file; default `AWS_SHARED_CREDENTIALS_FILE`, then ~/.aws/credentials. */
  credentialsFile?: string;
  /** Asked for the code when a profile has `mfa_serial`; reject or return '' to cancel. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /** The project's retry attempts when the user configured none (AWS_MAX_ATTEMPTS, max_attempts); unset: the SDK's default (3). */
  maxAttempts?: number;
  /** Milliseconds allowed to connect, and again to get the answer, per attempt (default 10 s); a stall then fails as a timeout. */
  requestTimeoutMs?: number;
  /** Milliseconds a profile's credential_process may run before it is stopped (default 30 s). */
  credentialProcessTimeoutMs?: number;
}

export type LoadSdk = () => { createAwsRuntime(options: AwsRuntimeOptions): AwsRuntime };

/** Receives progress lines; never called with secrets. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
