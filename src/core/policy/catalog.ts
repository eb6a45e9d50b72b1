// The IAM catalog (services, actions, resource types, condition keys), read lazily from the compact files scripts/build-iam-catalog.mjs writes.
import fs from 'node:fs';
import path from 'node:path';
import { wildcardMatch } from '../iam/wildcard';

export interface ResourceTypeRef {
  name: string;
  required: boolean;
  /** The ARN format, e.g. `arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}`. */
  arn?: string;
}

export interface ActionInfo {
  service: string;
  name: string;
  /** `service:Name` as AWS documents it. */
  id: string;
  accessLevel: string;
  description: string;
  resourceTypes: ResourceTypeRef[];
  conditionKeys: string[];
}

export interface ConditionKeyInfo {
  key: string;
  type: string;
  description: string;
  /** Set for global (`aws:`) keys: the category AWS files them under. */
  category?: string;
}

export interface ServiceInfo {
  prefix: string;
  name: string;
  actions: readonly ActionInfo[];
  resourceTypes: ReadonlyMap<string, string>;
  conditionKeys: readonly ConditionKeyInfo[];
}

export interface IamCatalog {
  readonly version: string;
  /** All service prefixes, sorted. */
  servicePrefixes(): readonly string[];
  hasService(prefix: string): boolean;
  serviceName(prefix: string): string | undefined;
  /** Loads the service's file on first use; undefined for an unknown prefix. */
  service(prefix: string): ServiceInfo | undefined;
  /** The action named exactly (case-insensitive), without wildcards. */
  action(service: string, name: string): ActionInfo | undefined;
  /** Actions of `service` matching an IAM wildcard name (`Describe*`, `Get?`); empty for an unknown service. */
  matchActions(service: string, pattern: string): ActionInfo[];
  globalKeys(): readonly ConditionKeyInfo[];
  /** A global key matching `key` (case-insensitive; `aws:ResourceTag/x` matches `aws:ResourceTag/${TagKey}`). */
  findGlobalKey(key: string): ConditionKeyInfo | undefined;
  /** A key of `service` matching `key`, with the same rules. */
  findServiceKey(service: string, key: string): ConditionKeyInfo | undefined;
}

type RawService = { n: string; a: [string, string, string, string[], string[]][]; r: Record<string, string>; k: Record<string, [string, string]> };
type RawIndex = { version: string; services: Record<string, string>; global: Record<string, [string, string]> };

/** Reads a catalog file by its path relative to the catalog directory; returns its parsed JSON. */
export type CatalogReader = (relativePath: string) => unknown;

interface KeyTable {
  exact: Map<string, ConditionKeyInfo>;
  /** Keys with `${Var}` parts, as case-insensitive patterns. */
  patterns: { re: RegExp; info: ConditionKeyInfo }[];
  /** Answers so far: policies repeat the same few keys. */
  cache: Map<string, ConditionKeyInfo | null>;
}

interface LoadedService extends ServiceInfo {
  byName: Map<string, ActionInfo>;
  keys: KeyTable;
}

/**
 * Opens the catalog in `dataDir` (the folder holding index.json and services/). Nothing is read until the first
 * question, and each service's file only when that service is first asked about.
 */
