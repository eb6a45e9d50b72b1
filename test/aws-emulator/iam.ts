// IAM actions over the Query protocol: managed policies and versions, roles, attachments, instance profiles, tags, SimulatePrincipalPolicy.
import type { RequestAnalysis } from '@cloud-copilot/iam-simulate';
import { authorize, iamDeniedMessage } from './authorize';
import type { CallContext, Handler } from './context';
import { errors, validationError } from './errors';
import { iamSimulate } from './iam-simulate';
import type { InstanceProfile, ManagedPolicy, Role, Tag } from './model';
import { checkPolicy } from './policy-doc';
import { paginate } from './query';
import { defaultVersion, tagInto, type NamedPolicy, type World } from './world';
import { list, type XmlObject } from './xml';

/** AWS returns policy documents URL-encoded (RFC 3986). */
function encodeDoc(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function required(ctx: CallContext, param: string): string {
  const v = ctx.params.get(param);
  if (v === undefined || v === '') throw validationError(param[0]!.toLowerCase() + param.slice(1), undefined, 'Member must not be null');
  return v;
}

function accountOf(ctx: CallContext): string {
  return ctx.world.principalAccount(ctx.principal);
}

/** IAM calls are authorized like any other: the caller's identity (and session) policies must allow the action on the resource. */
async function allow(ctx: CallContext, action: string, resourceArn: string): Promise<void> {
  const r = await authorize(ctx.world, { principal: ctx.principal, action, resourceArn, resourceAccount: accountOf(ctx), region: ctx.region });
  if (r.decision !== 'Allowed') throw errors.accessDenied(iamDeniedMessage(ctx.world.principalArn(ctx.principal), action, resourceArn, r));
}

function roleArnFor(ctx: CallContext, roleName: string, path = '/'): string {
  const existing = ctx.world.accounts.get(accountOf(ctx))?.roles.get(roleName);
  return existing?.arn ?? `arn:aws:iam::${accountOf(ctx)}:role${path}${roleName}`;
}

function userArnFor(ctx: CallContext, userName: string): string {
  const existing = ctx.world.accounts.get(accountOf(ctx))?.users.get(userName);
  return existing?.arn ?? `arn:aws:iam::${accountOf(ctx)}:user/${userName}`;
}

function profileArnFor(ctx: CallContext, name: string, path = '/'): string {
  const existing = ctx.world.accounts.get(accountOf(ctx))?.instanceProfiles.get(name);
  return existing?.arn ?? `arn:aws:iam::${accountOf(ctx)}:instance-profile${path}${name}`;
}

function readTags(ctx: CallContext): Tag[] {
  return ctx.params.structs('Tags').map((t) => ({ key: String(t.Key ?? ''), value: String(t.Value ?? '') }));
}

function policyXml(world: World, mp: ManagedPolicy): XmlObject {
  return {
    PolicyName: mp.name,
    PolicyId: mp.id,
    Arn: mp.arn,
    Path: mp.path,
    DefaultVersionId: mp.defaultVersionId,
    AttachmentCount: world.attachmentCount(mp),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: mp.description,
    CreateDate: mp.createDate,
    UpdateDate: mp.updateDate,
    // GetPolicy and CreatePolicy return the policy's tags (IAM API reference, Policy data type); omitted when there are none.
    ...(mp.tags.length > 0 ? { Tags: list(mp.tags.map((t) => ({ Key: t.key, Value: t.value }))) } : {}),
  };
}

function roleXml(r: Role, full: boolean): XmlObject {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: r.arn,
    CreateDate: r.createDate,
    AssumeRolePolicyDocument: encodeDoc(r.trustPolicy),
    Description: r.description,
    MaxSessionDuration: r.maxSessionDuration,
    ...(full && r.tags.length > 0 ? { Tags: list(r.tags.map((t) => ({ Key: t.key, Value: t.value }))) } : {}),
    ...(full ? { RoleLastUsed: {} } : {}),
  };
}

function instanceProfileXml(world: World, ip: InstanceProfile): XmlObject {
  return {
    Path: ip.path,
    InstanceProfileName: ip.name,
    InstanceProfileId: ip.id,
    Arn: ip.arn,
    CreateDate: ip.createDate,
    Roles: list(ip.roleNames.map((n) => roleXml(world.role(ip.accountId, n), false))),
  };
}

