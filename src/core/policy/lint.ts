// The policy checks: walks the parsed tree once and reports findings with exact ranges (codes listed in issue 4).
import { findNodeAtLocation, getNodeValue, parseTree, type JSONPath, type Node } from 'jsonc-parser';
import type { Finding, OffsetRange, Severity, SourceDocument } from '../findings';
import type { RuleCode } from '../rules';
import type { AdminAccount, TenantAccount } from '../topology/model';
import { arnProblem } from '../iam/arn';
import { allOperatorForms, caseFixedOperator, parseOperator } from '../iam/operators';
import { PRINCIPAL_KEYS, principalAccount, principalProblem } from '../iam/principal';
import { coversAction } from '../iam/wildcard';
import { adminOf } from '../topology/model';
import { normalizePolicy } from '../trust/policy';
import { checkTenantTrust } from '../trust/trust-check';
import { locationKey, type PolicyAccounts } from './accounts';
import type { IamCatalog } from './catalog';
import { classifyPolicy, type PolicyKind } from './classify';
import { innerRange, nodeRange, parsePolicyModel, propsOf, stringItems, type PolicyModel, type Prop, type StatementView } from './parse';
import { ADMIN_EXTRA_ACTIONS, BACKUP_PERMISSION_SET } from './required';
import { SIZE_QUOTAS } from './size';
import { closest } from './suggest';

export interface PolicyLintOptions {
  /** Trust or identity policy; worked out from the references, the name and the content when not given. */
  kind?: PolicyKind;
  catalog: IamCatalog;
  /** The accounts file's view, for the cross-account checks. */
  accounts?: PolicyAccounts;
}

/** What quick fixes need to know about a finding (kept in `Finding.data`). */
export interface PolicyFindingData {
  /** JSON path of the node the finding is about. */
  path?: JSONPath;
  /** Text that replaces the finding's range. */
  replacement?: string;
  /** The whole value after the replacement, for the fix's title (`ec2:DescribeInstances` when only the name changes). */
  label?: string;
  /** Required actions the account's permissions lack. */
  missing?: string[];
  /** For trust fixes: the admin account's root principal. */
  adminRoot?: string;
  /** For the ExternalId fix: the tenant's configured external ID. */
  externalId?: string;
  [key: string]: unknown;
}

export const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'];
export const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
export const VERSIONS = ['2012-10-17', '2008-10-17'];
export const TRUST_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'];
const TRUST_ACTIONS_LOWER = new Set(TRUST_ACTIONS.map((a) => a.toLowerCase()));
/** Condition keys that stop a confused deputy: an external ID, or MFA for people. */
const DEPUTY_GUARDS = new Set(['sts:externalid', 'aws:multifactorauthpresent', 'aws:multifactorauthage']);

/** Lints one policy document. Never throws on bad input: every problem becomes a finding. */
export function lintPolicy(doc: SourceDocument, opts: PolicyLintOptions): Finding[] {
  return lintModel(doc, parsePolicyModel(doc.text), opts);
}

/** Lints a document's model (`model.text` is `doc.text`), e.g. the cached one the editor's other features share. */
export function lintModel(doc: SourceDocument, model: PolicyModel, opts: PolicyLintOptions): Finding[] {
  const kind = opts.kind ?? classifyPolicy(doc.uri, doc.text, opts.accounts?.references, model).kind;
  return new Linter(doc, model, kind, opts).run();
}

interface ActionVerdict {
  /** `*` or a wildcard service prefix: any service's condition keys may apply. */
  all?: boolean;
  /** The catalog's service prefix, when known. */
  service?: string;
  /** Whether a trust policy may list it. */
  trustOk: boolean;
  /** A finding to report, with its range relative to the string's content (`to` undefined: up to its end). */
  problem?: { code: RuleCode; message: string; from: number; to?: number; replacement?: string; label?: string };
}

class Linter {
  private readonly out: Finding[] = [];
  private readonly catalog: IamCatalog;
  private readonly trust: boolean;

  constructor(
    private readonly doc: SourceDocument,
    private readonly parsed: PolicyModel,
    kind: PolicyKind,
    private readonly opts: PolicyLintOptions,
  ) {
    this.catalog = opts.catalog;
    this.trust = kind === 'trust';
  }

