// The only module that imports the AWS SDK: adapts its clients and credential providers to the core's small interfaces (bundled as dist/aws.js).
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyVersionCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
  TagPolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  type Tag as SdkTag,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, getDefaultRoleAssumer, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { runCredentialProcess } from './credential-process';
import type { AwsRuntime, AwsRuntimeOptions, ClientTarget, CredentialOptions, CredentialProvider, IamApi, LiveRole, ProfileInfo, StsApi, Tag } from './types';

export function createAwsRuntime(options: AwsRuntimeOptions = {}): AwsRuntime {
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  // Without throwOnRequestTimeout the Node handler only logs a warning when requestTimeout passes and keeps waiting.
  const requestHandler = { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true };
  /**
   * Retries as the user configured them (AWS_MAX_ATTEMPTS, the profile's max_attempts / retry_mode, resolved in
   * endpoints.ts), then the project's default; with neither, nothing is passed and the SDK's own loaders decide.
   */
  const retry = (t: { maxAttempts?: number; retryMode?: string }) => {
    const maxAttempts = t.maxAttempts ?? options.maxAttempts;
    return { ...(maxAttempts ? { maxAttempts } : {}), ...(t.retryMode ? { retryMode: t.retryMode } : {}) };
  };
  const files = { filepath: options.credentialsFile, configFilepath: options.configFile };
  const mfaCodeProvider = options.mfaCodeProvider;
  const processTimeoutMs = options.credentialProcessTimeoutMs ?? 30_000;

  return {
    credentials(profile: string | undefined, co: CredentialOptions): CredentialProvider {
      /*
       * A custom STS endpoint is for STS only: it goes to the role assumer of a role_arn profile (its AssumeRole, with MFA,
       * must reach the same STS as ours), never into `clientConfig`, which the SSO and SSO-OIDC clients inherit — they would
       * send the SSO bearer token, refresh token and client secret to it. Nor does `region`: it would override sso_region.
       */
      const roleAssumer = getDefaultRoleAssumer({ region: co.region, requestHandler, ...retry(co), ...(co.stsEndpoint ? { endpoint: co.stsEndpoint } : {}) });
      const clientConfig = { requestHandler, ...retry(co) };
      const parentClientConfig = { region: co.region };
      const chain = profile
        ? fromIni({ profile, ...files, mfaCodeProvider, roleAssumer, clientConfig, parentClientConfig, ignoreCache: true })
        : fromNodeProviderChain({ ...files, mfaCodeProvider, roleAssumer, clientConfig, parentClientConfig, ignoreCache: true, timeout: 1000, maxRetries: 0 });
      return async () => {
        // The SDK runs credential_process with no deadline: a helper profile, or a role profile whose source_profile is
        // one, is resolved here with a deadline instead.
        const plan = profile ? await processPlan(profile) : undefined;
        if (!plan) return chain() as ReturnType<CredentialProvider>;
        const source = await runCredentialProcess(plan.helperProfile, plan.command, processTimeoutMs);
        if (!plan.role) return source;
        const r = plan.role;
        const params: Parameters<typeof roleAssumer>[1] = {
          RoleArn: r.role_arn,
          RoleSessionName: r.role_session_name || `aws-sdk-js-${Date.now()}`,
          ExternalId: r.external_id,
          DurationSeconds: Number.parseInt(r.duration_seconds || '3600', 10),
        };
        if (r.mfa_serial) {
          if (!mfaCodeProvider) throw new Error(`Profile ${profile} requires multi-factor authentication, but no MFA code callback was provided.`);
          params.SerialNumber = r.mfa_serial;
          params.TokenCode = await mfaCodeProvider(r.mfa_serial);
        }
        return (await roleAssumer(source, params)) as Awaited<ReturnType<CredentialProvider>>;
      };
    },

    async listProfiles(): Promise<ProfileInfo[]> {
      const { configFile, credentialsFile } = await loadSharedConfigFiles({ ...files, ignoreCache: true });
      const names = new Set<string>();
      for (const n of Object.keys(configFile)) if (!/^(sso-session|services)\./.test(n)) names.add(n);
      for (const n of Object.keys(credentialsFile)) names.add(n);
      return [...names].sort().map((name) => {
        const c = configFile[name];
        const k = credentialsFile[name];
        const merged: Record<string, string | undefined> = { ...c, ...k };
        const settings: Record<string, string> = {};
        for (const [key, value] of Object.entries(merged)) {
          // Secrets stay out of the list so nothing downstream can show them by accident.
          if (value !== undefined && !/secret|session_token|access_key/i.test(key)) settings[key] = value;
        }
        const kind: ProfileInfo['kind'] =
          merged.sso_session || merged.sso_start_url
            ? 'sso'
            : merged.credential_process
              ? 'process'
              : merged.role_arn
                ? 'role'
                : merged.aws_access_key_id
                  ? 'keys'
                  : 'other';
        return { name, source: c && k ? 'both' : c ? 'config' : 'credentials', region: merged.region, kind, settings };
      });
    },

    sts(target: ClientTarget): StsApi {
      const client = new STSClient({
        region: target.region,
        credentials: target.credentials,
        ...(target.endpoint ? { endpoint: target.endpoint } : {}),
        requestHandler,
        ...retry(target),
      });
      return {
        async getCallerIdentity(o) {
          const r = await client.send(new GetCallerIdentityCommand({}), { abortSignal: o?.signal });
          return { arn: r.Arn ?? '', account: r.Account ?? '', userId: r.UserId ?? '' };
        },
        async assumeRole(input, o) {
          const r = await client.send(
            new AssumeRoleCommand({
              RoleArn: input.roleArn,
              RoleSessionName: input.roleSessionName,
              ExternalId: input.externalId,
              DurationSeconds: input.durationSeconds,
            }),
            { abortSignal: o?.signal },
          );
          const c = r.Credentials;
          if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole answered without credentials.');
          return {
            credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration },
            assumedRoleArn: r.AssumedRoleUser?.Arn ?? '',
            expiration: c.Expiration,
          };
        },
      };
    },

    iam(target: ClientTarget): IamApi {
      const client = new IAMClient({
        region: target.region,
        credentials: target.credentials,
        ...(target.endpoint ? { endpoint: target.endpoint } : {}),
        requestHandler,
        ...retry(target),
      });
      const send = client.send.bind(client) as IAMClient['send'];
      const opts = (o?: { signal?: AbortSignal }) => ({ abortSignal: o?.signal });
      const toRole = (
        r: { Arn?: string; RoleName?: string; Path?: string; AssumeRolePolicyDocument?: string; MaxSessionDuration?: number; Tags?: SdkTag[] } | undefined,
      ): LiveRole => ({
        arn: r?.Arn ?? '',
        name: r?.RoleName ?? '',
        path: r?.Path ?? '/',
        trustPolicy: decodeDocument(r?.AssumeRolePolicyDocument ?? ''),
        maxSessionDuration: r?.MaxSessionDuration,
        tags: fromSdkTags(r?.Tags),
      });
      return {
        async getRole(name, o) {
          try {
            return toRole((await send(new GetRoleCommand({ RoleName: name }), opts(o))).Role);
          } catch (e) {
            if (isNoSuchEntity(e)) return undefined;
            throw e;
          }
        },
        async createRole(input, o) {
          const r = await send(
            new CreateRoleCommand({
              RoleName: input.name,
              Path: input.path,
              AssumeRolePolicyDocument: input.trustPolicy,
              Description: input.description,
              Tags: toSdkTags(input.tags),
            }),
            opts(o),
          );
          return toRole(r.Role);
        },
        async updateAssumeRolePolicy(roleName, document, o) {
          await send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: document }), opts(o));
        },
        async listAttachedRolePolicies(roleName, o) {
          const pages = await allPages((Marker) => send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker }), opts(o)));
          return attachedArns(pages);
        },
        async attachRolePolicy(roleName, policyArn, o) {
          await send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }), opts(o));
        },
        async listRolePolicies(roleName, o) {
          const pages = await allPages((Marker) => send(new ListRolePoliciesCommand({ RoleName: roleName, Marker }), opts(o)));
          return pages.flatMap((r) => r.PolicyNames ?? []);
        },
        async getRolePolicy(roleName, policyName, o) {
          const r = await send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }), opts(o));
          return decodeDocument(r.PolicyDocument ?? '');
        },
        async listAttachedUserPolicies(userName, o) {
          try {
            const pages = await allPages((Marker) => send(new ListAttachedUserPoliciesCommand({ UserName: userName, Marker }), opts(o)));
            return attachedArns(pages);
          } catch (e) {
            // Only the user can be missing here; apply reports that instead of failing the whole account.
            if (isNoSuchEntity(e)) return undefined;
            throw e;
          }
        },
        async attachUserPolicy(userName, policyArn, o) {
          await send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }), opts(o));
        },
        async getPolicy(arn, o) {
          try {
            const p = (await send(new GetPolicyCommand({ PolicyArn: arn }), opts(o))).Policy;
            return {
              arn: p?.Arn ?? arn,
              name: p?.PolicyName ?? '',
              defaultVersionId: p?.DefaultVersionId ?? '',
              description: p?.Description,
              tags: fromSdkTags(p?.Tags),
            };
          } catch (e) {
            if (isNoSuchEntity(e)) return undefined;
            throw e;
          }
        },
        async getPolicyVersion(arn, versionId, o) {
          const r = await send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }), opts(o));
          return decodeDocument(r.PolicyVersion?.Document ?? '');
        },
        async listPolicyVersions(arn, o) {
          const pages = await allPages((Marker) => send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker }), opts(o)));
          return pages.flatMap((r) =>
            (r.Versions ?? []).map((v) => ({ versionId: v.VersionId ?? '', isDefault: !!v.IsDefaultVersion, createDate: v.CreateDate })),
          );
        },
        async createPolicy(input, o) {
          const r = await send(
            new CreatePolicyCommand({
              PolicyName: input.name,
              Path: input.path,
              PolicyDocument: input.document,
              Description: input.description,
              Tags: toSdkTags(input.tags),
            }),
            opts(o),
          );
          const p = r.Policy;
          return {
            arn: p?.Arn ?? '',
            name: p?.PolicyName ?? input.name,
            defaultVersionId: p?.DefaultVersionId ?? 'v1',
            description: p?.Description,
            tags: fromSdkTags(p?.Tags),
          };
        },
        async createPolicyVersion(arn, document, setAsDefault, o) {
          const r = await send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: document, SetAsDefault: setAsDefault }), opts(o));
          return r.PolicyVersion?.VersionId ?? '';
        },
        async deletePolicyVersion(arn, versionId, o) {
          await send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }), opts(o));
        },
        async getInstanceProfile(name, o) {
          try {
            const p = (await send(new GetInstanceProfileCommand({ InstanceProfileName: name }), opts(o))).InstanceProfile;
            return { name: p?.InstanceProfileName ?? name, arn: p?.Arn ?? '', roleNames: (p?.Roles ?? []).map((r) => r.RoleName ?? '') };
          } catch (e) {
            if (isNoSuchEntity(e)) return undefined;
            throw e;
          }
        },
        async createInstanceProfile(input, o) {
          const r = await send(new CreateInstanceProfileCommand({ InstanceProfileName: input.name, Path: input.path, Tags: toSdkTags(input.tags) }), opts(o));
          const p = r.InstanceProfile;
          return { name: p?.InstanceProfileName ?? input.name, arn: p?.Arn ?? '', roleNames: (p?.Roles ?? []).map((x) => x.RoleName ?? '') };
        },
        async addRoleToInstanceProfile(profileName, roleName, o) {
          await send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: profileName, RoleName: roleName }), opts(o));
        },
        async tagRole(roleName, tags, o) {
          await send(new TagRoleCommand({ RoleName: roleName, Tags: toSdkTags(tags) }), opts(o));
        },
        async tagPolicy(policyArn, tags, o) {
          await send(new TagPolicyCommand({ PolicyArn: policyArn, Tags: toSdkTags(tags) }), opts(o));
        },
        async simulatePrincipalPolicy(input, o) {
          const pages = await allPages((Marker) =>
            send(
              new SimulatePrincipalPolicyCommand({
                PolicySourceArn: input.policySourceArn,
                ActionNames: input.actionNames,
                ContextEntries: input.contextEntries?.map((c) => ({ ContextKeyName: c.key, ContextKeyValues: c.values, ContextKeyType: c.type })),
                Marker,
              }),
              opts(o),
            ),
          );
          return pages.flatMap((r) => (r.EvaluationResults ?? []).map((e) => ({ action: e.EvalActionName ?? '', decision: e.EvalDecision ?? '' })));
        },
      };
    },
  };

  /**
   * How a profile gets credentials from a credential_process helper, if it does: directly, or as a role profile
   * (role_arn + source_profile, as the AWS CLI's config documents them) whose source profile is a helper. Anything else
   * is left to the SDK's chain.
   */
  async function processPlan(profile: string): Promise<{ helperProfile: string; command: string; role?: Record<string, string | undefined> } | undefined> {
    const { configFile, credentialsFile } = await loadSharedConfigFiles({ ...files, ignoreCache: true });
    const settings = (name: string): Record<string, string | undefined> => ({ ...configFile[name], ...credentialsFile[name] });
    const helperOf = (name: string) => {
      const p = settings(name);
      if (p.role_arn || p.aws_access_key_id || p.sso_session || p.sso_start_url) return undefined;
      return p.credential_process?.trim() || undefined;
    };
    const own = helperOf(profile);
    if (own) return { helperProfile: profile, command: own };
    const p = settings(profile);
    if (!p.role_arn || !p.source_profile || p.credential_source || p.source_profile === profile) return undefined;
    const command = helperOf(p.source_profile);
    return command ? { helperProfile: p.source_profile, command, role: p } : undefined;
  }
}

function isNoSuchEntity(e: unknown): boolean {
  const x = e as { name?: string; Code?: string } | undefined;
  return x?.name === 'NoSuchEntityException' || x?.name === 'NoSuchEntity' || x?.Code === 'NoSuchEntity';
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
function decodeDocument(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function toSdkTags(tags: Tag[]): SdkTag[] | undefined {
  return tags.length ? tags.map((t) => ({ Key: t.key, Value: t.value })) : undefined;
}

function fromSdkTags(tags: SdkTag[] | undefined): Tag[] {
  return (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
}

/**
 * Every page of an IAM list call, following Marker/IsTruncated. (The SDK's paginators would drop
 * the per-call abort signal that `opts` adds.)
 */
async function allPages<R extends { IsTruncated?: boolean; Marker?: string }>(fetch: (marker: string | undefined) => Promise<R>): Promise<R[]> {
  const pages: R[] = [];
  let marker: string | undefined;
  do {
    const r = await fetch(marker);
    pages.push(r);
    marker = r.IsTruncated ? r.Marker : undefined;
  } while (marker);
  return pages;
}

function attachedArns(pages: { AttachedPolicies?: { PolicyArn?: string }[] }[]): string[] {
  return pages.flatMap((r) => (r.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])));
}
