// Hovers in policy documents: what an action does, what a wildcard expands to, an ARN's parts and whose account it is.
import type { OffsetRange } from '../findings';
import { describeAccount, type PolicyAccounts } from './accounts';
import { splitArn } from '../iam/arn';
import { principalAccount } from '../iam/principal';
import type { ActionInfo, IamCatalog } from './catalog';
import { statementActions } from './complete';
import { operatorForKeyType } from './condition-types';
import { locate, type CursorPlace } from './locate';
import { resourceMatcher } from './resource-types';
import { CONDITION_OPERATORS, parseOperator } from '../iam/operators';
import type { PolicyModel } from './parse';

export interface PolicyHover {
  range: OffsetRange;
  /** Markdown. */
  markdown: string;
}

export interface HoverOptions {
  catalog: IamCatalog;
  accounts?: PolicyAccounts;
}

/** How many actions a wildcard hover lists before it says "and N more". */
const WILDCARD_LIST_MAX = 40;

/** The hover at `offset` of a document, read from its model (the cached one in the editor). */
export function hoverPolicy(doc: PolicyModel, offset: number, opts: HoverOptions): PolicyHover | undefined {
  const place = locate(doc, offset);
  const s = place.inString;
  if (!s) return undefined;
  const value = s.value;
  const range = s.range;
  const md = (() => {
    switch (place.slot) {
      case 'action':
        return actionHover(value, opts.catalog);
      case 'condition-operator':
        return operatorHover(value);
      case 'condition-key':
        return conditionKeyHover(value, opts.catalog, doc, place);
      case 'resource':
        return value.startsWith('arn:') ? arnHover(value, opts, doc, place) : undefined;
      case 'principal-value':
      case 'condition-value':
        return value.startsWith('arn:') || /^\d{12}$/.test(value) ? arnHover(value, opts) : undefined;
      default:
        return undefined;
    }
  })();
  return md ? { range, markdown: md } : undefined;
}

function actionHover(value: string, catalog: IamCatalog): string | undefined {
  if (value === '*') return '`*`: **every action of every service**.';
  const colon = value.indexOf(':');
  if (colon <= 0) return undefined;
  const service = value.slice(0, colon);
  const name = value.slice(colon + 1);
  const svc = catalog.service(service);
  if (!svc) return undefined;
  if (/[*?]/.test(name)) {
    const matched = catalog.matchActions(service, name);
    const listed = matched.slice(0, WILDCARD_LIST_MAX).map((a) => `- \`${a.id}\` — ${a.accessLevel}`);
    const more = matched.length > WILDCARD_LIST_MAX ? [`- … and ${matched.length - WILDCARD_LIST_MAX} more`] : [];
    const levels = countBy(matched.map((a) => a.accessLevel));
    return [
      `**\`${value}\`** matches **${matched.length}** ${svc.name} action${matched.length === 1 ? '' : 's'}${matched.length ? ` (${levels})` : ''}.`,
      '',
      ...listed,
      ...more,
    ].join('\n');
  }
  const a = catalog.action(service, name);
  return a ? describeAction(a, svc.name) : undefined;
}

