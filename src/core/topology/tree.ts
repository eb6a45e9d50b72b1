// The Accounts view as plain data (labels, descriptions, markdown tooltips, problem counts), built from a loaded accounts file.
import type { JSONPath } from 'jsonc-parser';
import type { Finding, OffsetRange } from '../findings';
import { accessNodesOf, entries, hypervisorOf, items, str, usesAdminResources, type AccountKind, type Entry } from './entries';
import { rangeAt, type LoadedAccounts } from './load';
import { isAdminOf, type AdminAccount, type Hypervisor, type TenantAccount } from './model';
import { baseName, resolvePolicyPath, writtenBaseName } from './paths';

export type TreeNodeKind = 'folder' | 'accountsFile' | 'admin' | 'tenant' | 'hypervisor' | 'accessNode' | 'role' | 'policyFile' | 'vmGroup';

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export interface TenantStatus {
  kind: 'test' | 'evaluation';
  ok: boolean;
  summary: string;
  at: Date;
  /** The outcome in a few words when passed/failed says too little, e.g. `depends on aws:SourceIp`. */
  label?: string;
}

export interface AccountsTreeNode {
  /** Unique and stable across refreshes (keeps expansion state): accounts file + JSON path. */
  id: string;
  kind: TreeNodeKind;
  /** What `view/item/context` menus match (`viewItem == tenant`). */
  contextValue: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip: string;
  /** A codicon id. */
  icon: string;
  accountsUri: string;
  jsonPath: JSONPath;
  /** Where the node is written in the accounts file (offsets into the text it was built from). */
  range: OffsetRange;
  /** The admin or tenant this node belongs to. */
  account?: { kind: AccountKind; name: string; accountId: string };
  /** Set on a tenant and everything under it (the key of its AssumeRole results). */
  tenantName?: string;
  /** For policy files: the resolved location (`URI.toString()`: nodes are plain data) and whether it exists. */
  policy?: { location: string; relPath: string; role: 'permissions' | 'trust'; exists: boolean };
  /** Findings inside this node's range, its descendants' included. */
  problems: ProblemCounts;
  /** The latest AssumeRole test or evaluation of a tenant, when there is one. */
  status?: TenantStatus;
  children: AccountsTreeNode[];
}

export interface TreeOptions {
  findings: readonly Finding[];
  /** Last test / evaluation of a tenant, by name. */
  status?(tenantName: string): { test?: TenantStatus; evaluation?: TenantStatus };
  /** Which policy locations (`URI.toString()`) do not exist; unknown ones count as existing (the diagnostics say otherwise). */
  missingPolicies?: ReadonlySet<string>;
}

const AUTH_LABELS: Record<string, string> = { accessKey: 'access key', iamRole: 'IAM role', stsAssumeRole: 'STS assume role' };

/** The admins and tenants of one accounts file as tree nodes; a file without any gets one node pointing at the file. */
export function buildAccountsTree(loaded: LoadedAccounts, opts: TreeOptions): AccountsTreeNode[] {
  const { admins, tenants } = entries(loaded);
  const b = new Builder(loaded, opts);
  const nodes = [...admins.map((a) => b.admin(a)), ...tenants.map((t) => b.tenant(t, admins))];
  if (nodes.length > 0) return nodes;
  const problems = b.count({ start: 0, end: loaded.text.length + 1 });
  const total = problems.errors + problems.warnings + problems.infos;
  const first = [...opts.findings].sort((x, y) => x.range.start - y.range.start)[0];
  return [
    {
      id: `${loaded.uri.toString()}#file`,
      kind: 'accountsFile',
      contextValue: 'accountsFile',
      label: baseName(loaded.uri),
      description: total ? `no accounts · ${plural(total, 'problem')}` : 'no accounts yet',
      tooltip: `**${md(baseName(loaded.uri))}** lists no admin or tenant account.${first ? `\n\n${first.message}` : '\n\nAdd entries under `admins` and `tenants`.'}`,
      icon: total ? 'warning' : 'file',
      accountsUri: loaded.uri.toString(),
      jsonPath: [],
      range: first ? first.range : { start: 0, end: 0 },
      problems,
      children: [],
    },
  ];
}

