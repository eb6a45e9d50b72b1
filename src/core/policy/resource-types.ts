// Which of a service's resource types a policy's resource ARN can name, read from the catalog's ARN formats.
//
// The Service Authorization Reference gives each resource type an ARN format such as
// `arn:${Partition}:s3:::${BucketName}/${ObjectName}`; a policy ARN (itself possibly with `*`, `?` and policy
// variables) names a type when some ARN fits both. Parts are compared one by one, as IAM compares ARNs.
import { splitArn } from '../iam/arn';
import { globsIntersect } from '../iam/wildcard';
import type { IamCatalog } from './catalog';

/** What a resource ARN names. */
export interface ResourceMatch {
  /** The catalog's service prefix. */
  service: string;
  /** Lowercase names of the resource types the ARN can name (empty: none). */
  types: ReadonlySet<string>;
  /**
   * When it names none but would with its region and/or account left empty (S3 bucket and object ARNs have
   * neither, IAM ARNs no region): the ARN so corrected, and what was dropped.
   */
  fix?: { arn: string; dropped: ('region' | 'account')[] };
}

interface Format {
  name: string;
  parts: string[];
}

const VARIABLE = /\$\{[^}]*\}/g;
/** ARN parts as globs: the format's `${Var}` and a policy's `${aws:username}` both stand for any text. */
const asGlob = (s: string) => (s.includes('${') ? s.replace(VARIABLE, '*') : s);

function partsOf(arn: string): string[] | undefined {
  const p = splitArn(arn);
  return p && [p.partition, p.service, p.region, p.account, p.resource].map(asGlob);
}

const matchers = new WeakMap<IamCatalog, ResourceMatcher>();

/** The matcher for a catalog (one per catalog: it caches compiled formats and answers). */
export function resourceMatcher(catalog: IamCatalog): ResourceMatcher {
  let m = matchers.get(catalog);
  if (!m) matchers.set(catalog, (m = new ResourceMatcher(catalog)));
  return m;
}

export class ResourceMatcher {
  private readonly formats = new Map<string, Format[]>();
  private readonly answers = new Map<string, ResourceMatch | null>();

  constructor(private readonly catalog: IamCatalog) {}

  /** The service's resource types (name and ARN format), for hovers and completions. */
  formatsOf(service: string): { name: string; arn: string }[] {
    const svc = this.catalog.service(service);
    return svc ? [...svc.resourceTypes].map(([name, arn]) => ({ name, arn })) : [];
  }

  /** What `arn` names; undefined for `*`, a malformed ARN, a wildcard or unknown service, or a service without resource types. */
  match(arn: string): ResourceMatch | undefined {
    const hit = this.answers.get(arn);
    if (hit !== undefined) return hit ?? undefined;
    const answer = this.compute(arn);
    // Policies repeat a few ARNs; the cap only guards a long-running extension host.
    if (this.answers.size < 10_000) this.answers.set(arn, answer ?? null);
    return answer;
  }

  private compute(arn: string): ResourceMatch | undefined {
    const parts = partsOf(arn);
    if (!parts || /[*?]/.test(parts[1]) || !this.catalog.hasService(parts[1])) return undefined;
    const service = this.catalog.service(parts[1])?.prefix;
    if (!service) return undefined;
    const formats = this.compiled(service);
    if (formats.length === 0) return undefined;
    const types = matching(formats, parts);
    if (types.size > 0 || (parts[2] === '' && parts[3] === '')) return { service, types };
    // Try the ARN without its region, without its account, then without both.
    const tries: ('region' | 'account')[][] = [];
    if (parts[2] !== '') tries.push(['region']);
    if (parts[3] !== '') tries.push(['account']);
    if (parts[2] !== '' && parts[3] !== '') tries.push(['region', 'account']);
    for (const dropped of tries) {
      const p = [...parts];
      if (dropped.includes('region')) p[2] = '';
      if (dropped.includes('account')) p[3] = '';
      if (matching(formats, p).size > 0) {
        const raw = splitArn(arn)!;
        const fixed = `arn:${raw.partition}:${raw.service}:${dropped.includes('region') ? '' : raw.region}:${dropped.includes('account') ? '' : raw.account}:${raw.resource}`;
        return { service, types, fix: { arn: fixed, dropped } };
      }
    }
    return { service, types };
  }

  private compiled(service: string): Format[] {
    let list = this.formats.get(service);
    if (!list) {
      list = [];
      for (const [name, arn] of this.catalog.service(service)?.resourceTypes ?? []) {
        const parts = arn ? partsOf(arn) : undefined;
        if (parts) list.push({ name: name.toLowerCase(), parts });
      }
      this.formats.set(service, list);
    }
    return list;
  }
}

function matching(formats: Format[], parts: string[]): Set<string> {
  const out = new Set<string>();
  for (const f of formats) {
    // The partition is checked by the ARN checks; the service part is the format's own.
    let ok = true;
    for (let i = 2; i < 5 && ok; i++) ok = globsIntersect(f.parts[i], parts[i]);
    if (ok) out.add(f.name);
  }
  return out;
}
