// The policy checks: walks the parsed tree once and reports findings with exact ranges (codes listed in issue 4).
import { findNodeAtLocation, getNodeValue, parseTree, type JSONPath, type Node } from 'jsonc-parser';
import type { Finding, OffsetRange, Severity, SourceDocument } from '../findings';
import type { RuleCode } from '../rules';
import type { AdminAccount, TenantAccount } from '../topology/model';
import { arnProblem, splitArn } from '../iam/arn';
import { allOperatorForms, caseFixedOperator, parseOperator, type ParsedOperator } from '../iam/operators';
import { PRINCIPAL_KEYS, principalAccount, principalProblem } from '../iam/principal';
import { coversAction } from '../iam/wildcard';
import { adminOf } from '../topology/model';
import { normalizePolicy } from '../trust/policy';
import { checkTenantTrust } from '../trust/trust-check';
import { locationKey, type PolicyAccounts } from './accounts';
import type { ActionInfo, ConditionKeyInfo, IamCatalog } from './catalog';
import { isMultivalued, operatorForKeyType, operatorKeyMismatch, valueProblem } from './condition-types';
import { resourceMatcher } from './resource-types';
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
export const TRUST_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];
const TRUST_ACTIONS_LOWER = new Set(TRUST_ACTIONS.map((a) => a.toLowerCase()));
/** Said of a finding lowered to `info` because cross-account backup needs the grant. */
const NEEDED_NOTE = ' Cross-account backup needs this grant (it is in the backup permission set), so it is reported as information.';
/** Keys whose condition is meant to narrow who may act: one compared with `*` guards nothing. */
const GUARD_KEYS = new Set([
  'sts:externalid',
  'aws:principalarn',
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:sourceorgid',
]);
/** The Like form of an exact string operator (`StringEquals` → `StringLike`); the IgnoreCase ones have none. */
const LIKE_FORM: Record<string, string> = { StringEquals: 'StringLike', StringNotEquals: 'StringNotLike' };
const EXACT_STRING_OPS = new Set(['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase']);
/** The role-assumption actions and the principal types that can call them (IAM User Guide, "Create a role for a
 * third-party identity provider (federation)" and "Create a role to delegate permissions to an IAM user"). */
const ASSUME_ACTIONS = { saml: 'sts:AssumeRoleWithSAML', web: 'sts:AssumeRoleWithWebIdentity', aws: 'sts:AssumeRole' } as const;

/**
 * Privilege escalation: sets of actions that, granted on every resource, let a principal raise its own permissions
 * (Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation", the list Parliament's
 * PRIVILEGE_ESCALATION check uses). Each row is one method.
 */
export const ESCALATION_METHODS: readonly (readonly string[])[] = [
  ['iam:CreatePolicyVersion'],
  ['iam:SetDefaultPolicyVersion'],
  ['iam:PassRole', 'ec2:RunInstances'],
  ['iam:CreateAccessKey'],
  ['iam:CreateLoginProfile'],
  ['iam:UpdateLoginProfile'],
  ['iam:AttachUserPolicy'],
  ['iam:AttachGroupPolicy'],
  ['iam:AttachRolePolicy'],
  ['iam:PutUserPolicy'],
  ['iam:PutGroupPolicy'],
  ['iam:PutRolePolicy'],
  ['iam:AddUserToGroup'],
  ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
  ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
  ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
  ['lambda:UpdateFunctionCode'],
  ['iam:PassRole', 'glue:CreateDevEndpoint'],
  ['glue:UpdateDevEndpoint'],
  ['iam:PassRole', 'cloudformation:CreateStack'],
  ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'],
];

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
  /** The catalog actions it names (empty when unknown or `all`). */
  actions?: readonly ActionInfo[];
  /** Whether a trust policy may list it. */
  trustOk: boolean;
  /** A finding to report, with its range relative to the string's content (`to` undefined: up to its end). */
  problem?: { code: RuleCode; message: string; from: number; to?: number; replacement?: string; label?: string };
}

/** One string of an `Action` list with what is known about it. */
interface ActionItem {
  node: Node;
  value: string;
  verdict: ActionVerdict;
  path: JSONPath;
}

/** What the checks of one statement's parts need to know about the rest of it. */
interface StatementFacts {
  path: JSONPath;
  allow: boolean;
  deny: boolean;
  /** The catalog actions its `Action` names; undefined when it spans every service, uses NotAction or names an unknown action. */
  actions: ActionInfo[] | undefined;
  items: ActionItem[];
  /** Web identity providers the statement's `Federated` principal names, lowercase (`token.actions.githubusercontent.com`). */
  providers: string[];
}

/** Each action's condition keys (its own and its resource types'), lowercase, built on first use. */
const actionKeySets = new WeakMap<ActionInfo, Set<string>>();
function actionKeys(a: ActionInfo): Set<string> {
  let set = actionKeySets.get(a);
  if (!set) actionKeySets.set(a, (set = new Set(a.conditionKeys.map((k) => k.toLowerCase()))));
  return set;
}