class Builder {
  constructor(
    private readonly loaded: LoadedAccounts,
    private readonly opts: TreeOptions,
  ) {}

  admin(e: Entry<AdminAccount>): AccountsTreeNode {
    const account = this.accountOf(e);
    const hv = hypervisorOf(e.value);
    const hvPath = [...e.path, 'hypervisor'];
    const children: AccountsTreeNode[] = [];
    if (e.value.hypervisor !== undefined) {
      const hvChildren = [
        ...this.role(hv, hvPath, account),
        ...accessNodesOf(hv).map((n) => {
          const path = [...hvPath, 'accessNodes', n.index];
          const where = [str(n.item.availabilityZone) ?? str(n.item.region)].filter(Boolean).join('');
          const desc = [where || 'no region', str(n.item.os)].filter(Boolean).join(' · ');
          const lines = [
            `**${md(str(n.item.name) ?? 'access node')}** — access node of admin \`${code(account.name)}\``,
            row('Instance', n.item.instanceId),
            row('Region', n.item.region),
            row('Availability zone', n.item.availabilityZone),
            row('OS', n.item.os),
          ];
          return this.node('accessNode', path, { label: str(n.item.name) ?? `access node #${n.index + 1}`, description: desc, icon: 'vm', lines, account });
        }),
        ...this.policies(e, account),
      ];
      children.push(
        this.hypervisor(
          hv,
          hvPath,
          account,
          `${AUTH_LABELS[hv.authentication ?? ''] ?? 'no authentication'} · Use admin account resources: ${hv.useAdminAccountResources ? 'on' : 'off'}`,
          hvChildren,
        ),
      );
    } else {
      children.push(...this.policies(e, account));
    }
    const lines = [
      `**${md(account.name)}** — admin (service) account`,
      row('Account', e.value.accountId),
      row('Profile', e.value.profile),
      row('Region', e.value.region),
      "Owns the access nodes; assumes the tenants' roles.",
    ];
    return this.node('admin', e.path, {
      label: account.name || `admin #${e.index + 1}`,
      description: account.accountId,
      icon: 'organization',
      lines,
      account,
      children,
    });
  }

