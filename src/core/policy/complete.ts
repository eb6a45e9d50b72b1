// Completions in policy documents: service prefixes, actions and their wildcards, condition operators and keys, principals, values.
import { findNodeAtLocation, type JSONPath } from 'jsonc-parser';
import type { OffsetRange } from '../findings';
import type { PolicyAccounts } from './accounts';
import { resolveActions, type ActionInfo, type IamCatalog } from './catalog';
import { locate, type CursorPlace } from './locate';
import { POLICY_ELEMENTS, STATEMENT_ELEMENTS, VERSIONS } from './lint';
import { allOperatorForms, CONDITION_OPERATORS, parseOperator } from '../iam/operators';
import { PRINCIPAL_KEYS } from '../iam/principal';
import { stringItems, type PolicyModel } from './parse';

export type CompletionKind = 'element' | 'value' | 'service' | 'action' | 'wildcard' | 'operator' | 'key' | 'principal';

export interface PolicyCompletion {
  label: string;
  kind: CompletionKind;
  /** Replaces `range`; already quoted when the cursor is not inside a string. */
  insertText: string;
  range: OffsetRange;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Ask for completions again after inserting (a service prefix is followed by its actions). */
  retrigger?: boolean;
  sortText?: string;
}

export interface CompletionOptions {
  catalog: IamCatalog;
  accounts?: PolicyAccounts;
}

/** Service principals a backup setup (and most roles) trusts; any `*.amazonaws.com` name is valid. */
const SERVICE_PRINCIPALS = [
  'ec2.amazonaws.com',
  'backup.amazonaws.com',
  'vmie.amazonaws.com',
  'ssm.amazonaws.com',
  'lambda.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'events.amazonaws.com',
  'states.amazonaws.com',
  'cloudformation.amazonaws.com',
  'codebuild.amazonaws.com',
  'dlm.amazonaws.com',
  's3.amazonaws.com',
];

const ELEMENT_DOCS: Record<string, string> = {
  Version: 'The policy language version: always `2012-10-17`.',
  Id: 'An optional identifier for the policy.',
  Statement: 'One statement object or an array of them.',
  Sid: 'An optional statement ID: letters and digits only, unique in the policy.',
  Effect: '`Allow` or `Deny`.',
  Principal: 'Who the statement applies to (trust and resource policies): `{"AWS": …}`, `{"Service": …}`, `{"Federated": …}` or `"*"`.',
  NotPrincipal: 'Everyone except the listed principals. Avoid with `Allow`.',
  Action: 'The actions, `service:Action`; `*` and `?` wildcards allowed.',
  NotAction: 'Every action except the listed ones.',
  Resource: 'The resources, as ARNs or `*`.',
  NotResource: 'Every resource except the listed ones. Avoid with `Allow`.',
  Condition: 'When the statement applies: `{"Operator": {"key": "value"}}`.',
};

/** The completions at `offset` of a document, read from its model (the cached one in the editor). */
export function completePolicy(doc: PolicyModel, offset: number, opts: CompletionOptions): PolicyCompletion[] {
  const place = locate(doc, offset);
  const range: OffsetRange = place.inString?.range ?? { start: offset, end: offset };
  const quote = (s: string) => (place.inString ? s : JSON.stringify(s));
  const item = (label: string, kind: CompletionKind, extra: Partial<PolicyCompletion> = {}): PolicyCompletion => ({
    label,
    kind,
    range,
    ...extra,
    insertText: quote(extra.insertText ?? label),
  });
  switch (place.slot) {
    case 'policy-key':
      return POLICY_ELEMENTS.map((e) => item(e, 'element', { documentation: ELEMENT_DOCS[e] }));
    case 'statement-key':
      return STATEMENT_ELEMENTS.map((e) => item(e, 'element', { documentation: ELEMENT_DOCS[e] }));
    case 'version':
      return VERSIONS.map((v, i) =>
        item(v, 'value', { detail: i === 0 ? 'current policy language' : 'old language: variables are plain text', sortText: String(i) }),
      );
    case 'effect':
      return ['Allow', 'Deny'].map((v) => item(v, 'value'));
    case 'action':
      return actionCompletions(place, opts.catalog, item);
    case 'condition-operator':
      return allOperatorForms().map((op) => {
        const base = parseOperator(op)!.base;
        return item(op, 'operator', {
          documentation: CONDITION_OPERATORS[base],
          sortText: `${op.includes(':') ? 1 : 0}${op.endsWith('IfExists') ? 1 : 0}${op}`,
        });
      });
    case 'condition-key':
      return conditionKeyCompletions(doc, place, opts.catalog, item);
    case 'principal-key':
      return PRINCIPAL_KEYS.map((k) => item(k, 'principal'));
    case 'principal':
      return [item('*', 'principal', { detail: 'everyone — avoid in trust policies' })];
    case 'principal-value':
      return principalCompletions(place, opts.accounts, item);
    case 'resource':
      return resourceCompletions(doc, place, opts.catalog, item);
    case 'condition-value':
      return conditionValueCompletions(place, opts.accounts, item);
    default:
      return [];
  }
}