// ---- managed policies ----------------------------------------------------

const createPolicy: Handler = async (ctx) => {
  const name = required(ctx, 'PolicyName');
  const doc = required(ctx, 'PolicyDocument');
  const path = ctx.params.get('Path') ?? '/';
  await allow(ctx, 'iam:CreatePolicy', `arn:aws:iam::${accountOf(ctx)}:policy${path}${name}`);
  // Tags on create need iam:TagPolicy too, as for CreateRole and iam:TagRole.
  const tags = readTags(ctx);
  if (tags.length > 0) await allow(ctx, 'iam:TagPolicy', `arn:aws:iam::${accountOf(ctx)}:policy${path}${name}`);
  const mp = ctx.world.createPolicy(accountOf(ctx), name, doc, { path, description: ctx.params.get('Description'), tags });
  return { Policy: policyXml(ctx.world, mp) };
};

const getPolicy: Handler = async (ctx) => {
  const arn = required(ctx, 'PolicyArn');
  await allow(ctx, 'iam:GetPolicy', arn);
  return { Policy: policyXml(ctx.world, ctx.world.policy(arn)) };
};

const getPolicyVersion: Handler = async (ctx) => {
  const arn = required(ctx, 'PolicyArn');
  const versionId = required(ctx, 'VersionId');
  await allow(ctx, 'iam:GetPolicyVersion', arn);
  const { mp, v } = ctx.world.policyVersion(arn, versionId);
  return {
    PolicyVersion: { Document: encodeDoc(v.document), VersionId: v.versionId, IsDefaultVersion: v.versionId === mp.defaultVersionId, CreateDate: v.createDate },
  };
};

const listPolicyVersions: Handler = async (ctx) => {
  const arn = required(ctx, 'PolicyArn');
  await allow(ctx, 'iam:ListPolicyVersions', arn);
  const mp = ctx.world.policy(arn);
  const newestFirst = [...mp.versions].reverse();
  const { page, isTruncated, marker } = paginate(newestFirst, ctx.params);
  return {
    Versions: list(page.map((v) => ({ VersionId: v.versionId, IsDefaultVersion: v.versionId === mp.defaultVersionId, CreateDate: v.createDate }))),
    IsTruncated: isTruncated,
    Marker: marker,
  };
};

const createPolicyVersion: Handler = async (ctx) => {
  const arn = required(ctx, 'PolicyArn');
  const doc = required(ctx, 'PolicyDocument');
  await allow(ctx, 'iam:CreatePolicyVersion', arn);
  const setAsDefault = ctx.params.bool('SetAsDefault') ?? false;
  const v = ctx.world.createPolicyVersion(arn, doc, setAsDefault);
  return { PolicyVersion: { VersionId: v.versionId, IsDefaultVersion: setAsDefault, CreateDate: v.createDate } };
};

const deletePolicyVersion: Handler = async (ctx) => {
  const arn = required(ctx, 'PolicyArn');
  const versionId = required(ctx, 'VersionId');
  await allow(ctx, 'iam:DeletePolicyVersion', arn);
  ctx.world.deletePolicyVersion(arn, versionId);
  return undefined;
};

const setDefaultPolicyVersion: Handler = async (ctx) => {
  const arn = required(ctx, 'PolicyArn');
  const versionId = required(ctx, 'VersionId');
  await allow(ctx, 'iam:SetDefaultPolicyVersion', arn);
  ctx.world.setDefaultPolicyVersion(arn, versionId);
  return undefined;
};

const listPolicies: Handler = async (ctx) => {
  await allow(ctx, 'iam:ListPolicies', '*');
  const scope = ctx.params.get('Scope') ?? 'All';
  if (!['All', 'AWS', 'Local'].includes(scope)) throw validationError('scope', scope, 'Member must satisfy enum value set: [All, AWS, Local]');
  const onlyAttached = ctx.params.bool('OnlyAttached') ?? false;
  const prefix = ctx.params.get('PathPrefix') ?? '/';
  // The emulator has no AWS managed policies: Scope=AWS is empty.
  const all = scope === 'AWS' ? [] : [...(ctx.world.accounts.get(accountOf(ctx))?.policies.values() ?? [])];
  const items = all.filter((p) => p.path.startsWith(prefix) && (!onlyAttached || ctx.world.attachmentCount(p) > 0));
  const { page, isTruncated, marker } = paginate(items, ctx.params);
  return { Policies: list(page.map((p) => policyXml(ctx.world, p))), IsTruncated: isTruncated, Marker: marker };
};

