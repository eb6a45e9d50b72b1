// Apply, phase 2: reads IAM for everything the local files describe and compares (read-only), noting who owns each resource.
import { parsePolicy, pretty, samePolicy, type Json } from '../policy-compare';
import type { IamApi, Tag } from '../types';
import type { LocalAccount } from './local';
import { isManaged } from './ownership';

export type DriftStatus = 'in-sync' | 'missing' | 'differs';

export interface DriftItem {
  account: string;
  /** `inline-policy`: a policy embedded in the role that no local file describes (apply never removes it). */
  resource: 'policy' | 'trust' | 'attachment' | 'instance-profile' | 'inline-policy';
  /** Policy or role name. */
  name: string;
  arn: string;
  status: DriftStatus;
  detail: string;
  file?: string;
  /** Canonical pretty JSON of each side, for a diff editor (absent when the side does not exist). */
  live?: string;
  local?: string;
}

export interface LiveFacts {
  /** `managed`: the policy carries our tag (see ownership.ts); an existing one without it is foreign. */
  policies: Map<
    string,
    { exists: boolean; managed: boolean; defaultVersionId?: string; same?: boolean; versions?: { versionId: string; isDefault: boolean; createDate?: Date }[] }
  >;
  role?: { exists: boolean; managed: boolean; sameTrust?: boolean; attached: string[]; tags: Tag[]; inline?: string[] };
  instanceProfile?: { exists: boolean; roleNames: string[] };
  user?: { exists: boolean; attached: string[] };
}

export interface DriftReport {
  account: string;
  items: DriftItem[];
  facts: LiveFacts;
}

