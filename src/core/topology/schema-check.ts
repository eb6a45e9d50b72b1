// Validates the accounts file against schemas/topology.schema.json (the strict schema; VS Code validates with a lenient copy, see scripts/build-editor-schemas.mjs) and turns violations into findings with ranges.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { findNodeAtLocation, getNodeValue, type JSONPath, type Node } from 'jsonc-parser';
import schema from '../../../schemas/topology.schema.json';
import { requireChunk } from '../bundled';
import type { Finding, OffsetRange } from '../findings';
import { isObject, type LoadedAccounts } from './load';

let validator: ValidateFunction | undefined;

/** Loaded and compiled on first use: activation never pays for it. */
function validate(): ValidateFunction {
  if (!validator) {
    // Bundled, ajv is its own file next to the bundle: the extension and the CLI only compile it when an
    // accounts file is first checked.
    const { Ajv } = requireChunk<typeof import('./ajv-bundle')>('ajv', __dirname, 'ajv-bundle');
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    // VS Code's own schema keywords: known to the editor, meaningless to validation.
    ajv.addVocabulary(['enumDescriptions', 'markdownDescription', 'defaultSnippets', 'deprecationMessage', 'patternErrorMessage', 'errorMessage']);
    validator = ajv.compile(schema);
  }
  return validator;
}

/** What a pattern means, for messages; keyed by the property that has the pattern. */
const FORMAT_HINTS: Record<string, string> = {
  region: 'a region code such as `us-east-1`',
  regions: 'a region code such as `us-east-1`',
  availabilityZone: 'an availability zone such as `us-east-1a`',
  roleArn: 'a role ARN such as `arn:aws:iam::222222222222:role/vsa-role`',
  userArn: 'a user ARN such as `arn:aws:iam::111111111111:user/backup`',
  instanceId: 'an EC2 instance id: `i-` and 8 or 17 hexadecimal digits',
  externalId: '2 to 1,224 letters, digits or `+=,.@:/-_` characters',
};

/** Schema violations of the parsed file: `missing-property` for required properties, `invalid-value` for everything else. */
export function checkSchema(loaded: LoadedAccounts): Finding[] {
  const root = loaded.root;
  if (!root) return [];
  const value: unknown = getNodeValue(root);
  const check = validate();
  if (check(value)) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const e of check.errors ?? []) {
    const finding = toFinding(e, root, value);
    if (!finding) continue;
    const key = `${finding.code}:${finding.range.start}:${finding.range.end}:${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

function toFinding(e: ErrorObject, root: Node, value: unknown): Finding | undefined {
  const path = pointerToPath(e.instancePath);
  const prop = lastKey(path);
  const where = describe(path, value);
  switch (e.keyword) {
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      return {
        code: 'missing-property',
        severity: 'error',
        message: `${capitalize(where)} has no \`${missing}\`: add the \`"${missing}"\` property${hintFor(missing)}.`,
        range: objectAnchor(root, path),
        data: { property: missing },
      };
    }
    case 'pattern':
      // account-id-format says it better, with its own code.
      if (prop === 'accountId') return undefined;
      return invalid(
        root,
        path,
        `\`${show(valueAt(value, path))}\` is not valid for \`${prop}\` of ${describe(parentOf(path), value)}: expected ${FORMAT_HINTS[prop] ?? `a value matching ${String((e.params as { pattern: string }).pattern)}`}.`,
      );
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const actual = valueAt(value, path);
      const near = typeof actual === 'string' ? allowed.find((a) => a.toLowerCase() === actual.toLowerCase().replace(/[\s_-]/g, '')) : undefined;
      const fix = near ? ` Did you mean \`${near}\`?` : '';
      return invalid(
        root,
        path,
        `\`${show(actual)}\` is not a valid \`${prop}\` for ${describe(parentOf(path), value)}: use one of ${allowed.map((a) => `\`${a}\``).join(', ')}.${fix}`,
      );
    }
    case 'type': {
      const expected = String((e.params as { type: string }).type);
      const actual = valueAt(value, path);
      const quote = expected === 'string' && (typeof actual === 'number' || typeof actual === 'boolean') ? ' (put it in double quotes)' : '';
      const subject = path.length === 0 ? 'The accounts file' : `\`${prop}\` of ${describe(parentOf(path), value)}`;
      return invalid(root, path, `${subject} must be ${article(expected)}${quote}, not ${kindOf(actual)}.`);
    }
    case 'minLength':
      return invalid(root, path, `\`${prop}\` of ${describe(parentOf(path), value)} must not be empty.`);
    case 'if':
      // The `then` branch reports what is actually wrong.
      return undefined;
    default:
      return invalid(root, path, `\`${prop || 'value'}\` of ${describe(parentOf(path), value)} ${e.message ?? 'is not valid'}.`);
  }
}