const deletePolicy: Handler = async (ctx) => {
  const arn = required(ctx, 'PolicyArn');
  await allow(ctx, 'iam:DeletePolicy', arn);
  const mp = ctx.world.policy(arn);
  if (ctx.world.attachmentCount(mp) > 0) throw errors.deleteConflict('Cannot delete a policy attached to entities.');
  if (mp.versions.length > 1)
    throw errors.deleteConflict(
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
  ctx.world.accounts.get(mp.accountId)!.policies.delete(arn);
  return undefined;
};

// TagPolicy / UntagPolicy / ListPolicyTags (IAM API reference): tags of a customer managed policy, listed sorted by key.
const tagPolicy: Handler = async (ctx) => {
  const arn = required(ctx, 'PolicyArn');
  await allow(ctx, 'iam:TagPolicy', arn);
  tagInto(ctx.world.policy(arn).tags, readTags(ctx));
  return undefined;
};

const untagPolicy: Handler = async (ctx) => {
  const arn = required(ctx, 'PolicyArn');
  await allow(ctx, 'iam:UntagPolicy', arn);
  const mp = ctx.world.policy(arn);
  const keys = new Set(ctx.params.list('TagKeys'));
  mp.tags = mp.tags.filter((t) => !keys.has(t.key));
  return undefined;
};

const listPolicyTags: Handler = async (ctx) => {
  const arn = required(ctx, 'PolicyArn');
  await allow(ctx, 'iam:ListPolicyTags', arn);
  const sorted = [...ctx.world.policy(arn).tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const { page, isTruncated, marker } = paginate(sorted, ctx.params);
  return { Tags: list(page.map((t) => ({ Key: t.key, Value: t.value }))), IsTruncated: isTruncated, Marker: marker };
};

// ---- roles ---------------------------------------------------------------

const createRole: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  const trust = required(ctx, 'AssumeRolePolicyDocument');
  const path = ctx.params.get('Path') ?? '/';
  await allow(ctx, 'iam:CreateRole', `arn:aws:iam::${accountOf(ctx)}:role${path}${name}`);
  const tags = readTags(ctx);
  if (tags.length > 0) await allow(ctx, 'iam:TagRole', `arn:aws:iam::${accountOf(ctx)}:role${path}${name}`);
  const r = ctx.world.createRole(accountOf(ctx), name, trust, {
    path,
    description: ctx.params.get('Description'),
    maxSessionDuration: ctx.params.int('MaxSessionDuration'),
    tags,
  });
  return { Role: roleXml(r, true) };
};

const getRole: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  await allow(ctx, 'iam:GetRole', roleArnFor(ctx, name));
  return { Role: roleXml(ctx.world.role(accountOf(ctx), name), true) };
};

const updateAssumeRolePolicy: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  const doc = required(ctx, 'PolicyDocument');
  await allow(ctx, 'iam:UpdateAssumeRolePolicy', roleArnFor(ctx, name));
  ctx.world.updateAssumeRolePolicy(accountOf(ctx), name, doc);
  return undefined;
};

const updateRole: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  await allow(ctx, 'iam:UpdateRole', roleArnFor(ctx, name));
  const r = ctx.world.role(accountOf(ctx), name);
  const max = ctx.params.int('MaxSessionDuration');
  if (max !== undefined) {
    if (max < 3600) throw validationError('maxSessionDuration', max, 'Member must have value greater than or equal to 3600');
    if (max > 43200) throw validationError('maxSessionDuration', max, 'Member must have value less than or equal to 43200');
    r.maxSessionDuration = max;
  }
  const d = ctx.params.get('Description');
  if (d !== undefined) r.description = d;
  return {};
};

const attachRolePolicy: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  const arn = required(ctx, 'PolicyArn');
  await allow(ctx, 'iam:AttachRolePolicy', roleArnFor(ctx, name));
  ctx.world.attachPolicy(ctx.world.role(accountOf(ctx), name), arn);
  return undefined;
};

const detachRolePolicy: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  const arn = required(ctx, 'PolicyArn');
  await allow(ctx, 'iam:DetachRolePolicy', roleArnFor(ctx, name));
  ctx.world.detachPolicy(ctx.world.role(accountOf(ctx), name), arn);
  return undefined;
};