  tenant(e: Entry<TenantAccount>, admins: Entry<AdminAccount>[]): AccountsTreeNode {
    const account = this.accountOf(e);
    const tenantName = account.name;
    const hv = hypervisorOf(e.value);
    const hvPath = [...e.path, 'hypervisor'];
    const adminName = str(e.value.admin);
    const admin = admins.find((a) => isAdminOf(a.value, e.value));
    const adminHv = admin ? str(hypervisorOf(admin.value).name) : undefined;
    const children: AccountsTreeNode[] = [];
    const groups = items<Record<string, unknown>>(e.value.vmGroups)
      .filter((g) => g.item && typeof g.item === 'object')
      .map((g) => {
        const regions = items(g.item.regions)
          .map((r) => r.item)
          .filter((r): r is string => typeof r === 'string');
        const flags = [g.item.intelliSnap === true ? 'IntelliSnap' : undefined, g.item.backupCopy === true ? 'backup copy' : undefined].filter(Boolean);
        const name = typeof g.item.name === 'string' && g.item.name ? g.item.name : `VM group #${g.index + 1}`;
        const lines = [
          `**${md(name)}** — VM group of tenant \`${code(tenantName)}\``,
          row('Regions', regions.join(', ') || undefined),
          row('IntelliSnap', g.item.intelliSnap === undefined ? undefined : g.item.intelliSnap ? 'on' : 'off'),
          row('Backup copy', g.item.backupCopy === undefined ? undefined : g.item.backupCopy ? 'on' : 'off'),
        ];
        return this.node('vmGroup', [...e.path, 'vmGroups', g.index], {
          label: name,
          description: [regions.join(', '), ...flags].filter(Boolean).join(' · '),
          icon: 'server-process',
          lines,
          account,
          tenantName,
        });
      });
    const inner = [...this.role(hv, hvPath, account, tenantName), ...this.policies(e, account, tenantName), ...groups];
    if (e.value.hypervisor !== undefined) {
      const via = usesAdminResources('tenant', hv) ? `uses ${adminHv ?? (adminName ? `admin ${adminName}` : 'no admin')}` : 'Use admin account resources: off';
      children.push(this.hypervisor(hv, hvPath, account, `${AUTH_LABELS[hv.authentication ?? ''] ?? 'no authentication'} · ${via}`, inner, tenantName));
    } else {
      children.push(...inner);
    }
    const results = this.opts.status?.(tenantName) ?? {};
    const latest = [results.test, results.evaluation].filter((r): r is TenantStatus => !!r).sort((x, y) => y.at.getTime() - x.at.getTime())[0];
    const lines = [
      `**${md(account.name)}** — tenant account`,
      row('Account', e.value.accountId),
      row('Admin', adminName),
      row('Profile', e.value.profile),
      row('Region', e.value.region),
      results.test
        ? `Last AssumeRole test (${results.test.at.toISOString()}): ${results.test.ok ? 'passed' : 'failed'} — ${md(results.test.summary)}`
        : undefined,
      results.evaluation
        ? `Last offline evaluation (${results.evaluation.at.toISOString()}): ${results.evaluation.label ?? (results.evaluation.ok ? 'allowed' : 'denied')} — ${md(results.evaluation.summary)}`
        : undefined,
    ];
    const statusText = latest ? ` · ${latest.kind === 'test' ? 'test' : 'evaluation'} ${latest.label ?? (latest.ok ? 'passed' : 'failed')}` : '';
    const node = this.node('tenant', e.path, {
      label: account.name || `tenant #${e.index + 1}`,
      description: account.accountId + statusText,
      icon: 'account',
      lines,
      account,
      tenantName,
      children,
    });
    if (latest) node.status = latest;
    return node;
  }

  count(range: OffsetRange): ProblemCounts {
    const c: ProblemCounts = { errors: 0, warnings: 0, infos: 0 };
    for (const f of this.opts.findings) {
      if (f.range.start < range.start || f.range.end > range.end) continue;
      if (f.severity === 'error') c.errors++;
      else if (f.severity === 'warning') c.warnings++;
      else c.infos++;
    }
    return c;
  }

  private hypervisor(
    hv: Partial<Hypervisor>,
    path: JSONPath,
    account: AccountsTreeNode['account'] & object,
    description: string,
    children: AccountsTreeNode[],
    tenantName?: string,
  ): AccountsTreeNode {
    const lines = [
      `**${md(str(hv.name) ?? 'hypervisor')}** — hypervisor of ${account.kind} \`${code(account.name)}\``,
      row('Authentication', hv.authentication),
      row('Role', hv.roleArn),
      row('User', hv.userArn),
      hv.externalId ? 'External id: set' : undefined,
      row('Use admin account resources', hv.useAdminAccountResources === undefined ? undefined : hv.useAdminAccountResources ? 'on' : 'off'),
      hv.createdAutomatically ? 'Created automatically' : undefined,
    ];
    return this.node('hypervisor', path, {
      label: str(hv.name) ?? 'hypervisor',
      description,
      icon: 'server-environment',
      lines,
      account,
      tenantName,
      children,
    });
  }