function invalid(root: Node, path: JSONPath, message: string): Finding {
  const node = findNodeAtLocation(root, path) ?? root;
  return { code: 'invalid-value', severity: 'error', message, range: { start: node.offset, end: node.offset + node.length } };
}

/**
 * Where to put a "missing property" finding: the key of the object's property, or for an array item its
 * `name` value, or else its opening brace. The whole object would underline half the file.
 */
function objectAnchor(root: Node, path: JSONPath): OffsetRange {
  const node = findNodeAtLocation(root, path) ?? root;
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  if (key) return { start: key.offset, end: key.offset + key.length };
  const name = node.type === 'object' ? findNodeAtLocation(node, ['name']) : undefined;
  if (name) return { start: name.offset, end: name.offset + name.length };
  return { start: node.offset, end: node.offset + 1 };
}

function pointerToPath(pointer: string): JSONPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function lastKey(path: JSONPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return '';
}

/** Drops the trailing property name (and an array index after it), so "regions/0" describes its VM group. */
function parentOf(path: JSONPath): JSONPath {
  let end = path.length;
  while (end > 0 && typeof path[end - 1] === 'number') end--;
  return path.slice(0, Math.max(end - 1, 0));
}

function valueAt(value: unknown, path: JSONPath): unknown {
  let v = value;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (isObject(v) && typeof seg === 'string') v = v[seg];
    else return undefined;
  }
  return v;
}

const ITEM_NAMES: Record<string, string> = {
  admins: 'admin',
  tenants: 'tenant',
  accessNodes: 'access node',
  vmGroups: 'VM group',
  restores: 'restore',
  replications: 'replication',
  conversions: 'conversion',
  permissions: 'permissions policy',
};

/** A readable name for the thing at `path`: "the hypervisor of tenant `finance`", "access node `an1` of admin `msp`". */
export function describe(path: JSONPath, value: unknown): string {
  if (path.length === 0) return 'the accounts file';
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const next = path[i + 1];
    if (typeof seg === 'string' && typeof next === 'number') {
      const item = valueAt(value, path.slice(0, i + 2));
      const name = isObject(item) && typeof item.name === 'string' && item.name ? `\`${item.name}\`` : `#${next + 1}`;
      parts.unshift(`${ITEM_NAMES[seg] ?? seg} ${name}`);
      i++;
    } else if (typeof seg === 'string') {
      parts.unshift(seg === 'hypervisor' ? 'the hypervisor' : seg === 'policies' ? 'the policies' : `\`${seg}\``);
    }
  }
  return parts.join(' of ');
}

function hintFor(prop: string): string {
  const hints: Record<string, string> = {
    accountId: ' with the 12-digit account id as a string',
    admin: ' with the `name` of an entry in `admins`',
    authentication: ' (`accessKey`, `iamRole` or `stsAssumeRole`)',
    roleArn: ': `stsAssumeRole` needs the ARN of the role to assume',
    hypervisor: " describing the account's hypervisor (name and authentication)",
    admins: ' (a list of admin accounts)',
    tenants: ' (a list of tenant accounts, possibly empty)',
  };
  return hints[prop] ?? '';
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the text \`${show(v)}\``;
  return `${typeof v === 'number' ? 'the number' : 'the value'} \`${String(v)}\``;
}

function article(type: string): string {
  const words: Record<string, string> = {
    string: 'a string',
    array: 'a list',
    object: 'an object',
    boolean: '`true` or `false`',
    number: 'a number',
    integer: 'a whole number',
  };
  return words[type] ?? type;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