  run(): Finding[] {
    const { parsed } = this;
    if (parsed.oversized) return [this.oversized()];
    this.out.push(...parsed.syntaxFindings);
    const root = parsed.root;
    if (!root) return this.out;
    if (root.type !== 'object') {
      this.add('invalid-type', 'error', 'A policy is a JSON object with `Version` and `Statement`.', nodeRange(root));
      return this.out;
    }
    this.checkKeys(parsed.props, POLICY_ELEMENTS, 'policy', []);
    this.checkVersion();
    this.checkStatementShape();
    const sids = new Set<string>();
    for (const st of parsed.statements) this.checkStatement(st, sids);
    if (this.trust) this.checkTrustAccounts();
    else this.checkRequiredActions();
    this.checkSize();
    return this.out;
  }

  private add(code: RuleCode, severity: Severity, message: string, r: OffsetRange, data?: PolicyFindingData): void {
    // jsonc-parser can give a node past the end of a broken text (an unterminated escape); keep ranges inside it.
    const max = this.doc.text.length;
    const range = r.end <= max ? r : { start: Math.min(r.start, max), end: max };
    this.out.push(data ? { code, severity, message, range, data } : { code, severity, message, range });
  }

  /** Where to point when something is missing from an object: its first key, or its opening brace. */
  private anchor(node: Node, props?: readonly Prop[]): OffsetRange {
    const first = (props ?? propsOf(node))[0];
    return first ? innerRange(first.keyNode) : { start: node.offset, end: node.offset + 1 };
  }

  private statementPath(st: StatementView): JSONPath {
    return this.parsed.statementNode?.type === 'array' ? ['Statement', st.index] : ['Statement'];
  }