const listAttachedRolePolicies: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  await allow(ctx, 'iam:ListAttachedRolePolicies', roleArnFor(ctx, name));
  const r = ctx.world.role(accountOf(ctx), name);
  const { page, isTruncated, marker } = paginate(r.attachedPolicies, ctx.params);
  return {
    AttachedPolicies: list(page.map((arn) => ({ PolicyName: ctx.world.policyByArn(arn)?.name ?? arn.split('/').pop()!, PolicyArn: arn }))),
    IsTruncated: isTruncated,
    Marker: marker,
  };
};

const putRolePolicy: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  const policyName = required(ctx, 'PolicyName');
  const doc = required(ctx, 'PolicyDocument');
  await allow(ctx, 'iam:PutRolePolicy', roleArnFor(ctx, name));
  ctx.world.putRolePolicy(accountOf(ctx), name, policyName, doc);
  return undefined;
};

const getRolePolicy: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  const policyName = required(ctx, 'PolicyName');
  await allow(ctx, 'iam:GetRolePolicy', roleArnFor(ctx, name));
  const text = ctx.world.role(accountOf(ctx), name).inlinePolicies.get(policyName);
  if (text === undefined) throw errors.noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
  return { RoleName: name, PolicyName: policyName, PolicyDocument: encodeDoc(text) };
};

const listRolePolicies: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  await allow(ctx, 'iam:ListRolePolicies', roleArnFor(ctx, name));
  const names = [...ctx.world.role(accountOf(ctx), name).inlinePolicies.keys()];
  const { page, isTruncated, marker } = paginate(names, ctx.params);
  return { PolicyNames: list(page), IsTruncated: isTruncated, Marker: marker };
};

const tagRole: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  await allow(ctx, 'iam:TagRole', roleArnFor(ctx, name));
  tagInto(ctx.world.role(accountOf(ctx), name).tags, readTags(ctx));
  return undefined;
};

const untagRole: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  await allow(ctx, 'iam:UntagRole', roleArnFor(ctx, name));
  const r = ctx.world.role(accountOf(ctx), name);
  const keys = new Set(ctx.params.list('TagKeys'));
  r.tags = r.tags.filter((t) => !keys.has(t.key));
  return undefined;
};

const listRoleTags: Handler = async (ctx) => {
  const name = required(ctx, 'RoleName');
  await allow(ctx, 'iam:ListRoleTags', roleArnFor(ctx, name));
  const { page, isTruncated, marker } = paginate(ctx.world.role(accountOf(ctx), name).tags, ctx.params);
  return { Tags: list(page.map((t) => ({ Key: t.key, Value: t.value }))), IsTruncated: isTruncated, Marker: marker };
};

// ---- instance profiles ---------------------------------------------------

const createInstanceProfile: Handler = async (ctx) => {
  const name = required(ctx, 'InstanceProfileName');
  const path = ctx.params.get('Path') ?? '/';
  await allow(ctx, 'iam:CreateInstanceProfile', `arn:aws:iam::${accountOf(ctx)}:instance-profile${path}${name}`);
  const ip = ctx.world.createInstanceProfile(accountOf(ctx), name, path);
  return { InstanceProfile: instanceProfileXml(ctx.world, ip) };
};

const getInstanceProfile: Handler = async (ctx) => {
  const name = required(ctx, 'InstanceProfileName');
  await allow(ctx, 'iam:GetInstanceProfile', profileArnFor(ctx, name));
  return { InstanceProfile: instanceProfileXml(ctx.world, ctx.world.instanceProfile(accountOf(ctx), name)) };
};

const addRoleToInstanceProfile: Handler = async (ctx) => {
  const name = required(ctx, 'InstanceProfileName');
  const roleName = required(ctx, 'RoleName');
  await allow(ctx, 'iam:AddRoleToInstanceProfile', profileArnFor(ctx, name));
  // AWS also requires iam:PassRole on the role: the profile hands the role to EC2.
  await allow(ctx, 'iam:PassRole', roleArnFor(ctx, roleName));
  ctx.world.addRoleToInstanceProfile(accountOf(ctx), name, roleName);
  return undefined;
};