  private role(hv: Partial<Hypervisor>, hvPath: JSONPath, account: AccountsTreeNode['account'] & object, tenantName?: string): AccountsTreeNode[] {
    const arn = str(hv.roleArn);
    if (!arn) return [];
    const roleName = arn.split(/:role\//)[1] ?? arn;
    const lines = [
      `**${md(roleName)}** — IAM role of ${account.kind} \`${code(account.name)}\``,
      `\`${code(arn)}\``,
      account.kind === 'tenant' ? "The admin's access nodes assume this role." : "The access nodes' instance role.",
    ];
    return [this.node('role', [...hvPath, 'roleArn'], { label: roleName, description: arn, icon: 'key', lines, account, tenantName })];
  }

  private policies(e: Entry<AdminAccount | TenantAccount>, account: AccountsTreeNode['account'] & object, tenantName?: string): AccountsTreeNode[] {
    const p = e.value.policies as { permissions?: unknown; trust?: unknown } | undefined;
    if (!p || typeof p !== 'object') return [];
    const refs: { rel: string; role: 'permissions' | 'trust'; path: JSONPath }[] = [];
    if (typeof p.trust === 'string' && p.trust.trim()) refs.push({ rel: p.trust, role: 'trust', path: [...e.path, 'policies', 'trust'] });
    for (const x of items(p.permissions)) {
      if (typeof x.item === 'string' && x.item.trim()) refs.push({ rel: x.item, role: 'permissions', path: [...e.path, 'policies', 'permissions', x.index] });
    }
    return refs.map((r) => {
      const location = resolvePolicyPath(this.loaded.uri, r.rel.trim()).toString();
      const exists = !this.opts.missingPolicies?.has(location);
      const what = r.role === 'trust' ? 'trust policy' : 'permissions policy';
      const lines = [
        `**${md(writtenBaseName(r.rel))}** — ${what} of ${account.kind} \`${code(account.name)}\``,
        `\`${code(r.rel)}\``,
        exists ? undefined : 'The file does not exist.',
      ];
      const node = this.node('policyFile', r.path, {
        label: writtenBaseName(r.rel),
        description: exists ? what : `${what} · missing`,
        icon: r.role === 'trust' ? 'shield' : 'file-code',
        lines,
        account,
        tenantName,
      });
      node.policy = { location, relPath: r.rel, role: r.role, exists };
      return node;
    });
  }

  private accountOf(e: Entry<AdminAccount | TenantAccount>): { kind: AccountKind; name: string; accountId: string } {
    return { kind: e.kind, name: str(e.value.name) ?? '', accountId: str(e.value.accountId) ?? '' };
  }

  private node(
    kind: TreeNodeKind,
    path: JSONPath,
    o: {
      label: string;
      description?: string;
      icon: string;
      lines: (string | undefined)[];
      account?: AccountsTreeNode['account'];
      tenantName?: string;
      children?: AccountsTreeNode[];
    },
  ): AccountsTreeNode {
    const range = rangeAt(this.loaded.root, path);
    const problems = this.count(range);
    const problemLines = this.opts.findings
      .filter((f) => f.range.start >= range.start && f.range.end <= range.end)
      .slice(0, 5)
      .map((f) => `- ${f.severity === 'error' ? '$(error)' : f.severity === 'warning' ? '$(warning)' : '$(info)'} ${f.message} \`${f.code}\``);
    const total = problems.errors + problems.warnings + problems.infos;
    const lines = o.lines.filter((l): l is string => !!l);
    if (total) lines.push(`${plural(total, 'problem')}:\n\n${problemLines.join('\n')}${total > problemLines.length ? '\n- …' : ''}`);
    return {
      id: `${this.loaded.uri.toString()}#/${path.join('/')}`,
      kind,
      contextValue: kind,
      label: o.label,
      ...(o.description ? { description: o.description } : {}),
      tooltip: lines.join('\n\n'),
      icon: o.icon,
      accountsUri: this.loaded.uri.toString(),
      jsonPath: path,
      range,
      ...(o.account ? { account: o.account } : {}),
      ...(o.tenantName !== undefined ? { tenantName: o.tenantName } : {}),
      problems,
      children: o.children ?? [],
    };
  }
}

function row(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return `${name}: \`${code(String(value))}\``;
}

/** Escapes text for a markdown tooltip. */
function md(s: string): string {
  return s.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}

/** Text for inside a code span, where escapes do not work: only a backtick would break it. */
function code(s: string): string {
  return s.replace(/`/g, "'");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