  private checkKeys(props: readonly Prop[], allowed: string[], where: string, path: JSONPath): void {
    for (let i = 0; i < props.length; i++) {
      const p = props[i];
      for (let j = 0; j < i; j++) {
        if (props[j].key === p.key) {
          this.add('json-syntax', 'error', `Duplicate key \`${p.key}\`: IAM keeps only one of them, remove the other.`, innerRange(p.keyNode));
          break;
        }
      }
      if (allowed.includes(p.key)) continue;
      const suggestion = closest(p.key, allowed);
      const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : ` Allowed: ${allowed.map((a) => `\`${a}\``).join(', ')}.`;
      this.add('unknown-element', 'error', `\`${p.key}\` is not a ${where} element.${hint}`, innerRange(p.keyNode), {
        path: [...path, p.key],
        replacement: suggestion,
      });
    }
  }

  private checkVersion(): void {
    const root = this.parsed.root!;
    const v = this.parsed.get('Version');
    if (!v) {
      this.add('missing-version', 'warning', 'No `Version`: without `"Version": "2012-10-17"` policy variables such as `${aws:username}` are plain text.', this.anchor(root), {
        path: ['Version'],
      });
      return;
    }
    if (!v.value) return;
    const value = v.value.value;
    if (v.value.type !== 'string' || !VERSIONS.includes(value)) {
      this.add('invalid-version', 'error', `\`Version\` must be \`2012-10-17\` (or the old \`2008-10-17\`), not ${JSON.stringify(value)}.`, innerRange(v.value), { path: ['Version'] });
    } else if (value === '2008-10-17') {
      this.add('old-version', 'warning', '`2008-10-17` is the old policy language, where policy variables are plain text: use `2012-10-17`.', innerRange(v.value), { path: ['Version'] });
    }
  }

  private checkStatementShape(): void {
    const root = this.parsed.root!;
    const st = this.parsed.get('Statement');
    if (!st) {
      this.add('missing-statement', 'error', 'No `Statement`: a policy needs at least one statement.', this.anchor(root), { path: ['Statement'] });
      return;
    }
    const v = st.value;
    if (!v) return;
    if (v.type === 'array') {
      if (!v.children?.length) this.add('missing-statement', 'error', '`Statement` is empty: a policy needs at least one statement.', nodeRange(v));
      for (const c of v.children ?? []) if (c.type !== 'object') this.add('invalid-type', 'error', 'A statement is a JSON object with `Effect`, `Action` and `Resource`.', nodeRange(c));
    } else if (v.type !== 'object') {
      this.add('invalid-type', 'error', '`Statement` is one statement object or an array of them.', nodeRange(v));
    }
  }

  private checkStatement(st: StatementView, sids: Set<string>): void {
    const path = this.statementPath(st);
    this.checkKeys(st.props, STATEMENT_ELEMENTS, 'statement', path);

    const sid = st.get('Sid')?.value;
    if (sid) {
      if (sid.type !== 'string') this.add('invalid-sid', 'error', '`Sid` is a string of letters and digits.', nodeRange(sid));
      else {
        if (!/^[A-Za-z0-9]*$/.test(sid.value)) {
          this.add('invalid-sid', 'error', `\`Sid\` ${JSON.stringify(sid.value)} may only contain letters (A-Z, a-z) and digits.`, innerRange(sid), {
            replacement: sid.value.replace(/[^A-Za-z0-9]/g, '') || undefined,
          });
        }
        if (sids.has(sid.value) && sid.value !== '') {
          this.add('duplicate-sid', 'error', `Duplicate \`Sid\` ${JSON.stringify(sid.value)}: each statement needs its own.`, innerRange(sid));
        } else sids.add(sid.value);
      }
    }

    const effectProp = st.get('Effect');
    const effect = effectProp?.value;
    let allow = false;
    if (!effectProp) this.add('missing-effect', 'error', 'This statement has no `Effect`: add `"Effect": "Allow"` or `"Deny"`.', this.anchor(st.node, st.props), { path: [...path, 'Effect'] });
    else if (effect) {
      if (effect.type === 'string' && (effect.value === 'Allow' || effect.value === 'Deny')) allow = effect.value === 'Allow';
      else {
        const raw = effect.type === 'string' ? String(effect.value) : '';
        const fixed = ['Allow', 'Deny'].find((e) => e.toLowerCase() === raw.toLowerCase()) ?? closest(raw, ['Allow', 'Deny']);
        this.add('invalid-effect', 'error', `\`Effect\` must be \`Allow\` or \`Deny\`, not ${JSON.stringify(getNodeValue(effect))}.`, innerRange(effect), {
          path: [...path, 'Effect'],
          replacement: effect.type === 'string' ? fixed : undefined,
        });
      }
    }

    const action = st.get('Action');
    const notAction = st.get('NotAction');
    if (!action && !notAction) this.add('missing-action', 'error', 'This statement has no `Action` (or `NotAction`).', this.anchor(st.node, st.props), { path: [...path, 'Action'] });
    if (action && notAction) this.add('action-and-notaction', 'error', 'A statement has `Action` or `NotAction`, not both.', innerRange(notAction.keyNode));
    const services = new Set<string>();
    let anyService = !!notAction;
    if (action && this.checkActions(action, path, services)) anyService = true;
    if (notAction && this.checkActions(notAction, path, services)) anyService = true;

    const resource = st.get('Resource');
    const notResource = st.get('NotResource');
    if (this.trust) {
      for (const p of [resource, notResource]) {
        if (p) this.add('trust-resource-not-allowed', 'error', `A trust policy has no \`${p.key}\`: the role itself is the resource. Remove it.`, innerRange(p.keyNode), { path: [...path, p.key] });
      }
    } else {
      if (!resource && !notResource) this.add('missing-resource', 'error', 'This statement has no `Resource` (or `NotResource`): use `"Resource": "*"` or ARNs.', this.anchor(st.node, st.props), { path: [...path, 'Resource'] });
      if (resource && notResource) this.add('resource-and-notresource', 'error', 'A statement has `Resource` or `NotResource`, not both.', innerRange(notResource.keyNode));
      if (resource) this.checkResources(resource);
      if (notResource) this.checkResources(notResource);
    }
    if (notResource && allow) {
      this.add('notresource-with-allow', 'warning', '`NotResource` with `Allow` grants the actions on every resource but the listed ones, including resources created later: list the resources in `Resource` instead.', innerRange(notResource.keyNode));
    }

    const principal = st.get('Principal');
    const notPrincipal = st.get('NotPrincipal');
    if (notPrincipal && allow) {
      this.add('notprincipal-with-allow', 'warning', '`NotPrincipal` with `Allow` trusts everyone but the listed principals, anonymous users included: name the trusted principals in `Principal`.', innerRange(notPrincipal.keyNode));
    }
    if (principal && notPrincipal) this.add('principal-invalid', 'error', 'A statement has `Principal` or `NotPrincipal`, not both.', innerRange(notPrincipal.keyNode));
    for (const p of [principal, notPrincipal]) if (p) this.checkPrincipal(p, [...path, p.key], allow && p === principal);
    if (this.trust && !principal && !notPrincipal) {
      this.add('trust-missing-principal', 'error', 'A trust policy statement needs a `Principal`: who may assume the role, e.g. `{"AWS": "arn:aws:iam::111122223333:root"}`.', this.anchor(st.node, st.props), {
        path: [...path, 'Principal'],
      });
    }

    const condition = st.get('Condition');
    const guarded = condition ? this.checkCondition(condition, services, anyService) : false;
    if (this.trust && allow && principal && !guarded) this.checkDeputy(st, principal, path);
  }

  /** Checks an Action/NotAction list; returns true when it spans every service (`*` or a wildcard prefix). */
  private checkActions(p: Prop, statementPath: JSONPath, services: Set<string>): boolean {
    const v = p.value;
    const path = [...statementPath, p.key];
    if (!v) return false;
    const list = v.type === 'array' ? (v.children ?? []) : [v];
    let all = false;
    const seen: string[] = [];
    const trustAction = this.trust && p.key === 'Action';
    const isArray = v.type === 'array';
    for (let i = 0; i < list.length; i++) {
      const n = list[i];
      if (n.type !== 'string') {
        this.add('invalid-type', 'error', `\`${p.key}\` is a string or an array of strings such as \`"s3:GetObject"\`.`, nodeRange(n));
        continue;
      }
      const value = n.value as string;
      // Paths are built only for findings: a big policy has tens of thousands of actions and few problems.
      const lower = value.toLowerCase();
      if (seen.includes(lower)) this.add('duplicate-action', 'warning', `\`${value}\` is listed twice in this statement: remove one.`, innerRange(n), { path: isArray ? [...path, i] : path });
      seen.push(lower);
      const verdict = this.actionVerdict(value);
      if (verdict.all) all = true;
      if (verdict.service) services.add(verdict.service);
      const problem = verdict.problem;
      if (problem) {
        const inner = innerRange(n);
        const start = Math.min(inner.start + problem.from, inner.end);
        const end = problem.to === undefined ? inner.end : Math.min(inner.start + problem.to, inner.end);
        this.add(problem.code, 'error', problem.message, { start, end }, { path: isArray ? [...path, i] : path, replacement: problem.replacement, label: problem.label });
      } else if (trustAction && !verdict.trustOk) this.trustAction(value, innerRange(n), isArray ? [...path, i] : path);
    }
    return all;
  }

  private readonly verdicts = new Map<string, ActionVerdict>();

  /** What is known about an action string; the same strings repeat across statements, so each is worked out once. */
  private actionVerdict(value: string): ActionVerdict {
    let v = this.verdicts.get(value);
    if (v) return v;
    v = this.computeVerdict(value);
    this.verdicts.set(value, v);
    return v;
  }

  private computeVerdict(value: string): ActionVerdict {
    if (value === '*') return { all: true, trustOk: false };
    const colon = value.indexOf(':');
    if (colon <= 0 || colon !== value.lastIndexOf(':') || colon === value.length - 1) {
      return { trustOk: false, problem: { code: 'unknown-action', message: `\`${value}\` is not an action: write \`service:Action\`, e.g. \`ec2:DescribeInstances\`.`, from: 0 } };
    }
    const service = value.slice(0, colon);
    const name = value.slice(colon + 1);
    if (/[*?]/.test(service)) return { all: true, trustOk: false };
    if (!this.catalog.hasService(service)) {
      const s = closest(service, this.catalog.servicePrefixes());
      return {
        trustOk: false,
        problem: { code: 'unknown-service', message: `\`${service}\` is not an AWS service prefix.${s ? ` Did you mean \`${s}\`?` : ''}`, from: 0, to: colon, replacement: s, label: s && `${s}:${name}` },
      };
    }
    const svc = this.catalog.service(service)!;
    const wildcard = /[*?]/.test(name);
    const matched = wildcard ? this.catalog.matchActions(service, name) : [this.catalog.action(service, name)].filter((a) => !!a);
    if (matched.length === 0) {
      if (wildcard) return { service: svc.prefix, trustOk: false, problem: { code: 'unknown-action', message: `\`${value}\` matches no ${svc.name} action.`, from: colon + 1 } };
      const s = closest(name, svc.actions.map((a) => a.name));
      return {
        service: svc.prefix,
        trustOk: false,
        problem: { code: 'unknown-action', message: `\`${value}\` is not a ${svc.name} action.${s ? ` Did you mean \`${svc.prefix}:${s}\`?` : ''}`, from: colon + 1, replacement: s, label: s && `${svc.prefix}:${s}` },
      };
    }
    const trustOk = svc.prefix === 'sts' && matched.every((a) => TRUST_ACTIONS_LOWER.has(a.id.toLowerCase()));
    return { service: svc.prefix, trustOk };
  }

  private trustAction(value: string, range: OffsetRange, path: JSONPath): void {
    this.add('trust-invalid-action', 'error', `\`${value}\` does not belong in a trust policy: use ${TRUST_ACTIONS.map((a) => `\`${a}\``).join(', ')}.`, range, {
      path,
      replacement: 'sts:AssumeRole',
    });
  }

  private checkResources(p: Prop): void {
    const v = p.value;
    if (!v) return;
    for (const n of v.type === 'array' ? (v.children ?? []) : [v]) {
      if (n.type !== 'string') {
        this.add('invalid-type', 'error', `\`${p.key}\` is a string or an array of strings (\`"*"\` or ARNs).`, nodeRange(n));
        continue;
      }
      const problem = arnProblem(n.value as string);
      if (problem) this.add('invalid-arn', 'error', `Malformed ARN ${JSON.stringify(n.value)}: ${problem}.`, innerRange(n));
    }
  }

  private checkPrincipal(p: Prop, path: JSONPath, allow: boolean): void {
    const v = p.value;
    if (!v) return;
    const wildcard = (range: OffsetRange, wpath: JSONPath, replaceWhole: boolean) => {
      if (!this.trust || !allow) return;
      this.add('trust-principal-wildcard', 'error', 'A trust policy that allows `*` lets any AWS account assume this role: name the trusted account (e.g. the admin account\'s root).', range, {
        path: wpath,
        adminRoot: this.adminRoot(),
        replaceWhole,
      });
    };
    if (v.type === 'string') {
      if (v.value === '*') wildcard(innerRange(v), path, true);
      else this.add('principal-invalid', 'error', `\`${p.key}\` is \`"*"\` or an object such as \`{"AWS": "arn:aws:iam::111122223333:root"}\`.`, innerRange(v));
      return;
    }
    if (v.type !== 'object') {
      this.add('principal-invalid', 'error', `\`${p.key}\` is an object such as \`{"AWS": "arn:aws:iam::111122223333:root"}\`.`, nodeRange(v));
      return;
    }
    const props = propsOf(v);
    if (props.length === 0) this.add('principal-invalid', 'error', `\`${p.key}\` is empty: name at least one principal.`, nodeRange(v));
    for (const pp of props) {
      if (!(PRINCIPAL_KEYS as readonly string[]).includes(pp.key)) {
        const s = closest(pp.key, [...PRINCIPAL_KEYS]);
        this.add('principal-invalid', 'error', `\`${pp.key}\` is not a principal type: use \`AWS\`, \`Service\`, \`Federated\` or \`CanonicalUser\`.`, innerRange(pp.keyNode), { replacement: s });
        continue;
      }
      const { items, bad } = stringItems(pp.value);
      for (const b of bad) this.add('principal-invalid', 'error', `\`${pp.key}\` is a string or an array of strings.`, nodeRange(b));
      const isArray = pp.value?.type === 'array';
      for (const n of items) {
        const value = n.value as string;
        const itemPath = isArray ? [...path, pp.key, pp.value!.children!.indexOf(n)] : [...path, pp.key];
        if (pp.key === 'AWS' && value === '*') {
          wildcard(innerRange(n), itemPath, false);
          continue;
        }
        const problem = principalProblem(pp.key, value);
        if (problem) this.add('principal-invalid', 'error', `Malformed principal ${JSON.stringify(value)}: ${problem}.`, innerRange(n));
      }
    }
  }

  /** Checks operators and keys; returns true when the condition guards against a confused deputy. */
  private checkCondition(p: Prop, services: Set<string>, anyService: boolean): boolean {
    const v = p.value;
    if (!v) return false;
    if (v.type !== 'object') {
      this.add('invalid-type', 'error', '`Condition` is an object: `{"StringEquals": {"key": "value"}}`.', nodeRange(v));
      return false;
    }
    let guarded = false;
    for (const op of v.children ? propsOf(v) : []) {
      if (!parseOperator(op.key)?.exact) {
        const s = caseFixedOperator(op.key) ?? closest(op.key, allOperatorForms());
        this.add('unknown-condition-operator', 'error', `\`${op.key}\` is not a condition operator.${s ? ` Did you mean \`${s}\`?` : ''}`, innerRange(op.keyNode), { replacement: s });
      }
      if (!op.value) continue;
      if (op.value.type !== 'object') {
        this.add('invalid-type', 'error', `\`${op.key}\` takes an object of condition keys and values.`, nodeRange(op.value));
        continue;
      }
      for (const prop of op.value.children ?? []) {
        const keyNode = prop.children?.[0];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const key: string = keyNode.value;
        if (!guarded && DEPUTY_GUARDS.has(key.toLowerCase())) guarded = true;
        if (!this.knownKey(key, services, anyService)) {
          const where = services.size ? ` or of ${[...services].map((s) => `\`${s}\``).join(', ')}` : '';
          this.add('unknown-condition-key', 'warning', `\`${key}\` is not a global condition key${where}.`, innerRange(keyNode));
        }
      }
    }
    return guarded;
  }

  private knownKey(key: string, services: Set<string>, anyService: boolean): boolean {
    if (this.catalog.findGlobalKey(key)) return true;
    for (const s of services) if (this.catalog.findServiceKey(s, key)) return true;
    if (anyService || services.size === 0) {
      // With `*` actions (or none to go by), any service's own key is plausible.
      const colon = key.indexOf(':');
      const prefix = colon > 0 ? key.slice(0, colon) : '';
      if (prefix && this.catalog.hasService(prefix) && this.catalog.findServiceKey(prefix, key)) return true;
      if (this.trust && this.catalog.findServiceKey('sts', key)) return true;
    }
    return false;
  }

  /** The account that owns the document's role, when the accounts file says. */
  private owner(): (AdminAccount | TenantAccount) | undefined {
    return this.opts.accounts?.references.find((r) => r.as === 'trust')?.account;
  }

  private adminRoot(): string | undefined {
    const accounts = this.opts.accounts;
    const ref = accounts?.references.find((r) => r.as === 'trust');
    if (!accounts || !ref) return undefined;
    const admin = ref.role === 'tenant' ? adminOf(accounts.topology, ref.account as TenantAccount) : (ref.account as AdminAccount);
    return admin && /^\d{12}$/.test(admin.accountId) ? `arn:aws:iam::${admin.accountId}:root` : undefined;
  }

  private checkDeputy(st: StatementView, principal: Prop, path: JSONPath): void {
    const owner = this.owner()?.accountId;
    const aws = propsOf(principal.value).find((p) => p.key === 'AWS');
    if (!aws) return;
    const { items } = stringItems(aws.value);
    const foreign = items.find((n) => {
      const acct = principalAccount(n.value as string);
      return acct !== undefined && acct !== owner;
    });
    if (!foreign) return;
    const acct = principalAccount(foreign.value as string)!;
    const ref = this.opts.accounts?.references.find((r) => r.as === 'trust' && r.role === 'tenant');
    const externalId = ref ? (ref.account as TenantAccount).hypervisor?.externalId : undefined;
    this.add(
      'trust-missing-external-id',
      'warning',
      `This statement lets account ${acct} assume the role with no \`sts:ExternalId\` (or MFA) condition: add \`"Condition": {"StringEquals": {"sts:ExternalId": "…"}}\` to guard against the confused deputy.`,
      innerRange(foreign),
      { path, externalId: typeof externalId === 'string' && externalId ? externalId : undefined, statement: st.index },
    );
  }

  /** The cross-account checks of a tenant's trust policy: core/trust's answer, the one `evaluate` gives. */
  private checkTrustAccounts(): void {
    const accounts = this.opts.accounts;
    if (!accounts) return;
    // The evaluator's own model of the document (a trust policy is at most 4,096 characters: parsing it again is cheap).
    let tree: Node | undefined;
    let trustPolicy: ReturnType<typeof normalizePolicy> | undefined;
    for (const ref of accounts.references) {
      if (ref.as !== 'trust' || ref.role !== 'tenant') continue;
      const tenant = ref.account as TenantAccount;
      const admin = adminOf(accounts.topology, tenant);
      if (!admin || !/^\d{12}$/.test(admin.accountId)) continue;
      if (!trustPolicy) {
        tree = parseTree(this.doc.text, [], { allowTrailingComma: true });
        trustPolicy = normalizePolicy(this.doc.uri, tree ? getNodeValue(tree) : undefined);
      }
      const check = checkTenantTrust(trustPolicy, admin, tenant);
      const externalId = typeof tenant.hypervisor?.externalId === 'string' && tenant.hypervisor.externalId ? tenant.hypervisor.externalId : undefined;
      if (!check.namesCaller) {
        const roleArn = typeof admin.hypervisor?.roleArn === 'string' ? admin.hypervisor.roleArn : undefined;
        const st = this.parsed.get('Statement');
        const range = st ? innerRange(st.keyNode) : this.anchor(this.parsed.root!);
        const whom = roleArn ? `\`arn:aws:iam::${admin.accountId}:root\` or \`${roleArn}\`` : `\`arn:aws:iam::${admin.accountId}:root\``;
        this.add(
          'trust-account-mismatch',
          'error',
          `Tenant \`${tenant.name}\`'s trust policy does not let its admin account \`${admin.name}\` (${admin.accountId}) assume the role: allow \`sts:AssumeRole\` to ${whom}.`,
          range,
          { adminRoot: `arn:aws:iam::${admin.accountId}:root`, externalId },
        );
      } else if (check.externalIdAccepted === false && externalId !== undefined && tree) {
        // Only an ExternalId the accounts file sets can disagree: without one, the file just does not record it.
        this.externalIdMismatch(tree, tenant.name, admin.name, externalId, check.externalIdFailures);
      }
    }
  }

  /** `trust-external-id-mismatch`: on each `sts:ExternalId` value that rejects what the accounts file sends. */
  private externalIdMismatch(tree: Node, tenant: string, admin: string, externalId: string, failures: ReturnType<typeof checkTenantTrust>['externalIdFailures']): void {
    // The trust model keeps operators and keys as written, so they lead back to the value in the text.
    const array = findNodeAtLocation(tree, ['Statement'])?.type === 'array';
    for (const f of failures) {
      const path: JSONPath = [...(array ? ['Statement', f.statement.index] : ['Statement']), 'Condition', f.condition.entry.operator, f.condition.entry.key];
      const node = findNodeAtLocation(tree, path);
      if (!node) continue;
      this.add(
        'trust-external-id-mismatch',
        'error',
        `Tenant \`${tenant}\`'s trust policy would not let admin \`${admin}\` assume the role with the ExternalId the accounts file sends: ${f.message}. Make the two the same (this value, or the tenant hypervisor's \`externalId\` in the accounts file).`,
        node.type === 'string' ? innerRange(node) : nodeRange(node),
        { path, externalId },
      );
    }
  }

  private checkRequiredActions(): void {
    const accounts = this.opts.accounts;
    if (!accounts) return;
    const refs = accounts.references.filter((r) => r.as === 'permissions');
    if (refs.length === 0) return;
    const own = allowedActions(this.parsed);
    // Accounts that lack the same actions share one finding, which names them all.
    const groups = new Map<string, { missing: string[]; who: string[] }>();
    for (const ref of refs) {
      const required = ref.role === 'admin' ? [...BACKUP_PERMISSION_SET, ...ADMIN_EXTRA_ACTIONS] : [...BACKUP_PERMISSION_SET];
      // The account's permission files together must cover the set; the others are read as they are on disk or in an editor.
      const allowed = [...own];
      const self = accounts.document && locationKey(accounts.document);
      for (const file of ref.permissionFiles) {
        if (self === locationKey(file)) continue;
        const text = accounts.readPolicy?.(file);
        if (text !== undefined) allowed.push(...allowedActions(parsePolicyModel(text)));
      }
      const missing = required.filter((r) => !allowed.some((a) => coversAction(a, r)));
      if (missing.length === 0) continue;
      const key = missing.join(',');
      const group = groups.get(key) ?? { missing, who: [] };
      group.who.push(`${ref.role} \`${ref.account.name}\``);
      groups.set(key, group);
    }
    const st = this.parsed.get('Statement');
    const range = st ? innerRange(st.keyNode) : this.anchor(this.parsed.root!);
    for (const { missing, who } of groups.values()) {
      const shown = missing.length > 12 ? `${missing.slice(0, 12).join(', ')} and ${missing.length - 12} more` : missing.join(', ');
      const whose = who.length === 1 ? `The permission policies of ${who[0]} lack` : `The permission policies of ${who.join(', ')} each lack`;
      this.add('missing-required-action', 'warning', `${whose} ${missing.length} action(s) cross-account backup needs: ${shown}.`, range, { missing });
    }
  }

  /** The one finding of a document too large to parse (see SIZE_ONLY_LIMIT). */
  private oversized(): Finding {
    const text = this.doc.text;
    const at = Math.max(0, text.search(/\S/));
    const size = this.parsed.size.toLocaleString('en-US');
    const most = this.trust ? 'a trust policy may have at most 4,096' : 'a managed policy may have at most 6,144, and a role\'s inline policies together 10,240';
    return {
      code: 'policy-too-large',
      severity: 'error',
      message: `This document has ${size} characters (whitespace not counted), far more than IAM accepts: ${most}. It is too large to check further: split it into several policies.`,
      range: { start: at, end: Math.min(text.length, at + 1) },
    };
  }

  private checkSize(): void {
    const size = this.parsed.size;
    const root = this.parsed.root!;
    const range = { start: root.offset, end: root.offset + 1 };
    if (this.trust) {
      if (size > SIZE_QUOTAS.trustMax) {
        this.add('policy-too-large', 'error', `This trust policy has ${size.toLocaleString('en-US')} characters (whitespace not counted): the most IAM allows is 4,096.`, range);
      } else if (size > SIZE_QUOTAS.trustDefault) {
        this.add('policy-too-large', 'warning', `This trust policy has ${size.toLocaleString('en-US')} characters (whitespace not counted): over the default quota of 2,048, so it needs a quota increase (up to 4,096).`, range);
      }
    } else if (size > SIZE_QUOTAS.managed) {
      this.add('policy-too-large', 'error', `This policy has ${size.toLocaleString('en-US')} characters (whitespace not counted): a managed policy may have at most 6,144. Split it into several policies.`, range);
    }
  }
}

/** The action patterns Allow statements grant (Action lists only; NotAction is too broad to count as granting a list). */
export function allowedActions(parsed: PolicyModel): string[] {
  const out: string[] = [];
  for (const st of parsed.statements) {
    if (st.get('Effect')?.value?.value !== 'Allow') continue;
    for (const n of stringItems(st.get('Action')?.value).items) out.push(String(n.value));
  }
  return out;
}