type ItemFn = (label: string, kind: CompletionKind, extra?: Partial<PolicyCompletion>) => PolicyCompletion;

function actionCompletions(place: CursorPlace, catalog: IamCatalog, item: ItemFn): PolicyCompletion[] {
  const typed = place.inString?.typed ?? '';
  const colon = typed.indexOf(':');
  if (colon < 0) {
    const out = catalog.servicePrefixes().map((p) => item(p, 'service', { insertText: `${p}:`, detail: catalog.serviceName(p), retrigger: true }));
    out.push(item('*', 'wildcard', { detail: 'every action of every service' }));
    if (!place.inString) for (const o of out) o.retrigger = false;
    return out;
  }
  const svc = catalog.service(typed.slice(0, colon));
  if (!svc) return [];
  const out: PolicyCompletion[] = [item(`${svc.prefix}:*`, 'wildcard', { detail: `all ${svc.actions.length} ${svc.name} actions`, sortText: '0' })];
  const verbs = new Map<string, number>();
  for (const a of svc.actions) {
    const verb = /^[A-Z][a-z]+/.exec(a.name)?.[0];
    if (verb) verbs.set(verb, (verbs.get(verb) ?? 0) + 1);
  }
  for (const [verb, n] of verbs) if (n > 1) out.push(item(`${svc.prefix}:${verb}*`, 'wildcard', { detail: `${n} actions`, sortText: `1${verb}` }));
  for (const a of svc.actions) {
    out.push(
      item(a.id, 'action', {
        detail: a.accessLevel,
        documentation: `${a.description}${a.resourceTypes.length ? `\n\nResource types: ${a.resourceTypes.map((r) => `\`${r.name}\``).join(', ')}` : ''}`,
        sortText: `2${a.name}`,
      }),
    );
  }
  return out;
}

/** The services named by the statement's actions (lowercased), read from the possibly half-typed document. */
function statementServices(doc: PolicyModel, statementPath: JSONPath | undefined): string[] {
  if (!statementPath) return [];
  const root = doc.root;
  if (!root) return [];
  const out = new Set<string>();
  for (const key of ['Action', 'NotAction']) {
    for (const n of stringItems(findNodeAtLocation(root, [...statementPath, key])).items) {
      const v = String(n.value);
      const colon = v.indexOf(':');
      if (colon > 0 && !/[*?]/.test(v.slice(0, colon))) out.add(v.slice(0, colon).toLowerCase());
    }
  }
  return [...out];
}

/** The catalog actions the statement's `Action` names, when it names only known ones (see `resolveActions`). */
export function statementActions(doc: PolicyModel, statementPath: JSONPath | undefined, catalog: IamCatalog): ActionInfo[] | undefined {
  const root = doc.root;
  if (!statementPath || !root) return undefined;
  const values = stringItems(findNodeAtLocation(root, [...statementPath, 'Action'])).items.map((n) => String(n.value));
  return values.length ? resolveActions(catalog, values) : undefined;
}

function conditionKeyCompletions(doc: PolicyModel, place: CursorPlace, catalog: IamCatalog, item: ItemFn): PolicyCompletion[] {
  const out: PolicyCompletion[] = [];
  const seen = new Set<string>();
  // Variable parts (`${TagKey}`) are left for the user to type: the insert stops before them.
  const add = (key: string, detail: string, documentation: string, sort: string) => {
    const lower = key.toLowerCase();
    if (seen.has(lower)) return;
    seen.add(lower);
    const cut = key.indexOf('${');
    out.push(item(key, 'key', { insertText: cut >= 0 ? key.slice(0, cut) : key, detail, documentation, sortText: `${sort}${key}` }));
  };
  // With known actions, only the service keys one of them supports (a key none supports is never in the request).
  const actions = statementActions(doc, place.statementPath, catalog);
  const supported = actions && new Set(actions.flatMap((a) => a.conditionKeys.map((k) => k.toLowerCase())));
  for (const s of statementServices(doc, place.statementPath)) {
    const svc = catalog.service(s);
    for (const k of svc?.conditionKeys ?? []) {
      if (supported && !k.key.toLowerCase().startsWith('aws:') && !supported.has(k.key.toLowerCase())) continue;
      add(k.key, `${k.type} — ${svc!.name}`, k.description, '0');
    }
  }
  for (const k of catalog.globalKeys()) add(k.key, `${k.type} — global (${k.category})`, '', '1');
  return out;
}