const listInstanceProfilesForRole: Handler = async (ctx) => {
  const roleName = required(ctx, 'RoleName');
  await allow(ctx, 'iam:ListInstanceProfilesForRole', roleArnFor(ctx, roleName));
  ctx.world.role(accountOf(ctx), roleName);
  const profiles = [...(ctx.world.accounts.get(accountOf(ctx))?.instanceProfiles.values() ?? [])].filter((ip) => ip.roleNames.includes(roleName));
  const { page, isTruncated, marker } = paginate(profiles, ctx.params);
  return { InstanceProfiles: list(page.map((ip) => instanceProfileXml(ctx.world, ip))), IsTruncated: isTruncated, Marker: marker };
};

// ---- users (read side and managed-policy attachments; users and keys are created through the emulator API) ----

const getUser: Handler = async (ctx) => {
  const name = ctx.params.get('UserName') ?? (ctx.principal.kind === 'user' ? ctx.principal.userName : undefined);
  if (!name) throw validationError('userName', undefined, 'Member must not be null');
  const u = ctx.world.user(accountOf(ctx), name);
  await allow(ctx, 'iam:GetUser', u.arn);
  return { User: { Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: u.createDate } };
};

// Authorized before the lookup, like AWS: a caller without the permission gets AccessDenied even for a missing user.
const attachUserPolicy: Handler = async (ctx) => {
  const name = required(ctx, 'UserName');
  const arn = required(ctx, 'PolicyArn');
  await allow(ctx, 'iam:AttachUserPolicy', userArnFor(ctx, name));
  ctx.world.attachPolicy(ctx.world.user(accountOf(ctx), name), arn);
  return undefined;
};

const listAttachedUserPolicies: Handler = async (ctx) => {
  const name = required(ctx, 'UserName');
  await allow(ctx, 'iam:ListAttachedUserPolicies', userArnFor(ctx, name));
  const u = ctx.world.user(accountOf(ctx), name);
  const { page, isTruncated, marker } = paginate(u.attachedPolicies, ctx.params);
  return {
    AttachedPolicies: list(page.map((arn) => ({ PolicyName: ctx.world.policyByArn(arn)?.name ?? arn.split('/').pop()!, PolicyArn: arn }))),
    IsTruncated: isTruncated,
    Marker: marker,
  };
};

// ---- SimulatePrincipalPolicy ---------------------------------------------

const simulatePrincipalPolicy: Handler = async (ctx) => {
  const source = required(ctx, 'PolicySourceArn');
  const actions = ctx.params.list('ActionNames');
  if (actions.length === 0) throw validationError('actionNames', undefined, 'Member must not be null');
  await allow(ctx, 'iam:SimulatePrincipalPolicy', source);
  const policies = sourcePolicies(ctx.world, source);
  ctx.params.list('PolicyInputList').forEach((text, i) => {
    checkPolicy(text, 'identity');
    policies.push({ name: `PolicyInputList.${i + 1}`, text });
  });
  const resourcePolicyText = ctx.params.get('ResourcePolicy');
  if (resourcePolicyText !== undefined) checkPolicy(resourcePolicyText, 'trust');
  const context: Record<string, string | string[]> = {};
  for (const e of ctx.params.structs('ContextEntries')) {
    const key = String(e.ContextKeyName ?? '');
    const values = Array.isArray(e.ContextKeyValues) ? e.ContextKeyValues.map(String) : [];
    const type = String(e.ContextKeyType ?? 'string');
    if (key) context[key] = type.endsWith('List') ? values : (values[0] ?? '');
  }
  const resources = ctx.params.list('ResourceArns');
  const sourceAccount = /^arn:aws:iam::(\d{12}):/.exec(source)![1]!;
  const results: XmlObject[] = [];
  for (const action of actions) {
    for (const resource of resources.length > 0 ? resources : ['*']) {
      const sim = await iamSimulate().runSimulation(
        {
          request: {
            principal: source,
            action,
            resource: { resource, accountId: ctx.params.get('ResourceOwner')?.split(':')[4] || sourceAccount },
            contextVariables: context,
          },
          identityPolicies: policies.map((p) => ({ name: p.name, policy: JSON.parse(p.text) })),
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          ...(resourcePolicyText ? { resourcePolicy: JSON.parse(resourcePolicyText) } : {}),
        },
        {},
      );
      if (sim.resultType === 'error') throw errors.invalidInput(`Invalid action or resource: ${action} on ${resource}. ${sim.errors.message}`);
      const analyses: RequestAnalysis[] = sim.resultType === 'single' ? [sim.result.analysis] : sim.results.map((r) => r.analysis);
      const decision = sim.overallResult === 'Allowed' ? 'allowed' : sim.overallResult === 'ExplicitlyDenied' ? 'explicitDeny' : 'implicitDeny';
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decision,
        MatchedStatements: list(matchedStatements(analyses, decision)),
        MissingContextValues: list(missingContextKeys(policies, action, context)),
        EvalDecisionDetails: undefined,
      });
    }
  }
  const { page, isTruncated, marker } = paginate(results, ctx.params);
  return { EvaluationResults: list(page), IsTruncated: isTruncated, Marker: marker };
};