function describeAction(a: ActionInfo, serviceName: string): string {
  const lines = [`**${a.id}** — ${serviceName}`, '', a.description || '(no description)', '', `Access level: **${a.accessLevel}**`];
  if (a.resourceTypes.length) {
    lines.push('', 'Resource types:');
    for (const r of a.resourceTypes) lines.push(`- \`${r.name}\`${r.required ? ' (required)' : ''}${r.arn ? `: \`${r.arn}\`` : ''}`);
  } else lines.push('', 'Resource types: none (use `"Resource": "*"`).');
  if (a.conditionKeys.length) lines.push('', `Condition keys: ${a.conditionKeys.map((k) => `\`${k}\``).join(', ')}`);
  return lines.join('\n');
}

/** The catalog key types each operator family is for (see condition-types.ts; string and ARN operators read any key as text). */
const OPERATOR_KEY_TYPES: Partial<Record<string, string>> = {
  string: '`String` and `ARN`',
  'string-like': '`String` and `ARN`',
  arn: '`ARN` (and `String` keys that hold ARNs)',
  numeric: '`Numeric` (and `aws:EpochTime`)',
  date: '`Date`',
  bool: '`Bool`',
  ip: '`IPAddress`',
};

function operatorHover(op: string): string | undefined {
  const p = parseOperator(op);
  if (!p?.exact) return undefined;
  const parts = [`**${op}** — ${CONDITION_OPERATORS[p.base]}`];
  const fits = OPERATOR_KEY_TYPES[p.def.type];
  if (fits) parts.push('', `For keys of type ${fits}.`);
  if (p.ifExists) parts.push('', '`IfExists`: also true when the key is absent from the request.');
  if (p.setQualifier === 'ForAnyValue') parts.push('', '`ForAnyValue`: true when at least one value in the request matches (and false for an empty set).');
  if (p.setQualifier === 'ForAllValues')
    parts.push('', '`ForAllValues`: true when every value in the request matches (and true for an empty set or a missing key).');
  return parts.join('\n');
}

function conditionKeyHover(key: string, catalog: IamCatalog, doc: PolicyModel, place: CursorPlace): string | undefined {
  const global = catalog.findGlobalKey(key);
  const operators = (type: string) => {
    const op = operatorForKeyType(type);
    return op ? `\n\nCompare it with \`${op}\`${type.startsWith('ArrayOf') ? ' under `ForAnyValue:` or `ForAllValues:` (it has several values)' : ''}.` : '';
  };
  if (global) return `**${global.key}** — global condition key (${global.category}), type \`${global.type}\`${operators(global.type)}`;
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = key.slice(0, colon);
  const found = (catalog.hasService(prefix) ? catalog.findServiceKey(prefix, key) : undefined) ?? catalog.findServiceKey('sts', key);
  if (!found) return undefined;
  // Which of the statement's actions put the key in their requests (the condition-key-not-supported check's view).
  const actions = statementActions(doc, place.statementPath, catalog);
  let support = '';
  if (actions) {
    const wanted = found.key.toLowerCase();
    const yes = actions.filter((a) => a.conditionKeys.some((k) => k.toLowerCase() === wanted)).map((a) => `\`${a.id}\``);
    support = yes.length
      ? `\n\nSupported by ${yes.length === actions.length ? 'every action of this statement' : yes.slice(0, 10).join(', ') + (yes.length > 10 ? ` and ${yes.length - 10} more` : '')}.`
      : "\n\nNone of this statement's actions supports it.";
  }
  return `**${found.key}** — type \`${found.type}\`\n\n${found.description}${operators(found.type)}${support}`;
}

function arnHover(value: string, opts: HoverOptions, doc?: PolicyModel, place?: CursorPlace): string | undefined {
  const lines: string[] = [];
  const account = principalAccount(value) ?? splitArn(value)?.account;
  const p = splitArn(value);
  if (p) {
    lines.push(`**ARN** \`${value}\``, '', '| part | value |', '|---|---|');
    lines.push(
      `| partition | \`${p.partition}\` |`,
      `| service | \`${p.service}\` |`,
      `| region | ${cell(p.region)} |`,
      `| account | ${cell(p.account)} |`,
      `| resource | \`${p.resource}\` |`,
    );
    const m = resourceMatcher(opts.catalog).match(value);
    if (m && m.types.size > 0) {
      const formats = resourceMatcher(opts.catalog)
        .formatsOf(m.service)
        .filter((f) => m.types.has(f.name.toLowerCase()));
      lines.push('', `Resource type${formats.length === 1 ? '' : 's'}: ${formats.map((f) => `\`${f.name}\` (\`${f.arn}\`)`).join(', ')}`);
      const actions = doc && place ? statementActions(doc, place.statementPath, opts.catalog) : undefined;
      if (actions) {
        const acting = actions.filter((a) => a.resourceTypes.some((r) => m.types.has(r.name.toLowerCase()))).map((a) => `\`${a.id}\``);
        lines.push(
          '',
          acting.length
            ? `Acted on by ${acting.slice(0, 10).join(', ')}${acting.length > 10 ? ` and ${acting.length - 10} more` : ''}.`
            : "None of this statement's actions acts on it.",
        );
      }
    } else if (m?.fix) lines.push('', `Matches no ${m.service} resource type; \`${m.fix.arn}\` would.`);
  } else lines.push(`**Account** \`${value}\``);
  const who = account && opts.accounts ? describeAccount(opts.accounts.topology, account) : undefined;
  if (who) lines.push('', `Account ${account} is the ${who} in the accounts file.`);
  else if (account && opts.accounts && /^\d{12}$/.test(account)) lines.push('', `Account ${account} is not in the accounts file.`);
  return lines.join('\n');
}

const cell = (s: string) => (s === '' ? '*(none)*' : `\`${s}\``);

function countBy(values: string[]): string {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([k, n]) => `${n} ${k}`).join(', ');
}