class Linter {
  private readonly out: Finding[] = [];
  private readonly catalog: IamCatalog;
  private readonly trust: boolean;
  /** Allow statements' action items on `"Resource": "*"`, for the privilege-escalation check. */
  private readonly broad: ActionItem[] = [];
  /** The first principal ARN seen per partition. */
  private readonly partitions = new Map<string, Node>();

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
    else {
      this.checkRequiredActions();
      this.checkEscalation();
    }
    this.checkPartitions();
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
      this.add(
        'missing-version',
        'warning',
        'No `Version`: without `"Version": "2012-10-17"` policy variables such as `${aws:username}` are plain text.',
        this.anchor(root),
        {
          path: ['Version'],
        },
      );
      return;
    }
    if (!v.value) return;
    const value = v.value.value;
    if (v.value.type !== 'string' || !VERSIONS.includes(value)) {
      this.add(
        'invalid-version',
        'error',
        `\`Version\` must be \`2012-10-17\` (or the old \`2008-10-17\`), not ${JSON.stringify(value)}.`,
        innerRange(v.value),
        { path: ['Version'] },
      );
    } else if (value === '2008-10-17') {
      this.add(
        'old-version',
        'warning',
        '`2008-10-17` is the old policy language, where policy variables are plain text: use `2012-10-17`.',
        innerRange(v.value),
        { path: ['Version'] },
      );
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
      for (const c of v.children ?? [])
        if (c.type !== 'object') this.add('invalid-type', 'error', 'A statement is a JSON object with `Effect`, `Action` and `Resource`.', nodeRange(c));
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
    if (!effectProp)
      this.add('missing-effect', 'error', 'This statement has no `Effect`: add `"Effect": "Allow"` or `"Deny"`.', this.anchor(st.node, st.props), {
        path: [...path, 'Effect'],
      });
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
    if (!action && !notAction)
      this.add('missing-action', 'error', 'This statement has no `Action` (or `NotAction`).', this.anchor(st.node, st.props), { path: [...path, 'Action'] });
    if (action && notAction) this.add('action-and-notaction', 'error', 'A statement has `Action` or `NotAction`, not both.', innerRange(notAction.keyNode));
    const services = new Set<string>();
    let anyService = !!notAction;
    const items: ActionItem[] = [];
    if (action && this.checkActions(action, path, services, items)) anyService = true;
    if (notAction && this.checkActions(notAction, path, services)) anyService = true;
    // The catalog actions the statement names, when it names only known ones (not `*`, not NotAction).
    let actions: ActionInfo[] | undefined = action && !notAction && items.length > 0 ? [] : undefined;
    for (const it of items) {
      if (!actions) break;
      if (it.verdict.all || it.verdict.problem || !it.verdict.actions?.length) actions = undefined;
      else actions.push(...it.verdict.actions);
    }
    const facts: StatementFacts = {
      path,
      allow,
      deny: effect?.value === 'Deny',
      actions,
      items,
      providers: this.trust ? federatedProviders(st.get('Principal')) : [],
    };

    const resource = st.get('Resource');
    const notResource = st.get('NotResource');
    if (this.trust) {
      for (const p of [resource, notResource]) {
        if (p)
          this.add(
            'trust-resource-not-allowed',
            'error',
            `A trust policy has no \`${p.key}\`: the role itself is the resource. Remove it.`,
            innerRange(p.keyNode),
            { path: [...path, p.key] },
          );
      }
    } else {
      if (!resource && !notResource)
        this.add(
          'missing-resource',
          'error',
          'This statement has no `Resource` (or `NotResource`): use `"Resource": "*"` or ARNs.',
          this.anchor(st.node, st.props),
          { path: [...path, 'Resource'] },
        );
      if (resource && notResource)
        this.add('resource-and-notresource', 'error', 'A statement has `Resource` or `NotResource`, not both.', innerRange(notResource.keyNode));
      if (resource) this.checkResources(resource, facts);
      if (notResource) this.checkResources(notResource);
      if (allow && resource && !notAction && stringItems(resource.value).items.some((n) => n.value === '*')) {
        this.checkBroadGrants(facts);
        this.broad.push(...items);
      }
    }
    if (notAction && allow) {
      this.add(
        'allow-with-notaction',
        'warning',
        '`NotAction` with `Allow` grants every action but the listed ones, including actions AWS adds later: list the allowed actions in `Action` instead.',
        innerRange(notAction.keyNode),
      );
    }
    if (notResource && allow) {
      this.add(
        'notresource-with-allow',
        'warning',
        '`NotResource` with `Allow` grants the actions on every resource but the listed ones, including resources created later: list the resources in `Resource` instead.',
        innerRange(notResource.keyNode),
      );
    }

    const principal = st.get('Principal');
    const notPrincipal = st.get('NotPrincipal');
    if (notPrincipal && this.trust) {
      this.add(
        'trust-notprincipal',
        'error',
        'A role trust policy cannot use `NotPrincipal`: name who may assume the role in `Principal`.',
        innerRange(notPrincipal.keyNode),
      );
    } else if (notPrincipal && allow) {
      this.add(
        'notprincipal-with-allow',
        'warning',
        '`NotPrincipal` with `Allow` trusts everyone but the listed principals, anonymous users included: name the trusted principals in `Principal`.',
        innerRange(notPrincipal.keyNode),
      );
    }
    if (principal && notPrincipal)
      this.add('principal-invalid', 'error', 'A statement has `Principal` or `NotPrincipal`, not both.', innerRange(notPrincipal.keyNode));
    for (const p of [principal, notPrincipal]) if (p) this.checkPrincipal(p, [...path, p.key], allow && p === principal);
    if (this.trust && !principal && !notPrincipal) {
      this.add(
        'trust-missing-principal',
        'error',
        'A trust policy statement needs a `Principal`: who may assume the role, e.g. `{"AWS": "arn:aws:iam::111122223333:root"}`.',
        this.anchor(st.node, st.props),
        {
          path: [...path, 'Principal'],
        },
      );
    }

    if (this.trust && principal && action) this.checkTrustPairs(principal, facts);

    const condition = st.get('Condition');
    const guarded = condition ? this.checkCondition(condition, services, anyService, facts) : false;
    if (this.trust && allow && principal && !guarded) this.checkDeputy(st, principal, path);
  }

  /** Checks an Action/NotAction list; returns true when it spans every service (`*` or a wildcard prefix). */
  private checkActions(p: Prop, statementPath: JSONPath, services: Set<string>, items?: ActionItem[]): boolean {
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
      if (seen.includes(lower))
        this.add('duplicate-action', 'warning', `\`${value}\` is listed twice in this statement: remove one.`, innerRange(n), {
          path: isArray ? [...path, i] : path,
        });
      seen.push(lower);
      const verdict = this.actionVerdict(value);
      items?.push({ node: n, value, verdict, path: isArray ? [...path, i] : path });
      if (verdict.all) all = true;
      if (verdict.service) services.add(verdict.service);
      const problem = verdict.problem;
      if (problem) {
        const inner = innerRange(n);
        const start = Math.min(inner.start + problem.from, inner.end);
        const end = problem.to === undefined ? inner.end : Math.min(inner.start + problem.to, inner.end);
        this.add(
          problem.code,
          'error',
          problem.message,
          { start, end },
          { path: isArray ? [...path, i] : path, replacement: problem.replacement, label: problem.label },
        );
      } else if (trustAction && !verdict.trustOk) {
        const itemPath = isArray ? [...path, i] : path;
        // IAM accepts `*` (or `sts:*`) here: it grants every STS action, more than assuming the role needs.
        const wide = value === '*' || (/[*?]/.test(value) && !!verdict.actions?.some((a) => a.id.toLowerCase() === 'sts:assumerole'));
        if (wide) {
          this.add(
            'trust-action-wildcard',
            'warning',
            `\`${value}\` lets the principal call every matching STS action on this role, not only assume it: list the actions it needs, e.g. \`sts:AssumeRole\`.`,
            innerRange(n),
            {
              path: itemPath,
              replacement: 'sts:AssumeRole',
            },
          );
        } else this.trustAction(value, innerRange(n), itemPath);
      }
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
      return {
        trustOk: false,
        problem: { code: 'unknown-action', message: `\`${value}\` is not an action: write \`service:Action\`, e.g. \`ec2:DescribeInstances\`.`, from: 0 },
      };
    }
    const service = value.slice(0, colon);
    const name = value.slice(colon + 1);
    if (/[*?]/.test(service)) return { all: true, trustOk: false };
    if (!this.catalog.hasService(service)) {
      const s = closest(service, this.catalog.servicePrefixes());
      return {
        trustOk: false,
        problem: {
          code: 'unknown-service',
          message: `\`${service}\` is not an AWS service prefix.${s ? ` Did you mean \`${s}\`?` : ''}`,
          from: 0,
          to: colon,
          replacement: s,
          label: s && `${s}:${name}`,
        },
      };
    }
    const svc = this.catalog.service(service)!;
    const wildcard = /[*?]/.test(name);
    const matched = wildcard ? this.catalog.matchActions(service, name) : [this.catalog.action(service, name)].filter((a) => !!a);
    if (matched.length === 0) {
      if (wildcard)
        return {
          service: svc.prefix,
          trustOk: false,
          problem: { code: 'unknown-action', message: `\`${value}\` matches no ${svc.name} action.`, from: colon + 1 },
        };
      const s = closest(
        name,
        svc.actions.map((a) => a.name),
      );
      return {
        service: svc.prefix,
        trustOk: false,
        problem: {
          code: 'unknown-action',
          message: `\`${value}\` is not ${/^[AEIOU]/i.test(svc.name) ? 'an' : 'a'} ${svc.name} action.${s ? ` Did you mean \`${svc.prefix}:${s}\`?` : ''}`,
          from: colon + 1,
          replacement: s,
          label: s && `${svc.prefix}:${s}`,
        },
      };
    }
    const trustOk = svc.prefix === 'sts' && matched.every((a) => TRUST_ACTIONS_LOWER.has(a.id.toLowerCase()));
    return { service: svc.prefix, trustOk, actions: matched };
  }

  private trustAction(value: string, range: OffsetRange, path: JSONPath): void {
    this.add(
      'trust-invalid-action',
      'error',
      `\`${value}\` does not belong in a trust policy: use ${TRUST_ACTIONS.map((a) => `\`${a}\``).join(', ')}.`,
      range,
      {
        path,
        replacement: 'sts:AssumeRole',
      },
    );
  }

  private checkResources(p: Prop, facts?: StatementFacts): void {
    const v = p.value;
    if (!v) return;
    for (const n of v.type === 'array' ? (v.children ?? []) : [v]) {
      if (n.type !== 'string') {
        this.add('invalid-type', 'error', `\`${p.key}\` is a string or an array of strings (\`"*"\` or ARNs).`, nodeRange(n));
        continue;
      }
      const problem = arnProblem(n.value as string);
      if (problem) this.add('invalid-arn', 'error', `Malformed ARN ${JSON.stringify(n.value)}: ${problem}.`, innerRange(n));
      else if (n.value !== '*') this.checkResourceType(n, facts);
    }
  }

  /**
   * An ARN against the catalog's resource types: per-service ARN rules (IAM Access Analyzer "ARN region not
   * allowed" / "ARN account not allowed": S3 bucket and object ARNs carry neither, IAM ARNs no region), and the
   * resource types the statement's actions take (Parliament RESOURCE_MISMATCH: `s3:GetObject` on a bucket).
   */
  private checkResourceType(n: Node, facts?: StatementFacts): void {
    const arn = n.value as string;
    const m = resourceMatcher(this.catalog).match(arn);
    if (!m) return;
    if (m.types.size === 0 && m.fix) {
      const what = m.fix.dropped.map((d) => (d === 'region' ? 'a region' : 'an account')).join(' or ');
      this.add(
        'arn-region-account-not-allowed',
        'error',
        `${this.catalog.serviceName(m.service) ?? m.service} ARNs of this kind have no ${m.fix.dropped.join(' and ')}, so this ARN matches nothing: write \`${m.fix.arn}\` (without ${what}).`,
        innerRange(n),
        {
          replacement: m.fix.arn,
        },
      );
      return;
    }
    const actions = facts?.actions;
    if (!actions?.length || actions.some((a) => a.resourceTypes.length === 0)) return;
    // Only actions of the ARN's own service are compared: a statement mixing services is not this check's business.
    if (!actions.every((a) => a.service === m.service)) return;
    if (actions.some((a) => a.resourceTypes.some((r) => m.types.has(r.name.toLowerCase())))) return;
    const wanted = new Map<string, string>();
    for (const a of actions) for (const r of a.resourceTypes) if (!wanted.has(r.name)) wanted.set(r.name, r.arn ?? r.name);
    const list = [...wanted]
      .slice(0, 3)
      .map(([name, format]) => `${name} (\`${format}\`)`)
      .join(', ');
    const names = actions.length === 1 ? `\`${actions[0].id}\`` : "any of this statement's actions";
    this.add(
      'resource-mismatch',
      'warning',
      `\`${arn}\` is not a resource ${names} acts on, so it grants nothing here: use ${list}${wanted.size > 3 ? ' or another of its resource types' : ''}.`,
      innerRange(n),
    );
  }

  /** Grants that are too broad: `*` or `service:*` on every resource; `iam:PassRole` on every role (IAM Access Analyzer "PassRole with star in resource"). */
  private checkBroadGrants(facts: StatementFacts): void {
    for (const it of facts.items) {
      const service = it.value === '*' ? '' : it.value.endsWith(':*') ? it.value.slice(0, -2) : undefined;
      if (service !== undefined && !/[*?]/.test(service)) {
        const what = service ? `every ${this.catalog.serviceName(service) ?? service} action` : 'every action';
        this.add(
          'full-access',
          'warning',
          `\`${it.value}\` on \`"Resource": "*"\` grants ${what} on every resource: list the actions and resources needed.`,
          innerRange(it.node),
        );
        continue;
      }
      if (it.verdict.actions?.some((a) => a.id === 'iam:PassRole')) {
        const severity = this.neededSeverity([it.value]);
        this.add(
          'passrole-any-resource',
          severity,
          `\`${it.value}\` on \`"Resource": "*"\` lets this principal pass any role, including more privileged ones, to a service: list the role ARNs it may pass in \`Resource\`.${severity === 'info' ? NEEDED_NOTE : ''}`,
          innerRange(it.node),
        );
      }
    }
  }

  /** Trust policies: each role-assumption action needs a principal type that can call it (IAM Access Analyzer "Mismatched action for principal"). */
  private checkTrustPairs(principal: Prop, facts: StatementFacts): void {
    const v = principal.value;
    if (v?.type !== 'object') return;
    const callers = new Set<string>();
    for (const pp of propsOf(v)) {
      for (const n of stringItems(pp.value).items) {
        const value = String(n.value);
        if (pp.key === 'AWS' || pp.key === 'Service') callers.add(ASSUME_ACTIONS.aws);
        else if (pp.key === 'Federated') callers.add(value.includes(':saml-provider/') ? ASSUME_ACTIONS.saml : ASSUME_ACTIONS.web);
      }
    }
    if (callers.size === 0) return;
    const supported = [...callers];
    for (const it of facts.items) {
      const wanted = Object.values(ASSUME_ACTIONS).find((a) => a.toLowerCase() === it.value.toLowerCase());
      if (!wanted || callers.has(wanted)) continue;
      const kind =
        wanted === ASSUME_ACTIONS.saml
          ? 'a SAML provider in `Federated`'
          : wanted === ASSUME_ACTIONS.web
            ? 'an OIDC or web identity provider in `Federated`'
            : 'an `AWS` or `Service` principal';
      this.add(
        'trust-action-principal-mismatch',
        'error',
        `\`${it.value}\` is called by ${kind}, and this statement names none: use ${supported.map((a) => `\`${a}\``).join(' or ')} for its principals.`,
        innerRange(it.node),
        {
          path: it.path,
          replacement: supported.length === 1 ? supported[0] : undefined,
        },
      );
    }
  }

  private checkPrincipal(p: Prop, path: JSONPath, allow: boolean): void {
    const v = p.value;
    if (!v) return;
    const wildcard = (range: OffsetRange, wpath: JSONPath, replaceWhole: boolean) => {
      if (!this.trust || !allow) return;
      this.add(
        'trust-principal-wildcard',
        'error',
        "A trust policy that allows `*` lets any AWS account assume this role: name the trusted account (e.g. the admin account's root).",
        range,
        {
          path: wpath,
          adminRoot: this.adminRoot(),
          replaceWhole,
        },
      );
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
        this.add(
          'principal-invalid',
          'error',
          `\`${pp.key}\` is not a principal type: use \`AWS\`, \`Service\`, \`Federated\` or \`CanonicalUser\`.`,
          innerRange(pp.keyNode),
          { replacement: s },
        );
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
        if (value.startsWith('arn:')) {
          const partition = splitArn(value)?.partition;
          if (partition && !this.partitions.has(partition)) this.partitions.set(partition, n);
        }
        const problem = principalProblem(pp.key, value);
        if (problem) this.add('principal-invalid', 'error', `Malformed principal ${JSON.stringify(value)}: ${problem}.`, innerRange(n));
      }
    }
  }

  /** Checks operators, keys and values; returns true when the condition guards against a confused deputy. */
  private checkCondition(p: Prop, services: Set<string>, anyService: boolean, facts: StatementFacts): boolean {
    const v = p.value;
    if (!v) return false;
    if (v.type !== 'object') {
      this.add('invalid-type', 'error', '`Condition` is an object: `{"StringEquals": {"key": "value"}}`.', nodeRange(v));
      return false;
    }
    let guarded = false;
    const ops = v.children ? propsOf(v) : [];
    const opNames = new Set(ops.map((o) => o.key));
    for (const op of ops) {
      const parsed = parseOperator(op.key);
      if (!parsed?.exact) {
        const s = caseFixedOperator(op.key) ?? closest(op.key, allOperatorForms());
        this.add(
          'unknown-condition-operator',
          'error',
          `\`${op.key}\` is not a condition operator.${s ? ` Did you mean \`${s}\`?` : ''}`,
          innerRange(op.keyNode),
          { replacement: s },
        );
      }
      if (!op.value) continue;
      if (op.value.type !== 'object') {
        this.add('invalid-type', 'error', `\`${op.key}\` takes an object of condition keys and values.`, nodeRange(op.value));
        continue;
      }
      const entries = propsOf(op.value);
      for (const entry of entries) {
        const key = entry.key;
        const values = entry.value ? (entry.value.type === 'array' ? (entry.value.children ?? []) : [entry.value]) : [];
        if (parsed && !guarded && this.isDeputyGuard(parsed, key, values)) guarded = true;
        const info = this.keyInfo(key, services, anyService);
        // An OIDC provider's own claims (`token.actions.githubusercontent.com:sub`) are keys of the trust policy that
        // names it (IAM User Guide, "Available keys for AWS OIDC federation").
        const providerKey = !info && facts.providers.some((p) => key.toLowerCase().startsWith(`${p}:`));
        if (!info && !providerKey) {
          const where = services.size ? ` or of ${[...services].map((s) => `\`${s}\``).join(', ')}` : '';
          this.add('unknown-condition-key', 'warning', `\`${key}\` is not a global condition key${where}.`, innerRange(entry.keyNode));
        } else if (info && !info.global) this.checkKeySupport(key, info.info, entry.keyNode, facts);
        if (!parsed) continue;
        const fixOp = (to: string | undefined) =>
          // Renaming the operator is safe only when no sibling has the new name (it would become a duplicate key).
          to && !opNames.has(to) ? { operatorRange: innerRange(op.keyNode), operator: to } : {};
        if (info) this.checkKeyType(parsed, key, info.info, entry.keyNode, entries.length === 1 ? fixOp : () => ({}));
        this.checkValues(parsed, key, info?.info, values, facts, entry.keyNode, entries.length === 1 ? fixOp : () => ({}), fixOp);
      }
    }
    return guarded;
  }

  /** A key's catalog entry: global keys first, then the key's own service (which must be one of the statement's, or any with `*`). */
  private keyInfo(key: string, services: Set<string>, anyService: boolean): { info: ConditionKeyInfo; global: boolean } | undefined {
    const g = this.catalog.findGlobalKey(key);
    if (g) return { info: g, global: true };
    for (const s of services) {
      const k = this.catalog.findServiceKey(s, key);
      if (k) return { info: k, global: false };
    }
    if (anyService || services.size === 0) {
      // With `*` actions (or none to go by), any service's own key is plausible.
      const colon = key.indexOf(':');
      const prefix = colon > 0 ? key.slice(0, colon) : '';
      const k = prefix && this.catalog.hasService(prefix) ? this.catalog.findServiceKey(prefix, key) : undefined;
      if (k) return { info: k, global: false };
      const sts = this.trust ? this.catalog.findServiceKey('sts', key) : undefined;
      if (sts) return { info: sts, global: false };
    }
    return undefined;
  }

  /** Parliament UNKNOWN_CONDITION_FOR_ACTION: a service key none of the statement's actions supports is never in their requests. */
  private checkKeySupport(key: string, info: ConditionKeyInfo, keyNode: Node, facts: StatementFacts): void {
    const actions = facts.actions;
    if (!actions?.length) return;
    const wanted = info.key.toLowerCase();
    if (actions.some((a) => actionKeys(a).has(wanted))) return;
    const shown =
      actions.length === 1
        ? `\`${actions[0].id}\``
        : actions.length <= 3
          ? actions.map((a) => `\`${a.id}\``).join(', ')
          : `the ${actions.length} actions of this statement`;
    this.add(
      'condition-key-not-supported',
      'warning',
      `\`${key}\` is not a condition key of ${shown}, so it is absent from their requests and the condition ${facts.deny ? 'never denies' : 'never allows'} (negated operators and \`IfExists\` aside): move it to a statement whose actions support it, or remove it.`,
      innerRange(keyNode),
    );
  }

  /** Operator against key type (Access Analyzer "Data type mismatch"), set operators on single-valued keys (Access Analyzer "ForAllValues with single-valued key"). */
  private checkKeyType(op: ParsedOperator, key: string, info: ConditionKeyInfo, keyNode: Node, fixOp: (to: string | undefined) => PolicyFindingData): void {
    // `amr` (authentication methods) of a web identity token has several values, whatever the catalog types it as
    // (IAM User Guide, "Available keys for AWS OIDC federation": compare it with ForAnyValue:StringLike).
    const multivalued = isMultivalued(info.type) || key.toLowerCase().endsWith(':amr');
    if (op.setQualifier && info.type && !multivalued) {
      const without = op.canonical.slice(op.setQualifier.length + 1);
      const why =
        op.setQualifier === 'ForAllValues'
          ? 'is also true when the key is absent from the request, so it can allow more than meant'
          : 'adds nothing for a key with one value';
      this.add(
        'set-operator-single-valued-key',
        'warning',
        `\`${op.setQualifier}:\` is for multivalued keys; \`${key}\` has a single value and \`${op.setQualifier}:\` ${why}: use \`${without}\`.`,
        innerRange(keyNode),
        fixOp(without),
      );
    }
    const mismatch = info.type ? operatorKeyMismatch(op.def.type, info.type, key) : undefined;
    if (mismatch) {
      const suggest = operatorForKeyType(info.type);
      this.add(
        'condition-type-mismatch',
        'error',
        `\`${op.base}\` compares ${op.def.type === 'ip' ? 'IP addresses' : `${op.def.type} values`}, but \`${key}\` is ${mismatch}${suggest ? `: use \`${suggest}\`` : ''}.`,
        innerRange(keyNode),
      );
    }
  }

  /**
   * Each value against the operator (Access Analyzer "Data type mismatch": a date for `aws:CurrentTime`, `true`/`false`
   * for `Bool`), wildcards in exact string operators (Access Analyzer "Wildcard without like operator"), guards that
   * match anything, and Parliament's BAD_PATTERN_FOR_MFA.
   */
  private checkValues(
    op: ParsedOperator,
    key: string,
    info: ConditionKeyInfo | undefined,
    values: Node[],
    facts: StatementFacts,
    keyNode: Node,
    fixOp: (to: string | undefined) => PolicyFindingData,
    fixOpAny: (to: string | undefined) => PolicyFindingData,
  ): void {
    const type = op.def.type;
    const lowerKey = key.toLowerCase();
    for (const n of values) {
      if (n.type !== 'string' && n.type !== 'number' && n.type !== 'boolean') continue;
      const value = n.value as string | number | boolean;
      const problem = valueProblem(type, value);
      if (problem) {
        const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
        this.add(
          'condition-type-mismatch',
          'error',
          `${shown} ${problem}, which \`${op.base}\` needs${info ? ` (\`${key}\` is ${info.type})` : ''}: correct the value or the operator.`,
          innerRange(n),
        );
        continue;
      }
      if (typeof value !== 'string') continue;
      const wild = /[*?]/.test(value.replace(/\$\{[^}]*\}/g, ''));
      if (wild && EXACT_STRING_OPS.has(op.base)) {
        const like = LIKE_FORM[op.base];
        const target = like ? op.canonical.replace(op.base, like) : undefined;
        this.add(
          'wildcard-without-like',
          'warning',
          `\`${op.base}\` compares ${JSON.stringify(value)} character for character, so \`*\` and \`?\` are not wildcards here: ${target ? `use \`${target}\`` : 'use `StringLike` (case-sensitive)'} to match a pattern.`,
          innerRange(n),
          target ? fixOpAny(target) : undefined,
        );
      }
      if (facts.allow && !op.def.negated && GUARD_KEYS.has(lowerKey) && matchesAnything(op, value)) {
        this.add(
          'guard-matches-anything',
          'warning',
          `\`${key}\` compared with ${JSON.stringify(value)} accepts every request that has the key, so it guards nothing: compare it with the expected ${lowerKey === 'sts:externalid' ? 'external ID' : 'value'}.`,
          innerRange(n),
        );
      }
    }
    if (lowerKey === 'aws:multifactorauthpresent' && op.base === 'Bool' && values.some((n) => String(n.value).toLowerCase() === 'false')) {
      // aws:MultiFactorAuthPresent is absent for long-term access keys: `Bool … false` does not match their requests.
      if (facts.allow) {
        this.add(
          'mfa-bad-pattern',
          'warning',
          `\`"Bool": {"${key}": "false"}\` in an \`Allow\` never matches requests signed with long-term access keys (the key is absent), and grants requests without MFA: to require MFA, allow with \`"true"\`, or deny with \`BoolIfExists\` \`"false"\`.`,
          innerRange(keyNode),
        );
      } else if (facts.deny && !op.ifExists) {
        this.add(
          'mfa-bad-pattern',
          'warning',
          `\`Bool\` does not deny requests signed with long-term access keys, which have no \`${key}\`: use \`BoolIfExists\` so they are denied too.`,
          innerRange(keyNode),
          fixOp(op.canonical.replace('Bool', 'BoolIfExists')),
        );
      }
    }
  }

  /** A condition that only passes a request carrying a real value: an exact, non-empty ExternalId, or MFA present. */
  private isDeputyGuard(op: ParsedOperator, key: string, values: Node[]): boolean {
    if (op.ifExists || op.def.negated || op.setQualifier === 'ForAllValues' || values.length === 0) return false;
    const texts = values.map((n) => (n.type === 'string' ? (n.value as string) : n.type === 'boolean' || n.type === 'number' ? String(n.value) : undefined));
    switch (key.toLowerCase()) {
      case 'sts:externalid':
        return (op.base === 'StringEquals' || op.base === 'StringEqualsIgnoreCase') && texts.every((t) => !!t && !t.includes('${'));
      case 'aws:multifactorauthpresent':
        return op.base === 'Bool' && texts.every((t) => t?.toLowerCase() === 'true');
      case 'aws:multifactorauthage':
        return op.base === 'NumericLessThan' || op.base === 'NumericLessThanEquals';
      default:
        return false;
    }
  }

  /** Documented privilege-escalation methods the Allow statements on every resource grant together (see ESCALATION_METHODS). */
  private checkEscalation(): void {
    if (this.broad.length === 0) return;
    const byNode = new Map<ActionItem, string[]>();
    // Exact actions by name, wildcards tried one by one: a policy lists hundreds of actions and a few patterns.
    const exact = new Map<string, ActionItem>();
    const patterns: ActionItem[] = [];
    for (const it of this.broad) {
      if (it.value === '*' || it.value.endsWith(':*')) continue;
      if (/[*?]/.test(it.value)) patterns.push(it);
      else if (!exact.has(it.value.toLowerCase())) exact.set(it.value.toLowerCase(), it);
    }
    for (const method of ESCALATION_METHODS) {
      const covering = method.map((a) => exact.get(a.toLowerCase()) ?? patterns.find((it) => coversAction(it.value, a)));
      if (covering.some((c) => !c)) continue;
      const at = covering[0]!;
      const list = byNode.get(at) ?? [];
      list.push(method.join(' + '));
      byNode.set(at, list);
    }
    for (const [it, methods] of byNode) {
      const severity = this.neededSeverity(methods.flatMap((m) => m.split(' + ')));
      this.add(
        'privilege-escalation',
        severity,
        `\`${it.value}\` on every resource (${methods.map((m) => `\`${m}\``).join('; ')}) is a known way for a principal to raise its own permissions: limit \`Resource\` to what it must reach, or add conditions.${severity === 'info' ? NEEDED_NOTE : ''}`,
        innerRange(it.node),
      );
    }
  }

  /**
   * `info` instead of `warning` for grants cross-account backup itself needs, in a policy the accounts file names as
   * an account's permissions: the vendor's permission set has them by design, and the user cannot drop them.
   */
  private neededSeverity(actions: string[]): Severity {
    const permissions = this.opts.accounts?.references.some((r) => r.as === 'permissions');
    const needed = permissions && actions.every((a) => BACKUP_PERMISSION_SET.some((r) => r.toLowerCase() === a.toLowerCase()));
    return needed ? 'info' : 'warning';
  }

  /** Principals of two partitions (`aws`, `aws-cn`…) in one policy: no principal belongs to both, so one half never matches. */
  private checkPartitions(): void {
    if (this.partitions.size < 2) return;
    const [first, ...others] = [...this.partitions.keys()];
    for (const p of others) {
      this.add(
        'principal-mixed-partitions',
        'warning',
        `This principal is in partition \`${p}\`, another is in \`${first}\`: a role lives in one partition, so principals of the other can never assume or use it. Keep one partition.`,
        innerRange(this.partitions.get(p)!),
      );
    }
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
  private externalIdMismatch(
    tree: Node,
    tenant: string,
    admin: string,
    externalId: string,
    failures: ReturnType<typeof checkTenantTrust>['externalIdFailures'],
  ): void {
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
    const most = this.trust ? 'a trust policy may have at most 4,096' : "a managed policy may have at most 6,144, and a role's inline policies together 10,240";
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
        this.add(
          'policy-too-large',
          'error',
          `This trust policy has ${size.toLocaleString('en-US')} characters (whitespace not counted): the most IAM allows is 4,096.`,
          range,
        );
      } else if (size > SIZE_QUOTAS.trustDefault) {
        this.add(
          'policy-too-large',
          'warning',
          `This trust policy has ${size.toLocaleString('en-US')} characters (whitespace not counted): over the default quota of 2,048, so it needs a quota increase (up to 4,096).`,
          range,
        );
      }
    } else if (size > SIZE_QUOTAS.managed) {
      this.add(
        'policy-too-large',
        'error',
        `This policy has ${size.toLocaleString('en-US')} characters (whitespace not counted): a managed policy may have at most 6,144. Split it into several policies.`,
        range,
      );
    }
  }
}

/** The identity providers a Principal's `Federated` names: an OIDC provider ARN's URL, or a provider name such as `accounts.google.com`. */
function federatedProviders(principal: Prop | undefined): string[] {
  const fed = propsOf(principal?.value).find((p) => p.key === 'Federated');
  return stringItems(fed?.value).items.map((n) => {
    const v = String(n.value);
    const i = v.indexOf(':oidc-provider/');
    return (i >= 0 ? v.slice(i + ':oidc-provider/'.length) : v).toLowerCase();
  });
}

/** Whether a Like/ARN comparison with `value` accepts every value the key can have (`*`, `arn:aws:*:*:*:*`). */
function matchesAnything(op: ParsedOperator, value: string): boolean {
  if (op.def.type !== 'string-like' && op.def.type !== 'arn') return false;
  if (/^\*+$/.test(value)) return true;
  return (
    op.def.type === 'arn' &&
    /^arn:[^:]*(:\*?){3}:\*$/.test(value) &&
    value
      .split(':')
      .slice(1)
      .every((p) => p === '' || p === '*' || /^aws/.test(p))
  );
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