export function openIamCatalog(dataDir: string, reader?: CatalogReader): IamCatalog {
  const read: CatalogReader = reader ?? ((rel) => JSON.parse(fs.readFileSync(path.join(dataDir, rel), 'utf8')));
  let index: { raw: RawIndex; prefixes: string[]; byLower: Map<string, string>; global: KeyTable; globalList: ConditionKeyInfo[] } | undefined;
  const services = new Map<string, LoadedService | null>();
  const wildcardCache = new Map<string, ActionInfo[]>();

  const idx = () => {
    if (index) return index;
    let raw: RawIndex;
    try {
      raw = read('index.json') as RawIndex;
    } catch (err) {
      throw new Error(`The IAM catalog is missing from ${dataDir} (${err instanceof Error ? err.message : String(err)}). Rebuild with \`npm run build\`.`, {
        cause: err,
      });
    }
    const prefixes = Object.keys(raw.services).sort();
    const byLower = new Map(prefixes.map((p) => [p.toLowerCase(), p]));
    const globalList = Object.entries(raw.global).map(([key, [type, category]]) => ({ key, type, description: '', category }));
    index = { raw, prefixes, byLower, global: keyTable(globalList), globalList };
    return index;
  };

  const load = (prefix: string): LoadedService | undefined => {
    const canonical = idx().byLower.get(prefix.toLowerCase());
    if (!canonical) return undefined;
    const cached = services.get(canonical);
    if (cached !== undefined) return cached ?? undefined;
    let raw: RawService;
    try {
      raw = read(`services/${canonical}.json`) as RawService;
    } catch {
      services.set(canonical, null);
      return undefined;
    }
    const resourceTypes = new Map(Object.entries(raw.r));
    const actions: ActionInfo[] = raw.a.map(([name, accessLevel, description, rts, keys]) => ({
      service: canonical,
      name,
      id: `${canonical}:${name}`,
      accessLevel,
      description: description.startsWith('~') ? `Grants permission to ${description.slice(1)}` : description,
      resourceTypes: rts.map((r) => {
        const required = r.endsWith('*');
        const rname = required ? r.slice(0, -1) : r;
        return { name: rname, required, arn: resourceTypes.get(rname) };
      }),
      conditionKeys: keys,
    }));
    const keyList = Object.entries(raw.k).map(([key, [type, d]]) => ({
      key,
      type,
      description: d.startsWith('~') ? `Filters access by ${d.slice(1)}` : d,
    }));
    const svc: LoadedService = {
      prefix: canonical,
      name: raw.n,
      actions,
      resourceTypes,
      conditionKeys: keyList,
      byName: new Map(actions.map((a) => [a.name.toLowerCase(), a])),
      keys: keyTable(keyList),
    };
    services.set(canonical, svc);
    return svc;
  };

  return {
    get version() {
      return idx().raw.version;
    },
    servicePrefixes: () => idx().prefixes,
    hasService: (prefix) => idx().byLower.has(prefix.toLowerCase()),
    serviceName: (prefix) => {
      const p = idx().byLower.get(prefix.toLowerCase());
      return p ? idx().raw.services[p] : undefined;
    },
    service: load,
    action: (service, name) => load(service)?.byName.get(name.toLowerCase()),
    matchActions: (service, pattern) => {
      const svc = load(service);
      if (!svc) return [];
      const cacheKey = `${svc.prefix}:${pattern.toLowerCase()}`;
      let hit = wildcardCache.get(cacheKey);
      if (!hit) {
        const exact = svc.byName.get(pattern.toLowerCase());
        if (exact) hit = [exact];
        else {
          hit = svc.actions.filter((a) => wildcardMatch(pattern, a.name, true));
        }
        wildcardCache.set(cacheKey, hit);
      }
      return hit;
    },
    globalKeys: () => idx().globalList,
    findGlobalKey: (key) => findKey(idx().global, key),
    findServiceKey: (service, key) => {
      const svc = load(service);
      return svc ? findKey(svc.keys, key) : undefined;
    },
  };
}

function keyTable(list: ConditionKeyInfo[]): KeyTable {
  const exact = new Map<string, ConditionKeyInfo>();
  const patterns: KeyTable['patterns'] = [];
  for (const info of list) {
    if (info.key.includes('${')) {
      const parts = info.key.split(/\$\{[^}]*\}/);
      const src = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('.+');
      patterns.push({ re: new RegExp(`^${src}$`, 'is'), info });
    } else exact.set(info.key.toLowerCase(), info);
  }
  return { exact, patterns, cache: new Map() };
}

function findKey(table: KeyTable, key: string): ConditionKeyInfo | undefined {
  const cached = table.cache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let hit = table.exact.get(key.toLowerCase());
  if (!hit)
    for (const p of table.patterns)
      if (p.re.test(key)) {
        hit = p.info;
        break;
      }
  if (table.cache.size < 10_000) table.cache.set(key, hit ?? null);
  return hit;
}

/**
 * The catalog actions a list of `Action` strings names (wildcards expanded), or undefined when the list spans
 * every service (`*`, `*:Get*`) or names an action the catalog does not know: then nothing can be said per action.
 */
export function resolveActions(catalog: IamCatalog, values: readonly string[]): ActionInfo[] | undefined {
  const out: ActionInfo[] = [];
  for (const v of values) {
    const colon = v.indexOf(':');
    if (colon <= 0) return undefined;
    const service = v.slice(0, colon);
    const name = v.slice(colon + 1);
    if (/[*?]/.test(service)) return undefined;
    const matched = /[*?]/.test(name) ? catalog.matchActions(service, name) : [catalog.action(service, name)].filter((a): a is ActionInfo => !!a);
    if (matched.length === 0) return undefined;
    out.push(...matched);
  }
  return out.length ? out : undefined;
}