/** The policies SimulatePrincipalPolicy evaluates for a user or role ARN. */
function sourcePolicies(world: World, arn: string): NamedPolicy[] {
  const m = /^arn:aws:iam::(\d{12}):(user|role)\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  if (!m) throw errors.invalidInput(`Invalid ARN ${arn}: SimulatePrincipalPolicy takes the ARN of a user, group or role.`);
  const [, account, kind, name] = m;
  const holder = kind === 'user' ? world.user(account!, name!) : world.role(account!, name!);
  const out: NamedPolicy[] = [...holder.inlinePolicies].map(([n, text]) => ({ name: n, text }));
  for (const pa of holder.attachedPolicies) {
    const mp = world.policyByArn(pa);
    if (mp) out.push({ name: mp.name, text: defaultVersion(mp).document });
  }
  return out;
}

function matchedStatements(analyses: RequestAnalysis[], decision: string): XmlObject[] {
  const out: XmlObject[] = [];
  const seen = new Set<string>();
  for (const a of analyses) {
    const ia = a.identityAnalysis;
    if (!ia) continue;
    const statements = decision === 'explicitDeny' ? ia.denyStatements : decision === 'allowed' ? ia.allowStatements : [];
    for (const s of statements) {
      const id = `${s.policyId}#${s.statement.index()}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ SourcePolicyId: s.policyId, SourcePolicyType: 'IAM Policy' });
    }
  }
  return out;
}

/** Condition keys that statements applying to the action test but the request did not supply (read from the documents, since iam-simulate reports no analysis for unmatched wildcard resources). */
function missingContextKeys(policies: NamedPolicy[], action: string, context: Record<string, unknown>): string[] {
  const have = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const missing = new Set<string>();
  const glob = (pattern: string) =>
    new RegExp(
      '^' +
        pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.') +
        '$',
      'i',
    );
  const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
  for (const p of policies) {
    const doc = JSON.parse(p.text) as { Statement?: unknown };
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    for (const st of statements as Record<string, unknown>[]) {
      if (!st || typeof st !== 'object' || !st.Condition) continue;
      const applies = st.Action !== undefined ? asList(st.Action).some((a) => glob(a).test(action)) : !asList(st.NotAction).some((a) => glob(a).test(action));
      if (!applies) continue;
      for (const byKey of Object.values(st.Condition as Record<string, Record<string, unknown>>)) {
        for (const key of Object.keys(byKey ?? {})) if (!have.has(key.toLowerCase())) missing.add(key);
      }
    }
  }
  return [...missing];
}

export const IAM_ACTIONS: Record<string, Handler> = {
  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  GetPolicyVersion: getPolicyVersion,
  ListPolicyVersions: listPolicyVersions,
  CreatePolicyVersion: createPolicyVersion,
  DeletePolicyVersion: deletePolicyVersion,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
  ListPolicies: listPolicies,
  DeletePolicy: deletePolicy,
  TagPolicy: tagPolicy,
  UntagPolicy: untagPolicy,
  ListPolicyTags: listPolicyTags,
  CreateRole: createRole,
  GetRole: getRole,
  UpdateRole: updateRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  ListRolePolicies: listRolePolicies,
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
  CreateInstanceProfile: createInstanceProfile,
  GetInstanceProfile: getInstanceProfile,
  AddRoleToInstanceProfile: addRoleToInstanceProfile,
  ListInstanceProfilesForRole: listInstanceProfilesForRole,
  GetUser: getUser,
  AttachUserPolicy: attachUserPolicy,
  ListAttachedUserPolicies: listAttachedUserPolicies,
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
};