function principalCompletions(place: CursorPlace, accounts: PolicyAccounts | undefined, item: ItemFn): PolicyCompletion[] {
  if (place.parentKey === 'Service') return SERVICE_PRINCIPALS.map((s) => item(s, 'principal'));
  if (place.parentKey !== 'AWS') return [];
  const out: PolicyCompletion[] = [];
  for (const a of accounts?.topology.admins ?? []) {
    if (typeof a.accountId !== 'string') continue;
    out.push(item(`arn:aws:iam::${a.accountId}:root`, 'principal', { detail: `admin account ${a.name}`, sortText: `0${a.name}` }));
    if (typeof a.hypervisor?.roleArn === 'string')
      out.push(item(a.hypervisor.roleArn, 'principal', { detail: `admin ${a.name}'s role`, sortText: `1${a.name}` }));
  }
  for (const t of accounts?.topology.tenants ?? []) {
    if (typeof t.accountId !== 'string') continue;
    out.push(item(`arn:aws:iam::${t.accountId}:root`, 'principal', { detail: `tenant account ${t.name}`, sortText: `2${t.name}` }));
  }
  out.push(item('arn:aws:iam::ACCOUNT_ID:root', 'principal', { detail: 'an account root (all its principals that their own policies allow)', sortText: '3' }));
  out.push(item('arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME', 'principal', { detail: 'one role', sortText: '4' }));
  return out;
}

function resourceCompletions(doc: PolicyModel, place: CursorPlace, catalog: IamCatalog, item: ItemFn): PolicyCompletion[] {
  const out = [item('*', 'value', { detail: 'every resource', sortText: '0' })];
  const seen = new Set<string>();
  // With known actions, only the resource types they act on; else every type of the statement's services.
  const actions = statementActions(doc, place.statementPath, catalog);
  const wanted = actions && new Set(actions.flatMap((a) => a.resourceTypes.map((r) => `${a.service}/${r.name}`)));
  for (const s of statementServices(doc, place.statementPath)) {
    const svc = catalog.service(s);
    for (const [name, arn] of svc?.resourceTypes ?? []) {
      if (wanted && !wanted.has(`${svc!.prefix}/${name}`)) continue;
      // ARN formats become wildcard patterns: `${Region}` → `*`, the final id → `*`.
      const pattern = arn.replace('${Partition}', 'aws').replace(/\$\{[^}]*\}/g, '*');
      if (seen.has(pattern)) continue;
      seen.add(pattern);
      out.push(item(pattern, 'value', { detail: `${svc!.prefix} ${name}`, documentation: `ARN format: \`${arn}\``, sortText: `1${name}` }));
    }
  }
  return out;
}

function conditionValueCompletions(place: CursorPlace, accounts: PolicyAccounts | undefined, item: ItemFn): PolicyCompletion[] {
  const key = place.parentKey?.toLowerCase();
  if (key === 'sts:externalid') {
    const ref = accounts?.references.find((r) => r.as === 'trust' && r.role === 'tenant');
    const id = ref && (ref.account as { hypervisor?: { externalId?: unknown } }).hypervisor?.externalId;
    return typeof id === 'string' && id ? [item(id, 'value', { detail: `tenant ${ref!.account.name}'s external ID` })] : [];
  }
  if (key === 'aws:multifactorauthpresent' || key === 'aws:securetransport' || key === 'aws:principalisawsservice')
    return ['true', 'false'].map((v) => item(v, 'value'));
  if (key === 'aws:principalarn' && accounts) {
    return accounts.topology.admins
      .filter((a) => typeof a.hypervisor?.roleArn === 'string')
      .map((a) => item(a.hypervisor.roleArn!, 'value', { detail: `admin ${a.name}'s role` }));
  }
  return [];
}