/** Reads IAM for everything the local files describe and compares. Read-only. */
export async function checkDrift(local: LocalAccount, iam: IamApi, signal?: AbortSignal): Promise<DriftReport> {
  const o = { signal };
  const items: DriftItem[] = [];
  const facts: LiveFacts = { policies: new Map() };
  for (const p of local.policies) {
    const live = await iam.getPolicy(p.arn, o);
    if (!live) {
      facts.policies.set(p.arn, { exists: false, managed: false });
      items.push({
        account: local.name,
        resource: 'policy',
        name: p.name,
        arn: p.arn,
        status: 'missing',
        detail: `Managed policy ${p.name} does not exist.`,
        file: p.file,
        local: pretty(p.document),
      });
      continue;
    }
    const text = await iam.getPolicyVersion(p.arn, live.defaultVersionId, o);
    const liveDoc = safeParse(text);
    const same = liveDoc !== undefined && samePolicy(liveDoc, p.document);
    const fact: LiveFacts['policies'] extends Map<string, infer V> ? V : never = {
      exists: true,
      managed: isManaged(live.tags, live.description),
      defaultVersionId: live.defaultVersionId,
      same,
    };
    if (!same) fact.versions = await iam.listPolicyVersions(p.arn, o);
    facts.policies.set(p.arn, fact);
    items.push({
      account: local.name,
      resource: 'policy',
      name: p.name,
      arn: p.arn,
      status: same ? 'in-sync' : 'differs',
      detail: same ? `Managed policy ${p.name} matches ${p.file}.` : `The default version (${live.defaultVersionId}) of ${p.name} differs from ${p.file}.`,
      file: p.file,
      live: liveDoc === undefined ? text : pretty(liveDoc),
      local: pretty(p.document),
    });
  }
  if (local.role) {
    const r = local.role;
    const live = await iam.getRole(r.name, o);
    if (!live) {
      facts.role = { exists: false, managed: false, attached: [], tags: [] };
      items.push({
        account: local.name,
        resource: 'trust',
        name: r.name,
        arn: r.arn,
        status: 'missing',
        detail: `Role ${r.name} does not exist.`,
        file: r.trust?.file,
        local: r.trust ? pretty(r.trust.document) : undefined,
      });
      for (const p of local.policies)
        items.push({
          account: local.name,
          resource: 'attachment',
          name: `${r.name} ← ${p.name}`,
          arn: p.arn,
          status: 'missing',
          detail: `${p.name} is not attached to ${r.name} (the role does not exist).`,
        });
    } else {
      const liveDoc = safeParse(live.trustPolicy);
      const sameTrust = r.trust ? liveDoc !== undefined && samePolicy(liveDoc, r.trust.document) : undefined;
      const attached = await iam.listAttachedRolePolicies(r.name, o);
      facts.role = { exists: true, managed: isManaged(live.tags), sameTrust, attached, tags: live.tags };
      if (r.trust) {
        items.push({
          account: local.name,
          resource: 'trust',
          name: r.name,
          arn: r.arn,
          status: sameTrust ? 'in-sync' : 'differs',
          detail: sameTrust ? `The trust policy of ${r.name} matches ${r.trust.file}.` : `The trust policy of ${r.name} differs from ${r.trust.file}.`,
          file: r.trust.file,
          live: liveDoc === undefined ? live.trustPolicy : pretty(liveDoc),
          local: pretty(r.trust.document),
        });
      }
      for (const p of local.policies) {
        const ok = attached.includes(p.arn);
        items.push({
          account: local.name,
          resource: 'attachment',
          name: `${r.name} ← ${p.name}`,
          arn: p.arn,
          status: ok ? 'in-sync' : 'missing',
          detail: ok ? `${p.name} is attached to ${r.name}.` : `${p.name} is not attached to ${r.name}.`,
        });
      }
      // The local files describe managed policies only: an inline policy was added by hand and grants permissions they do not show.
      const inline = await iam.listRolePolicies(r.name, o);
      facts.role.inline = inline;
      for (const name of inline) {
        const text = await iam.getRolePolicy(r.name, name, o);
        const doc = safeParse(text);
        items.push({
          account: local.name,
          resource: 'inline-policy',
          name: `${r.name} / ${name}`,
          arn: r.arn,
          status: 'differs',
          detail: `Role ${r.name} has an inline policy ${name} that no local file describes: move it into a policy file, or remove it with \`aws iam delete-role-policy --role-name ${r.name} --policy-name ${name}\`.`,
          live: doc === undefined ? text : pretty(doc),
        });
      }
    }
  }
  if (local.instanceProfile) {
    const ip = await iam.getInstanceProfile(local.instanceProfile.name, o);
    facts.instanceProfile = { exists: !!ip, roleNames: ip?.roleNames ?? [] };
    const hasRole = !!ip && ip.roleNames.includes(local.role!.name);
    items.push({
      account: local.name,
      resource: 'instance-profile',
      name: local.instanceProfile.name,
      arn: local.instanceProfile.arn,
      status: hasRole ? 'in-sync' : 'missing',
      detail: !ip
        ? `Instance profile ${local.instanceProfile.name} does not exist.`
        : hasRole
          ? `Instance profile ${ip.name} holds role ${local.role!.name}.`
          : `Instance profile ${ip.name} does not hold role ${local.role!.name}.`,
    });
  }
  if (local.user) {
    const u = local.user;
    const attached = await iam.listAttachedUserPolicies(u.name, o);
    facts.user = { exists: attached !== undefined, attached: attached ?? [] };
    if (attached === undefined) {
      // Creating users (and their access keys) is left to the account owner: this extension never makes long-term credentials.
      items.push({
        account: local.name,
        resource: 'attachment',
        name: u.name,
        arn: u.arn,
        status: 'missing',
        detail: `IAM user ${u.name} (from \`hypervisor.userArn\`) does not exist: create the user and its access key first (this extension never creates IAM users or keys), then apply again to attach its permissions policies.`,
      });
    } else {
      for (const p of local.policies) {
        const ok = attached.includes(p.arn);
        items.push({
          account: local.name,
          resource: 'attachment',
          name: `${u.name} ← ${p.name}`,
          arn: p.arn,
          status: ok ? 'in-sync' : 'missing',
          detail: ok ? `${p.name} is attached to user ${u.name}.` : `${p.name} is not attached to user ${u.name}.`,
        });
      }
    }
  }
  return { account: local.name, items, facts };
}

function safeParse(text: string): Json | undefined {
  try {
    return parsePolicy(text, 'live document');
  } catch {
    return undefined;
  }
}
