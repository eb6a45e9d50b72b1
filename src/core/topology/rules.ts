// The vendor's cross-account rules (seeds 000–003) checked on the accounts file, each finding on the offending property or value.
import type { JSONPath } from 'jsonc-parser';
import type { Finding, OffsetRange, Severity } from '../findings';
import type { RuleCode } from '../rules';
import { accessNodesOf, entries, hypervisorOf, items, label, nodeRegion, str, usesAdminResources, type Entry } from './entries';
import { rangeAt, type LoadedAccounts } from './load';
import { arnAccount } from '../iam/arn';
import { isAdminOf, type AdminAccount, type TenantAccount } from './model';

/** The rule checks that need only the file itself (everything but `missing-policy-file`). */
export function checkRules(loaded: LoadedAccounts): Finding[] {
  const out: Finding[] = [];
  const at = (path: JSONPath, key = false): OffsetRange => rangeAt(loaded.root, path, key);
  const add = (code: RuleCode, severity: Severity, range: OffsetRange, message: string, data?: Record<string, unknown>) =>
    out.push({ code, severity, range, message, ...(data ? { data } : {}) });
  const { admins, tenants } = entries(loaded);
  const all: Entry<AdminAccount | TenantAccount>[] = [...admins, ...tenants];

  // account-id-format (only for strings: other types are the schema's `invalid-value`)
  for (const e of all) {
    const id = e.value.accountId as unknown;
    if (typeof id !== 'string' || /^\d{12}$/.test(id)) continue;
    const digits = id.replace(/\D/g, '');
    const fix = digits.length === 12 ? `write it as \`${digits}\`` : "copy it from the AWS console's account menu";
    add(
      'account-id-format',
      'error',
      at([...e.path, 'accountId']),
      `Account id \`${id}\` of ${label(e.kind, e.value, e.index)} is not 12 digits: AWS account ids are exactly 12 digits; ${fix}.`,
    );
  }

  // duplicate-account: later entries are the duplicates of the first one.
  for (const field of ['accountId', 'name'] as const) {
    const first = new Map<string, Entry<AdminAccount | TenantAccount>>();
    for (const e of all) {
      const v = str(e.value[field]);
      if (!v) continue;
      const prev = first.get(v);
      if (!prev) {
        first.set(v, e);
        continue;
      }
      const what = field === 'accountId' ? `Account id \`${v}\`` : `Name \`${v}\``;
      const why =
        field === 'accountId'
          ? 'each AWS account appears once; merge the two entries or fix the id'
          : 'names must be unique because tenants refer to admins, and results to tenants, by name; rename one of them';
      add(
        'duplicate-account',
        'error',
        at([...e.path, field]),
        `${what} of ${label(e.kind, e.value, e.index)} is already used by ${label(prev.kind, prev.value, prev.index)}: ${why}.`,
        { field, first: prev.path },
      );
    }
  }

  // role-arn-account-mismatch
  for (const e of all) {
    const hv = hypervisorOf(e.value);
    const arn = str(hv.roleArn);
    const id = str(e.value.accountId);
    const arnId = arn ? arnAccount(arn) : undefined;
    if (!arnId || !id || arnId === id) continue;
    add(
      'role-arn-account-mismatch',
      'error',
      at([...e.path, 'hypervisor', 'roleArn']),
      `Role ARN is in account ${arnId} but ${label(e.kind, e.value, e.index)} has account id ${id}: the hypervisor's role must be in the account it belongs to; fix the ARN or the account id.`,
    );
  }

  // unknown-admin
  const adminNames = admins.map((a) => str(a.value.name)).filter((n): n is string => !!n);
  for (const t of tenants) {
    const name = str(t.value.admin);
    if (!name || adminNames.includes(name)) continue;
    const near = adminNames.find((n) => n.toLowerCase() === name.toLowerCase());
    const choice = near
      ? `did you mean \`${near}\`?`
      : adminNames.length
        ? `use one of ${adminNames.map((n) => `\`${n}\``).join(', ')}, or add the admin to \`admins\``
        : 'add the admin account to `admins`';
    add(
      'unknown-admin',
      'error',
      at([...t.path, 'admin']),
      `${cap(label('tenant', t.value, t.index))} names admin \`${name}\`, but no admin entry has that name: ${choice}.`,
    );
  }

  for (const a of admins) {
    const hv = hypervisorOf(a.value);
    const hvPath = [...a.path, 'hypervisor'];
    const hvName = str(hv.name) ? `\`${hv.name}\`` : `of ${label('admin', a.value, a.index)}`;
    const nodes = accessNodesOf(hv);

    if (hv.useAdminAccountResources === true) {
      add(
        'admin-uses-admin-resources',
        'error',
        at([...hvPath, 'useAdminAccountResources']),
        `The admin hypervisor ${hvName} has *Use admin account resources* on: only tenant hypervisors use an admin's resources (the admin owns them); set it to \`false\`.`,
      );
    }
    if (hv.authentication === 'iamRole' && !nodes.some((n) => str(n.item.instanceId))) {
      add(
        'iam-role-needs-ec2-access-node',
        'error',
        at([...hvPath, 'authentication']),
        `The admin hypervisor ${hvName} authenticates with \`iamRole\` but lists no access node with an \`instanceId\`: IAM role authentication needs an access node running in EC2 with the role's instance profile; add the node's \`instanceId\` under \`accessNodes\`, or use \`stsAssumeRole\` or \`accessKey\`.`,
      );
    }
    if (hv.createdAutomatically === true && nodes.length === 0) {
      add(
        'automatic-service-hypervisor-no-access-nodes',
        'warning',
        at([...hvPath, 'createdAutomatically']),
        `The admin hypervisor ${hvName} was created automatically and lists no access nodes: a service hypervisor created with the Automatic option needs its access nodes added at the instance level before tenants can use it; add them in the CommCell and list them under \`accessNodes\`.`,
      );
    }
  }

  for (const t of tenants) {
    const hv = hypervisorOf(t.value);
    const hvPath = [...t.path, 'hypervisor'];
    const who = label('tenant', t.value, t.index);
    const viaAdmin = usesAdminResources('tenant', hv);
    const admin = admins.find((a) => isAdminOf(a.value, t.value));

    if (hv.authentication === 'iamRole') {
      add(
        'tenant-auth-method',
        'error',
        at([...hvPath, 'authentication']),
        `${cap(who)} authenticates with \`iamRole\`: a tenant cannot use an IAM instance role (the access nodes run in the admin account); use \`stsAssumeRole\` (or \`accessKey\`).`,
      );
    }

    if (viaAdmin && admin) {
      const adminLabel = label('admin', admin.value, admin.index);
      const nodes = accessNodesOf(hypervisorOf(admin.value)).map((n) => n.item);
      const regions = new Set(nodes.map(nodeRegion).filter((r): r is string => !!r));
      const zones = new Set(nodes.map((n) => str(n.availabilityZone)).filter((z): z is string => !!z));
      for (const g of items<Record<string, unknown>>(t.value.vmGroups)) {
        for (const r of items(g.item?.regions)) {
          if (typeof r.item !== 'string' || regions.has(r.item)) continue;
          const group = typeof g.item?.name === 'string' ? `VM group \`${g.item.name}\`` : `VM group #${g.index + 1}`;
          add(
            'backup-region-mismatch',
            'error',
            at([...t.path, 'vmGroups', g.index, 'regions', r.index]),
            `${cap(adminLabel)} has no access node in region \`${r.item}\`: backups need an access node in the same region as the instances; add an access node in \`${r.item}\` to ${adminLabel} or remove the region from ${group} of ${who}.`,
          );
        }
      }
      for (const r of items<Record<string, unknown>>(t.value.restores)) {
        const az = r.item?.availabilityZone;
        if (typeof az !== 'string' || zones.has(az)) continue;
        const sameRegion = [...zones].filter((z) => z.replace(/[a-z]$/, '') === az.replace(/[a-z]$/, ''));
        const alt = sameRegion.length ? `, or restore to ${sameRegion.map((z) => `\`${z}\``).join(' or ')}` : '';
        add(
          'restore-az-mismatch',
          'error',
          at([...t.path, 'restores', r.index, 'availabilityZone']),
          `${cap(adminLabel)} has no access node in availability zone \`${az}\`: restores need an access node in the same availability zone; add an access node in \`${az}\` to ${adminLabel}${alt}.`,
        );
      }
    }

    if (viaAdmin) {
      for (const r of items<Record<string, unknown>>(t.value.replications)) {
        const transport = r.item?.transport;
        if (transport !== 'hotAdd' && transport !== 'importExport') continue;
        const name = transport === 'hotAdd' ? 'HotAdd' : 'VM Import/Export';
        add(
          'cross-account-replication',
          'error',
          at([...t.path, 'replications', r.index, 'transport']),
          `Replication with the ${name} transport cannot use resources of another account, and ${who} uses the admin account's resources: replicate through a hypervisor and access node in the tenant account (\`useAdminAccountResources\`: \`false\`).`,
        );
      }
      for (const c of items<Record<string, unknown>>(t.value.conversions)) {
        if (c.item?.transport !== 'hotAdd') continue;
        add(
          'cross-account-conversion',
          'error',
          at([...t.path, 'conversions', c.index, 'transport']),
          `A HotAdd conversion to an AWS account cannot use an access node in another account, and ${who} uses the admin account's resources: use an access node in the tenant account, or the \`importExport\` transport.`,
        );
      }
    }

    for (const r of items<Record<string, unknown>>(t.value.restores)) {
      const from = r.item?.from;
      if (from !== 'streaming' && from !== 'backupCopy') continue;
      const what = from === 'streaming' ? 'a streaming backup' : 'a backup copy';
      add(
        'volume-tags-not-restored',
        'info',
        at([...t.path, 'restores', r.index, 'from']),
        `Restoring from ${what} through a tenant account does not restore volume tags: re-apply the tags after the restore, or restore from a snapshot.`,
      );
    }

    if (hv.authentication === 'stsAssumeRole') {
      for (const g of items<Record<string, unknown>>(t.value.vmGroups)) {
        if (g.item?.backupCopy !== true) continue;
        const group = typeof g.item.name === 'string' ? `VM group \`${g.item.name}\`` : `VM group #${g.index + 1}`;
        add(
          'backup-copy-with-assume-role',
          'warning',
          at([...t.path, 'vmGroups', g.index, 'backupCopy']),
          `AssumeRole (IntelliSnap) backups do not perform a backup copy: give ${group} of ${who} a plan with Backup Copy disabled and set \`backupCopy\` to \`false\`.`,
        );
      }
    }
  }

  // missing-permissions-policy
  for (const e of all) {
    const policies = e.value.policies as unknown;
    const perms = policies && typeof policies === 'object' ? (policies as { permissions?: unknown }).permissions : undefined;
    if (items(perms).some((p) => typeof p.item === 'string' && p.item.trim())) continue;
    const range = Array.isArray(perms)
      ? at([...e.path, 'policies', 'permissions'])
      : policies !== undefined
        ? at([...e.path, 'policies'], true)
        : at([...e.path, str(e.value.name) ? 'name' : 'accountId']);
    const acct =
      e.kind === 'admin'
        ? 'the admin account needs the sts-only policy and the restricted backup permissions'
        : 'the tenant role needs the restricted backup permissions';
    add(
      'missing-permissions-policy',
      'warning',
      range,
      `${cap(label(e.kind, e.value, e.index))} has no permissions policy: ${acct}; list the policy files under \`policies.permissions\`.`,
    );
  }

  return out;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
